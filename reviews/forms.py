from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Industry

from .enums import PERCENT_STEP, RelationKind
from .models import ReviewerProfile

PERCENT_CHOICES = [("", "—")] + [(str(p), f"{p}%") for p in range(0, 101, PERCENT_STEP)]


class ProfileForm(forms.ModelForm):
    industry_codes = forms.MultipleChoiceField(
        label=_("Industries it is an expert of"),
        choices=Industry.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Read by the draw where a group must include an expert of the applicant's industry."),
    )

    class Meta:
        model = ReviewerProfile
        fields = [
            "field",
            "industries",
            "industry_codes",
            "employer_name",
            "employer_credit_code",
            "title",
            "qualifications",
        ]
        widgets = {"qualifications": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("save", _("Save"), css_class="btn-lg"))

    def clean_employer_credit_code(self):
        code = self.cleaned_data["employer_credit_code"].strip().upper()
        if code and len(code) != 18:
            raise forms.ValidationError(_("A unified social credit code has 18 characters."))
        return code


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=18, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("declare", _("Declare the relation")))

    def clean(self):
        data = super().clean()
        if not data.get("organisation_name", "").strip() and not data.get("credit_code", "").strip():
            raise forms.ValidationError(_("Name the organisation or give its unified social credit code."))
        return data


class DrawForm(forms.Form):
    entries = forms.ModelMultipleChoiceField(
        label=_("Applications"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    size = forms.IntegerField(label=_("Group size"))

    def __init__(self, *args, entries, low, high, rule="", shown=None, **kwargs):
        """``entries``: the free entries a batch may hold; ``shown``: those offered on the page
        (the free entries of the ranking's page shown), all of them when None."""
        super().__init__(*args, **kwargs)
        self.fields["entries"].queryset = entries
        self.fields["entries"].label_from_instance = lambda entry: entry.application.title
        if shown is not None:
            self.fields["entries"].widget.choices = [(entry.pk, entry.application.title) for entry in shown]
        self.fields["size"].min_value, self.fields["size"].max_value = low, high
        self.fields["size"].validators = []
        self.fields["size"].widget.attrs.update({"min": low, **({"max": high} if high is not None else {})})
        self.fields["size"].initial = low
        self.low, self.high, self.rule = low, high, rule
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("draw", _("Draw the group"), css_class="btn-lg"))

    def clean_size(self):
        size = self.cleaned_data["size"]
        if size < self.low or (self.high is not None and size > self.high):
            raise forms.ValidationError(self.rule)
        return size


class DrawAllForm(forms.Form):
    """A review group for each application of the round without one."""

    size = forms.IntegerField(label=_("Group size"))

    def __init__(self, *args, low, high, rule="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["size"].widget.attrs.update({"min": low, **({"max": high} if high is not None else {})})
        self.fields["size"].initial = low
        self.low, self.high, self.rule = low, high, rule
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("draw-all", _("Draw a group for each")))

    def clean_size(self):
        size = self.cleaned_data["size"]
        if size < self.low or (self.high is not None and size > self.high):
            raise forms.ValidationError(self.rule)
        return size


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"),
        choices=[
            ("no", _("I have no conflict of interest with this applicant")),
            ("yes", _("I have a conflict of interest")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    statement = forms.CharField(
        label=_("If you have a conflict, say what it is"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("declare", _("Declare"), css_class="btn-lg"))

    def clean(self):
        data = super().clean()
        if data.get("has_conflict") and not data.get("statement", "").strip():
            self.add_error("statement", _("Say what the conflict is."))
        return data


class ScoreSheetForm(forms.Form):
    """One percent choice, strengths and opportunities per rubric item; rendered item by item."""

    def __init__(self, *args, items, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            score = scores.get(item.pk)
            self.fields[f"percent_{item.pk}"] = forms.ChoiceField(
                label=_("Score"),
                choices=PERCENT_CHOICES,
                required=False,
                initial="" if score is None or score.percent is None else str(score.percent),
            )
            self.fields[f"strengths_{item.pk}"] = forms.CharField(
                label=_("Strengths"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.strengths if score else "",
            )
            self.fields[f"improvements_{item.pk}"] = forms.CharField(
                label=_("Opportunities for improvement"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.improvements if score else "",
            )

    def rows(self):
        return [
            (item, self[f"percent_{item.pk}"], self[f"strengths_{item.pk}"], self[f"improvements_{item.pk}"])
            for item in self.items
        ]

    def points_shown(self) -> dict:
        """Per item, the points of the percentage the page shows (submitted or stored), from which the
        running total starts; ``None`` where no percentage is chosen or the value is not one."""
        shown = {}
        for item in self.items:
            value = str(self[f"percent_{item.pk}"].value() or "")
            shown[item.pk] = Decimal(item.points) * int(value) / 100 if value.isdigit() else None
        return shown

    def scores(self):
        return {
            item.pk: {
                "percent": int(self.cleaned_data[f"percent_{item.pk}"])
                if self.cleaned_data[f"percent_{item.pk}"] != ""
                else None,
                "strengths": self.cleaned_data[f"strengths_{item.pk}"],
                "improvements": self.cleaned_data[f"improvements_{item.pk}"],
            }
            for item in self.items
        }


class ConsensusForm(forms.Form):
    def __init__(self, *args, items, initial_percents, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            value = initial_percents.get(item.pk)
            self.fields[f"percent_{item.pk}"] = forms.ChoiceField(
                label=f"{item.number} {item.title}",
                choices=PERCENT_CHOICES,
                initial="" if value is None else str(value),
            )

    def field_for(self, item):
        return self[f"percent_{item.pk}"]

    def percents(self):
        return {item.pk: int(self.cleaned_data[f"percent_{item.pk}"]) for item in self.items}


class ReportForm(forms.Form):
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 8}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class DecisionForm(forms.Form):
    advance = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Goes on")), ("no", _("Does not go on"))],
        coerce=lambda value: value == "yes",
    )
    feedback = forms.CharField(
        label=_("Feedback to the applicant"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MarginForm(forms.Form):
    margin = forms.IntegerField(label=_("Consensus margin (percentage points)"), min_value=0, max_value=100)


class ConfirmForm(forms.Form):
    comment = forms.CharField(label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
