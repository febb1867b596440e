from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from cycles.enums import SanctionCause
from cycles.models import Tier

from .selectors import earlier_cycles, schemes_of


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
