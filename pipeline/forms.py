from django import forms
from django.utils.translation import gettext_lazy as _


class AdvanceForm(forms.Form):
    """Ending a stage names the stage meant, so that a page opened before the cycle moved on
    cannot end the next one."""

    stage = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("I confirm: end this stage and begin the next"), required=True)
    confirm_undecided = forms.BooleanField(
        label=_("I confirm that these applications are left undecided"), required=False
    )
    reason = forms.CharField(
        label=_("Note for the audit trail"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
