import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.enums import Role
from accounts.models import AuditEntry, User
from applications.errors import ApplicationError
from applications.models import Industry, Organisation
from applications.services import registration
from applications.validators import validate_credit_code
from tests.applications.dossier_support import make_organisation, valid_code
from tests.factories import UserFactory


@pytest.mark.parametrize(
    "code",
    ["91350100M000100Y43", "91421303MA0000001" + valid_code(1)[-1], "91350100m000100y43", " 91350100M000100Y43 "],
)
def test_credit_code_valid_examples_normalised(code):
    assert validate_credit_code(code) == "".join(code.split()).upper()


def test_credit_code_wrong_check_character_refused():
    with pytest.raises(ValidationError) as error:
        validate_credit_code("91350100M000100Y44")
    assert error.value.code == "check"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91350100M000100Y4", "length"),
        ("91350100M000100Y433", "length"),
        ("91350100M000100I43", "characters"),
        ("91350100O000100Y43", "characters"),
        ("9135010-M000100Y43", "characters"),
        ("91A50100M000100Y43", "region"),
    ],
)
def test_credit_code_wrong_length_or_characters_refused(code, reason):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert error.value.code == reason


def registration_data(district, **overrides):
    data = {
        "account-username": "bianzhong",
        "account-display_name": "张申报",
        "account-email": "zhang@example.org",
        "account-phone": "13800000000",
        "account-password1": "Qing-tong#7431z",
        "account-password2": "Qing-tong#7431z",
        "organisation-name": "随州编钟制造有限公司",
        "organisation-credit_code": "91350100m000100y43",
        "organisation-registered_on": "2012-05-01",
        "organisation-legal_person": "on",
        "organisation-industry": Industry.MANUFACTURING,
        "organisation-is_sme": "on",
        "organisation-district": str(district.pk),
        "organisation-address": "曾都区擂鼓墩大道1号",
        "organisation-contact_name": "张联系",
        "organisation-contact_phone": "0722-1234567",
        "organisation-contact_email": "contact@example.org",
    }
    data.update(overrides)
    return data


def test_registration_creates_account_and_organisation(client, district):
    response = client.post(reverse("applications:register"), registration_data(district))
    assert response.status_code == 302
    assert response.url == reverse("applications:my-applications")
    user = User.objects.get(username="bianzhong")
    assert user.role == Role.APPLICANT
    organisation = Organisation.objects.get()
    assert organisation.credit_code == "91350100M000100Y43"
    assert organisation.registered_on == datetime.date(2012, 5, 1)
    assert (organisation.legal_person, organisation.industry, organisation.is_sme) == (
        True,
        Industry.MANUFACTURING,
        True,
    )
    assert organisation.district == district
    assert list(organisation.members.all()) == [user]
    assert AuditEntry.objects.filter(action="organisation.registered", target_id=organisation.pk).count() == 1
    assert client.get(reverse("applications:my-applications")).status_code == 200  # logged in


def test_registration_wrong_check_character_refused(client, district):
    response = client.post(
        reverse("applications:register"),
        registration_data(district, **{"organisation-credit_code": "91350100M000100Y44"}),
    )
    assert response.status_code == 200
    assert "校验码" in response.content.decode() or "check character" in response.content.decode()
    assert not User.objects.filter(username="bianzhong").exists()
    assert Organisation.objects.count() == 0


def test_registration_weak_password_refused(client, district):
    data = registration_data(district, **{"account-password1": "123", "account-password2": "123"})
    response = client.post(reverse("applications:register"), data)
    assert response.status_code == 200
    assert not User.objects.filter(username="bianzhong").exists()


def test_registration_duplicate_code_refused_with_message(client, district, applicant):
    make_organisation(district, members=[applicant], number=0)
    existing = Organisation.objects.get()
    data = registration_data(district, **{"organisation-credit_code": existing.credit_code.lower()})
    response = client.post(reverse("applications:register"), data, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [registration.duplicate_code_message(existing)]
    assert Organisation.objects.count() == 1
    assert not User.objects.filter(username="bianzhong").exists()  # nothing half-created


def test_organisation_register_duplicate_code_service_refused(district, applicant):
    organisation = make_organisation(district, members=[applicant], number=5)
    other = UserFactory()
    with pytest.raises(ApplicationError) as error:
        registration.organisation_register(
            by=other,
            credit_code=organisation.credit_code,
            name="另一家",
            registered_on=datetime.date(2020, 1, 1),
            district=district,
        )
    assert str(error.value) == registration.duplicate_code_message(organisation)


def test_member_added_by_existing_member(client, district, applicant):
    organisation = make_organisation(district, members=[applicant])
    colleague = UserFactory(username="colleague")
    client.force_login(applicant)
    url = reverse("applications:organisation-detail", args=[organisation.pk])
    response = client.post(url, {"username": "colleague"})
    assert response.status_code == 302
    assert set(organisation.members.all()) == {applicant, colleague}


def test_member_add_by_non_member_gets_404(client, district, applicant):
    organisation = make_organisation(district, members=[applicant])
    stranger = UserFactory(username="stranger")
    client.force_login(stranger)
    url = reverse("applications:organisation-detail", args=[organisation.pk])
    assert client.post(url, {"username": "stranger"}).status_code == 404
    assert list(organisation.members.all()) == [applicant]


def test_member_add_service_refuses_non_member(district, applicant):
    organisation = make_organisation(district, members=[applicant])
    stranger = UserFactory(username="stranger")
    with pytest.raises(ApplicationError):
        registration.organisation_add_member(organisation, by=stranger, username="stranger")


def test_organisation_new_anonymous_redirected_to_login(client):
    response = client.get(reverse("applications:organisation-new"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_organisation_new_by_applicant_registers(client, applicant, district):
    client.force_login(applicant)
    data = {k.removeprefix("organisation-"): v for k, v in registration_data(district).items() if k.startswith("org")}
    response = client.post(reverse("applications:organisation-new"), data)
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert list(organisation.members.all()) == [applicant]


def test_organisation_new_by_staff_gets_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("applications:organisation-new")).status_code == 404


def test_register_individual_creates_account_without_organisation(client, db):
    data = {
        "account-username": "lizhiliang",
        "account-display_name": "李质量",
        "account-email": "li@example.org",
        "account-password1": "Qing-tong#7431z",
        "account-password2": "Qing-tong#7431z",
    }
    response = client.post(reverse("applications:register-individual"), data)
    assert response.status_code == 302
    user = User.objects.get(username="lizhiliang")
    assert user.role == Role.APPLICANT
    assert Organisation.objects.count() == 0
    assert AuditEntry.objects.filter(action="applicant.registered", actor=user).count() == 1


def test_register_individual_logged_in_redirected(client, applicant):
    client.force_login(applicant)
    response = client.get(reverse("applications:register-individual"))
    assert response.status_code == 302
    assert response.url == reverse("applications:my-applications")
