"""Who may read an application, and whether its trade-secret parts (Lanzhou 第十一条) are shown.

This app decides for the parties it knows: the applicant, the office's staff and supervisors,
the department of the jurisdiction. Reviewers and committee members are granted by their own
apps; ``pipeline.access.dossier_access`` takes the highest of all.
"""

import enum

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.permissions import can_manage_authority, can_read_authority, departments_for

from .enums import ApplicationStatus
from .models import Application


class Access(enum.IntEnum):
    NONE = 0
    WITHOUT_SECRETS = 1  # the dossier less the parts marked as trade secrets
    FULL = 2  # including trade secrets: staff and reviewers only


def is_owner(user, application) -> bool:
    return user.is_authenticated and (
        application.owner_id == user.pk
        or (application.organisation_id is not None and application.organisation.members.filter(pk=user.pk).exists())
    )


def is_submitted(application) -> bool:
    """Whether the applicant has submitted the application: until then (a draft, or one withdrawn while
    still a draft) the dossier and its evidence are the applicant's alone."""
    return application.status != ApplicationStatus.DRAFT and application.submitted_at is not None


def application_access(user, application) -> Access:
    if not user.is_authenticated:
        return Access.NONE
    authority = application.cycle.scheme.authority
    if can_manage_authority(user, authority):
        return Access.FULL
    if is_owner(user, application):
        return Access.FULL  # the applicant's own secrets are its own
    levels = [Access.NONE]
    if can_read_authority(user, authority):  # supervisors read everything but secrets
        levels.append(Access.WITHOUT_SECRETS)
    if is_submitted(application) and departments_for(user).filter(districts=application.district_id).exists():
        levels.append(Access.WITHOUT_SECRETS)
    return max(levels)


def get_application_for_user(user, pk, *, need=Access.WITHOUT_SECRETS, access_of=None):
    """The application ``pk`` with the user's access level; 404 when the user may not read it.

    ``access_of`` decides the level (default: ``application_access``, the parties this app knows).
    """
    application = get_object_or_404(
        Application.objects.select_related("cycle__scheme__authority", "category", "organisation", "district"), pk=pk
    )
    access = (access_of or application_access)(user, application)
    if access < need:
        raise Http404
    return application, access


def get_own_application(user, pk):
    """The application ``pk`` if ``user`` is its applicant (owner or organisation member); 404 otherwise."""
    application, access = get_application_for_user(user, pk, need=Access.FULL)
    if not is_owner(user, application):
        raise Http404
    return application


# Departments see the applications of their jurisdiction once submitted to them.
DEPARTMENT_VISIBLE = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.RETURNED,
    ApplicationStatus.RECOMMENDED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.REFUSED,
    ApplicationStatus.WITHDRAWN,
]


def jurisdiction_applications(user):
    """Applications in the districts of the user's departments, for the cycles of each department's authority."""
    scope = Q(pk__in=[])
    for department in departments_for(user).prefetch_related("districts"):
        scope |= Q(cycle__scheme__authority_id=department.authority_id, district__in=department.districts.all())
    # submitted_at: an application withdrawn while still a draft was never submitted to the department.
    return Application.objects.filter(scope, status__in=DEPARTMENT_VISIBLE, submitted_at__isnull=False)


def get_application_for_department(user, pk) -> Application:
    """The application if it lies in one of the user's departments' jurisdiction; else 404."""
    return get_object_or_404(
        jurisdiction_applications(user).select_related(
            "cycle__scheme__authority", "category", "district", "organisation"
        ),
        pk=pk,
    )


def get_application_for_correction(user, pk) -> Application:
    """An application for whoever may set its correction deadline: the department of its
    jurisdiction, or its authority's staff; else 404."""
    application = get_object_or_404(Application.objects.select_related("cycle__scheme__authority", "district"), pk=pk)
    if not (
        can_manage_authority(user, application.cycle.scheme.authority)
        or jurisdiction_applications(user).filter(pk=pk).exists()
    ):
        raise Http404
    return application


def get_application_for_office(user, pk, *, manage=False):
    """An application for the office: its staff (who act) or, reading, its supervisors. Returns the
    application and whether the user may act on it; 404 otherwise."""
    application = get_object_or_404(
        Application.objects.select_related("cycle__scheme__authority", "category", "district", "organisation"), pk=pk
    )
    authority = application.cycle.scheme.authority
    can_manage = can_manage_authority(user, authority)
    if not (can_manage or (not manage and can_read_authority(user, authority))):
        raise Http404
    return application, can_manage


def get_application_for_owner_or_office(user, pk):
    """An application for its applicant, or for the staff and supervisors of its authority; else 404."""
    application = get_object_or_404(Application.objects.select_related("cycle__scheme__authority"), pk=pk)
    if not (is_owner(user, application) or can_read_authority(user, application.cycle.scheme.authority)):
        raise Http404
    return application
