from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cycles.enums import RevocationGround

from .enums import ReassessmentOutcome, VisitOutcome

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
