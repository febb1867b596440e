from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import BallotChoice, ConsultationAnswer


class PublicScoresForm(forms.Form):
    """One score field per application in competition (社会公众评价)."""

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = applications
        for application in applications:
            self.fields[f"score_{application.pk}"] = forms.DecimalField(
                label=application.title,
                required=False,
                min_value=0,
                max_digits=7,
                decimal_places=2,
                initial=getattr(application, "public_score", None),
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def scores(self):
        return {
            application: self.cleaned_data[f"score_{application.pk}"]
            for application in self.applications
            if self.cleaned_data.get(f"score_{application.pk}") is not None
        }


class ProposalForm(forms.Form):
    """For each application in competition: the tier it is proposed for, or none."""

    feedback = forms.CharField(
        label=_("Feedback to the applications that do not go on"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, applications, tiers_of, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = applications
        for application in applications:
            self.fields[f"tier_{application.pk}"] = forms.TypedChoiceField(
                label=application.title,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("Not shortlisted"))] + list(tiers_of[application.pk]),
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def proposals(self):
        return {
            application.pk: self.cleaned_data[f"tier_{application.pk}"]
            for application in self.applications
            if self.cleaned_data.get(f"tier_{application.pk}")
        }


class VoteOpenForm(forms.Form):
    closes_on = forms.DateField(
        label=_("Members vote by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class BallotForm(forms.Form):
    """For, against or abstain on each candidate (the committee may vote for at most the places).

    In a vote for every tier (``tiers_of`` given), a vote in favour names the tier. A candidate the
    member declared an interest in is fixed at abstain."""

    def __init__(self, *args, candidates, tiers_of=None, withdrawn=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates, self.tiers_of, self.withdrawn = candidates, tiers_of, set(withdrawn)
        for application in candidates:
            if tiers_of is not None:
                choices = [(f"tier-{tier.pk}", tier.name) for tier in tiers_of[application.pk]] + [
                    (BallotChoice.AGAINST, BallotChoice.AGAINST.label),
                    (BallotChoice.ABSTAIN, BallotChoice.ABSTAIN.label),
                ]
            else:
                choices = BallotChoice.choices
            field = forms.ChoiceField(label=application.title, choices=choices, widget=forms.RadioSelect)
            if application.pk in self.withdrawn:
                field.disabled, field.required, field.initial = True, False, BallotChoice.ABSTAIN
                field.help_text = _("You declared an interest: your ballot on this candidate is an abstention.")
            self.fields[f"choice_{application.pk}"] = field
        self.helper = FormHelper()
        self.helper.form_tag = False

    def _raw(self, application):
        if application.pk in self.withdrawn:
            return BallotChoice.ABSTAIN
        return self.cleaned_data[f"choice_{application.pk}"]

    def choices(self):
        return {
            application.pk: BallotChoice.FOR if self._raw(application).startswith("tier-") else self._raw(application)
            for application in self.candidates
        }

    def tier_choices(self):
        """In a vote for every tier: the tier of each vote in favour."""
        return {
            application.pk: int(self._raw(application).removeprefix("tier-"))
            for application in self.candidates
            if self._raw(application).startswith("tier-")
        }


class WithdrawalForm(forms.Form):
    application = forms.TypedChoiceField(label=_("Candidate"), coerce=int)
    statement = forms.CharField(label=_("Your interest in the candidate"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [(c.pk, c.title) for c in candidates]
        self.helper = FormHelper()
        self.helper.form_tag = False


class TieForm(forms.Form):
    chosen = forms.TypedMultipleChoiceField(
        label=_("Candidates who take the remaining places"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, tied, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(line.application_id, line.application.title) for line in tied]
        self.helper = FormHelper()
        self.helper.form_tag = False


class VoteFailForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the vote failed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the audit trail. No ballot is counted; the tier may be voted on again."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Member unit"), max_length=100)


class OpinionForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Opinion"),
        choices=[(value, label) for value, label in ConsultationAnswer.choices if value != ConsultationAnswer.PENDING],
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ApprovalForm(forms.Form):
    issuing_body = forms.CharField(label=_("Issued by"), max_length=200)
    document_number = forms.CharField(label=_("Document number"), max_length=100)
    decided_on = forms.DateField(label=_("Date of the decision"), widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(label=_("The decision (PDF)"), required=False)

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for application in self.lines:
            self.fields[f"struck_{application.pk}"] = forms.CharField(
                label=_("Struck out: why (%(applicant)s)") % {"applicant": application.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    def struck(self) -> dict[int, str]:
        return {
            application.pk: self.cleaned_data[f"struck_{application.pk}"].strip()
            for application in self.lines
            if self.cleaned_data.get(f"struck_{application.pk}", "").strip()
        }


class CyclePrizeForm(forms.Form):
    amount = forms.DecimalField(label=_("Prize (yuan)"), min_value=0, max_digits=12, decimal_places=2)
