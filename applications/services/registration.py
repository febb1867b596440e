"""Registering an applicant account and its organisation; adding members to an organisation."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.services import audit_record

from ..models import Organisation
from ..validators import validate_credit_code
from .transitions import ApplicationError

ORGANISATION_FIELDS = (
    "name",
    "registered_on",
    "legal_person",
    "industry",
    "is_sme",
    "district",
    "address",
    "contact_name",
    "contact_phone",
    "contact_email",
)


def duplicate_code_message(organisation) -> str:
    return _(
        "The unified social credit code %(code)s is already registered (%(name)s). Ask one of its members "
        "to add you to the organisation instead of registering it again."
    ) % {"code": organisation.credit_code, "name": organisation.name}


def organisation_register(*, by, credit_code: str, **fields) -> Organisation:
    """Register an organisation with ``by`` as its first member. One registration per credit code."""
    try:
        code = validate_credit_code(credit_code)
    except ValidationError as error:
        raise ApplicationError(error.messages[0]) from None
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    with transaction.atomic():
        existing = Organisation.objects.filter(credit_code=code).first()
        if existing is not None:
            raise ApplicationError(duplicate_code_message(existing))
        try:
            with transaction.atomic():
                organisation = Organisation.objects.create(credit_code=code, **fields)
        except IntegrityError:  # a concurrent registration of the same code won
            raise ApplicationError(duplicate_code_message(Organisation.objects.get(credit_code=code))) from None
        organisation.members.add(by)
        audit_record(
            actor=by,
            action="organisation.registered",
            summary=_("Registered %(organisation)s (%(code)s)") % {"organisation": organisation.name, "code": code},
            target=organisation,
            authority=organisation.district.authority,
        )
    return organisation


def applicant_register(
    *, username: str, password: str, display_name: str, email: str, phone: str = "", organisation: dict | None
):
    """Create an applicant account and register its organisation, both or neither.

    ``organisation`` is None for an individual who applies alone or in a team (Jinzhong).
    """
    User = get_user_model()
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise ApplicationError(_("The user name %(username)s is taken.") % {"username": username})
        user = User(username=username, display_name=display_name, email=email, phone=phone, role=Role.APPLICANT)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ApplicationError(" ".join(error.messages)) from None
        user.set_password(password)
        user.save()
        if organisation is not None:
            organisation_register(by=user, **organisation)
        else:
            audit_record(actor=user, action="applicant.registered", summary=_("Registered as an individual applicant"))
    return user


def organisation_add_member(organisation: Organisation, *, by, username: str):
    """A member of ``organisation`` lets another applicant account act for it."""
    User = get_user_model()
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if not organisation.members.filter(pk=by.pk).exists():
            raise ApplicationError(_("Only a member of the organisation can add members."))
        user = User.objects.filter(username=username, role=Role.APPLICANT, is_active=True).first()
        if user is None:
            raise ApplicationError(_("There is no applicant account named %(username)s.") % {"username": username})
        if organisation.members.filter(pk=user.pk).exists():
            raise ApplicationError(_("%(user)s is already a member.") % {"user": user})
        organisation.members.add(user)
        audit_record(
            actor=by,
            action="organisation.member_added",
            summary=_("%(user)s may now act for %(organisation)s") % {"user": user, "organisation": organisation},
            target=organisation,
            authority=organisation.district.authority,
        )
    return user
