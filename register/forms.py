"""Forms of the register: the office's actions on an award, verification, and entries of earlier years."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cycles.enums import RevocationGround, SanctionCause
from cycles.models import Tier

from .enums import ReassessmentOutcome, VisitOutcome
from .selectors import earlier_cycles, schemes_of

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Certificate number"), max_length=20)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), initial=timezone.localdate, **DATE)
    voucher = forms.CharField(label=_("Voucher number"), max_length=100)


class RevocationForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=RevocationGround.choices)
    reason = forms.CharField(label=_("Facts found"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label=_("Date of the decision"), initial=timezone.localdate, **DATE)
    reference = forms.CharField(label=_("Approval of the revocation"), max_length=100)


class ReassessmentOpenForm(forms.Form):
    opened_on = forms.DateField(label=_("Opened on"), initial=timezone.localdate, **DATE)


class ReassessmentDecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in ReassessmentOutcome.choices if c[0] != ReassessmentOutcome.PENDING]
    )
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label=_("Decided on"), initial=timezone.localdate, **DATE)
    rectify_by = forms.DateField(label=_("To rectify by"), required=False, **DATE)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), initial=timezone.localdate, **DATE)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    rectify_by = forms.DateField(label=_("To rectify by"), required=False, **DATE)


class VisitCloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in VisitOutcome.choices if c[0] != VisitOutcome.OPEN]
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    on = forms.DateField(label=_("On"), initial=timezone.localdate, **DATE)


def _helper(label):
    helper = FormHelper()
    helper.form_tag = False
    helper.add_input(Submit("submit", label))
    return helper


class EarlierCycleForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Cycle"), max_length=50, help_text=_("e.g. 第三届"))
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes_of(authority)
        self.helper = _helper(_("Record the cycle"))


class AwardRecordForm(forms.Form):
    tier = forms.ModelChoiceField(label=_("Scheme and tier"), queryset=None, empty_label=None)
    earlier_cycle = forms.ModelChoiceField(label=_("Cycle before the platform"), queryset=None, required=False)
    holder_name = forms.CharField(label=_("Winner"), max_length=200)
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=18, required=False)
    person_id_number = forms.CharField(label=_("Identity document number"), max_length=30, required=False)
    awarded_on = forms.DateField(label=_("Awarded on"), widget=forms.DateInput(attrs={"type": "date"}))
    prize_amount = forms.DecimalField(label=_("Prize (yuan)"), max_digits=12, decimal_places=2, required=False)
    decision_body = forms.CharField(label=_("Approved by"), max_length=200, required=False)
    decision_reference = forms.CharField(label=_("Approval document number"), max_length=100, required=False)

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = (
            Tier.objects.filter(scheme__in=schemes_of(authority))
            .select_related("scheme")
            .order_by("scheme__name", "rank")
        )
        self.fields["tier"].label_from_instance = lambda tier: f"{tier.scheme.name} · {tier.name}"
        self.fields["earlier_cycle"].queryset = earlier_cycles(authority)
        self.helper = _helper(_("Record the award"))


class SanctionRecordForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=None, empty_label=None)
    cause = forms.ChoiceField(label=_("Cause"), choices=SanctionCause.choices)
    earlier_cycle = forms.ModelChoiceField(label=_("Cycle before the platform"), queryset=None, required=False)
    holder_name = forms.CharField(label=_("Sanctioned"), max_length=200)
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=18, required=False)
    person_id_number = forms.CharField(label=_("Identity document number"), max_length=30, required=False)
    decided_on = forms.DateField(label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    article = forms.CharField(label=_("Article"), max_length=100, required=False)

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes_of(authority)
        self.fields["earlier_cycle"].queryset = earlier_cycles(authority)
        self.helper = _helper(_("Record the sanction"))


class RegisterImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Import"))
