from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .enums import FINDINGS, ObjectionStatus, ObjectorKind
from .errors import PublicityError
from .services.objections import check_evidence_file


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf,image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _checked(uploaded):
    if uploaded:
        try:
            check_evidence_file(uploaded)
        except PublicityError as error:
            raise forms.ValidationError(str(error)) from None
    return uploaded


class NoticePrepareForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text of the notice"), widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", submit_label or _("Prepare the notice")))


class ObjectorForm(forms.Form):
    """Who objects and why, with the files: the same for an objection on a notice and outside one."""

    FILE_FIELDS = ("identity_document", "sealed_letter", "evidence")

    kind = forms.ChoiceField(label=_("You object as"), choices=ObjectorKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name (of the person or the unit)"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Postal address"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail (to receive the answer)"), required=False)
    id_number = forms.CharField(label=_("Identity document number (individuals)"), max_length=40, required=False)
    identity_document = forms.FileField(
        label=_("Copy of the identity document (individuals; PDF or image)"), required=False
    )
    sealed_letter = forms.FileField(
        label=_("Objection letter bearing the unit's seal (units; PDF or image)"), required=False
    )
    content = forms.CharField(label=_("Your objection and its grounds"), widget=forms.Textarea(attrs={"rows": 6}))
    evidence = MultipleFileField(label=_("Evidence (PDF or images)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = ObjectorKind.INDIVIDUAL
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_identity_document(self):
        return _checked(self.cleaned_data.get("identity_document"))

    def clean_sealed_letter(self):
        return _checked(self.cleaned_data.get("sealed_letter"))

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence") or []
        if len(evidence) > settings.OBJECTION_MAX_FILES:
            raise forms.ValidationError(
                _("Attach at most %(count)s evidence files; you chose %(chosen)s.")
                % {"count": settings.OBJECTION_MAX_FILES, "chosen": len(evidence)}
            )
        return [_checked(uploaded) for uploaded in evidence]

    def clean(self):
        cleaned = super().clean()
        files = [cleaned.get("identity_document"), cleaned.get("sealed_letter"), *(cleaned.get("evidence") or [])]
        total = sum(uploaded.size for uploaded in files if uploaded)
        if total > settings.OBJECTION_MAX_TOTAL_SIZE:
            self.add_error(
                None,
                _("The attached files total %(total)s; together they may be at most %(max)s.")
                % {"total": filesizeformat(total), "max": filesizeformat(settings.OBJECTION_MAX_TOTAL_SIZE)},
            )
        return cleaned

    def objector(self) -> dict:
        data = self.cleaned_data
        keys = ("kind", "content", "name", "phone", "address", "email", "id_number")
        return {
            **{key: data[key] for key in keys},
            "identity_document": data["identity_document"],
            "sealed_letter": data["sealed_letter"],
            "evidence": data["evidence"],
        }


class ObjectionForm(ObjectorForm):
    entry = forms.ModelChoiceField(label=_("Applicant you object to"), queryset=None, empty_label=None)
    field_order = ["entry"]

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = notice.entries.filter(removed=False).order_by("order", "id")
        self.fields["entry"].label_from_instance = lambda entry: f"{entry.display_name}（{entry.district}）"


class AnyTimeObjectionForm(ObjectorForm):
    """随州 第三十条, 兰州 第二十八条: an objection to acceptance or review work, at any time of the cycle."""

    subject = forms.CharField(
        label=_("What you object to"),
        max_length=300,
        help_text=_("e.g. the eligibility review of an applicant, the composition of a review group"),
    )
    application = forms.ModelChoiceField(
        label=_("The applicant it concerns, if any"), queryset=None, required=False, empty_label=_("none in particular")
    )
    field_order = ["subject", "application"]

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda application: application.title


class ObjectionReportForm(forms.Form):
    text = forms.CharField(label=_("Investigation report"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Record the report")))


class ObjectionOpinionForm(forms.Form):
    text = forms.CharField(label=_("Your written opinion"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Give my opinion")))


class ObjectionConfirmForm(forms.Form):
    agrees = forms.TypedChoiceField(
        label=_("The written result"),
        choices=[("1", _("I confirm that I have received the result")), ("0", _("I do not agree with the result"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Send my reply")))


class ObjectionStatusForm(forms.Form):
    reference = forms.CharField(label=_("Reference number"), max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("submit", _("Look up")))

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()


class ObjectionNoteForm(forms.Form):
    text = forms.CharField(label=_("Investigation note"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Add the note"), css_class="btn-secondary"))


class ObjectionDecideForm(forms.Form):
    finding = forms.ChoiceField(
        label=_("Finding"),
        choices=[(value, ObjectionStatus(value).label) for value in FINDINGS],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Written answer to the objector"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown on the objector's status page and e-mailed when an address was given."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Record the finding and answer")))
