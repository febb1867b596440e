import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Cycle


class CycleOpenForm(forms.ModelForm):
    confirm_early = forms.BooleanField(
        label=_("I confirm opening this cycle sooner than the scheme's interval"), required=False
    )

    class Meta:
        model = Cycle
        fields = ["name", "year", "call_text", "submission_deadline"]
        widgets = {
            "submission_deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "call_text": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_deadline"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)
            deadline = timezone.localtime() + datetime.timedelta(days=60)
            self.initial.setdefault("submission_deadline", deadline.replace(hour=17, minute=0, second=0, microsecond=0))
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Open the cycle")))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DifferencesForm(forms.Form):
    """Tick the differences to take over (a running cycle's, or a shipped rulebook's)."""

    keys = forms.MultipleChoiceField(label=_("Changes"), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, differences, preselect=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keys"].choices = [(d.key, d.label) for d in differences]
        if preselect and not self.is_bound:
            self.initial["keys"] = [d.key for d in differences]


class RulesApplyForm(DifferencesForm):
    reason = forms.CharField(
        label=_("Why the running cycle takes this change"), widget=forms.Textarea(attrs={"rows": 2})
    )


class RubricImportForm(forms.Form):
    authority = forms.ModelChoiceField(label=_("Authority"), queryset=None, empty_label=None)
    code = forms.SlugField(label=_("Code"), max_length=50, help_text=_("e.g. jinzhong-db14t1464"))
    name = forms.CharField(label=_("Name"), max_length=200)
    standard = forms.CharField(label=_("Standard"), max_length=100, help_text=_("e.g. DB14/T 1464-2017"))
    file = forms.FileField(label=_("Spreadsheet (.xlsx)"))

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Import the rubric")))
