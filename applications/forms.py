"""Forms of the applicant's side: registration, organisation, application form, team, evidence, withdrawal."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import District

from .models import Organisation, TeamMember
from .selectors import INDICATOR_KEYS, REQUIRED_INDICATORS, declaration_conditions, indicator_labels, indicator_years
from .validators import validate_credit_code


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


class DistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, district):
        return f"{district.authority.region} · {district.name}"


class OrganisationForm(forms.ModelForm):
    district = DistrictChoiceField(
        label=_("County or district"),
        queryset=District.objects.select_related("authority").order_by("authority__name", "name"),
        help_text=_("Where the organisation is registered; this decides its recommending department."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "credit_code",
            "registered_on",
            "legal_person",
            "industry",
            "is_sme",
            "district",
            "address",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        widgets = {"registered_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"credit_code": _("18 characters, GB 32100-2015; the last one is a check character.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        for name in ("address", "contact_name", "contact_phone"):
            self.fields[name].required = True

    def clean_credit_code(self):
        return validate_credit_code(self.cleaned_data["credit_code"])

    def validate_unique(self):
        """The duplicate code is refused by the service, with a message saying how to join instead."""


class AccountForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    display_name = forms.CharField(label=_("Your name"), max_length=50)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError(gettext("This user name is taken."))
        return username

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", gettext("The two passwords differ."))
        elif data.get("password1"):
            user = get_user_model()(username=data.get("username", ""), email=data.get("email", ""))
            try:
                validate_password(data["password1"], user)
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class MemberAddForm(forms.Form):
    username = forms.CharField(label=_("User name of the applicant account to add"), max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ApplicationFormForm(forms.Form):
    """The application form (申报表); its indicator and declaration fields come from the cycle and scheme."""

    legal_representative = forms.CharField(label=_("Legal representative"), max_length=50, required=False)
    employees = forms.IntegerField(label=_("Employees"), min_value=0, required=False)
    main_business = forms.CharField(
        label=_("Main products or services"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    profile = forms.CharField(
        label=_("Profile of the applicant"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    certifications = forms.CharField(
        label=_("Certifications"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Management-system and product certifications, one a line."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.application = application
        self.years = indicator_years(application.cycle) if application.organisation_id else []
        if not application.organisation_id:
            del self.fields["legal_representative"], self.fields["employees"]
        labels = indicator_labels()
        self.indicator_fields = []
        for year in self.years:
            row = []
            for key in INDICATOR_KEYS:
                name = f"indicator_{year}_{key}"
                self.fields[name] = forms.DecimalField(
                    label=f"{year} {labels[key]}", max_digits=14, decimal_places=2, required=False
                )
                row.append(name)
            self.indicator_fields.append((year, row))
        self.conditions = declaration_conditions(application)
        for condition in self.conditions:
            self.fields[f"declaration_{condition.pk}"] = forms.BooleanField(
                label=f"{condition.text}（{condition.article}）" if condition.article else condition.text,
                required=False,
            )

    @classmethod
    def initial_from(cls, form) -> dict:
        initial = {
            name: getattr(form, name)
            for name in ("legal_representative", "employees", "main_business", "profile", "certifications")
        }
        for year, values in form.indicators.items():
            for key, value in values.items():
                initial[f"indicator_{year}_{key}"] = value
        for pk, value in form.declarations.items():
            initial[f"declaration_{pk}"] = value
        return initial

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ("main_business", "profile", "certifications")}
        if self.application.organisation_id:
            data["legal_representative"] = self.cleaned_data["legal_representative"]
            data["employees"] = self.cleaned_data["employees"]
            data["indicators"] = {
                str(year): {
                    key: self.cleaned_data[f"indicator_{year}_{key}"]
                    for key in INDICATOR_KEYS
                    if self.cleaned_data.get(f"indicator_{year}_{key}") is not None
                }
                for year in self.years
            }
        data["declarations"] = {str(c.pk): self.cleaned_data[f"declaration_{c.pk}"] for c in self.conditions}
        return data

    required_indicators = REQUIRED_INDICATORS


class TeamMemberForm(forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["name", "id_number", "years_in_quality_work", "employer", "title"]


class BaseTeamFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if not any(f.cleaned_data and not f.cleaned_data.get("DELETE") for f in self.forms):
            raise ValidationError(gettext("Name at least one individual."))


def team_formset(application, data=None):
    limit = application.category.max_team_size
    formset_class = forms.formset_factory(
        TeamMemberForm,
        formset=BaseTeamFormSet,
        extra=0,
        max_num=limit,
        validate_max=True,
        absolute_max=limit,
        can_delete=True,
    )
    initial = [{f: getattr(m, f) for f in TeamMemberForm.Meta.fields} for m in application.team_members.all()] or [{}]
    formset = formset_class(data=data, initial=initial, prefix="team")
    if len(initial) < limit:
        formset.extra = limit - len(initial) if data is None else 0
    return formset


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, PNG or JPEG image, Word or Excel."))
    item = forms.TypedChoiceField(label=_("Rubric item"), coerce=int, required=False, empty_value=None)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    is_trade_secret = forms.BooleanField(label=_("Trade secret"), required=False)

    def __init__(self, *args, items, confidentiality_article="", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["item"].choices = [("", gettext("(not tied to an item)"))] + [
            (item.pk, str(item)) for item in items
        ]
        if confidentiality_article:
            self.fields["is_trade_secret"].help_text = _(
                "Shown only to the office and its reviewers (%(article)s)."
            ) % {"article": confidentiality_article}


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why do you withdraw?"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class DisqualifyForm(forms.Form):
    reason = forms.CharField(
        label=_("Fraud found and its evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant is told, and the holder is barred for the period the scheme gives for fraud."),
    )
    confirm = forms.BooleanField(label=_("I confirm: the application leaves the cycle and cannot come back"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
