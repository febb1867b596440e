"""Who may read an application, and whether its trade-secret parts (Lanzhou 第十一条) are shown.

Other apps grant access through ``register_reader``: a function ``(user, application) -> Access``
(reviews: a reviewer of the application's group after declaring no conflict; awards: committee
members during a vote). Each returns ``Access.NONE`` when it has nothing to grant.
"""

import enum

from accounts.permissions import can_manage_authority, can_read_authority, departments_for

from .enums import ApplicationStatus


class Access(enum.IntEnum):
    NONE = 0
    WITHOUT_SECRETS = 1  # the dossier less the parts marked as trade secrets
    FULL = 2  # including trade secrets: staff and reviewers only


_readers = []


def register_reader(reader):
    if reader not in _readers:
        _readers.append(reader)
    return reader


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
    levels.extend(reader(user, application) for reader in _readers)
    return max(levels)
