"""Who may do what in the review rounds, and the dossier access a reviewer gets."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.enums import AuthorityPermission
from accounts.permissions import can_manage_authority
from applications.permissions import Access
from cycles.enums import StageStatus

from .enums import MemberStatus
from .models import Round, RoundEntry


def can_manage_pool(user, authority) -> bool:
    return can_manage_authority(user, authority)


def can_manage_round(user, round_) -> bool:
    return can_manage_authority(user, round_.cycle.scheme.authority)


def is_reviewer_of(user, authority) -> bool:
    return user.is_authenticated and user.has_perm(AuthorityPermission.REVIEW, authority)


def is_active_member(user, group) -> bool:
    return (
        user.is_authenticated
        and group is not None
        and group.members.filter(reviewer=user, status=MemberStatus.ACTIVE).exists()
    )


def is_leader(user, group) -> bool:
    return (
        user.is_authenticated
        and group is not None
        and group.members.filter(reviewer=user, status=MemberStatus.ACTIVE, is_leader=True).exists()
    )


def declared_entries(user):
    """Entries whose dossier ``user`` may read now: its active group, round in progress, no conflict declared."""
    if not user.is_authenticated:
        return RoundEntry.objects.none()
    return RoundEntry.objects.filter(
        group__members__reviewer=user,
        group__members__status=MemberStatus.ACTIVE,
        round__stage__status=StageStatus.CURRENT,
        declarations__reviewer=user,
        declarations__has_conflict=False,
    )


def reviewer_access(user, application) -> Access:
    """A reviewer reads the whole dossier, trade secrets included, of its own group's applications,
    while the round is open and after declaring no conflict of interest."""
    if not user.is_authenticated:
        return Access.NONE
    return Access.FULL if declared_entries(user).filter(application=application).exists() else Access.NONE


def get_member_entry(user, entry_id):
    """An entry of a group ``user`` is an active member of, in a round in progress; else 404."""
    entry = get_object_or_404(
        RoundEntry.objects.select_related(
            "round__stage",
            "round__cycle__scheme__authority",
            "group",
            "application__category",
            "application__organisation",
        ),
        pk=entry_id,
        group__members__reviewer=user,
        group__members__status=MemberStatus.ACTIVE,
    )
    if entry.round.stage.status != StageStatus.CURRENT:
        raise Http404
    return entry


def get_declared_entry(user, entry_id):
    """As ``get_member_entry``, and only after ``user`` declared no conflict for it; else 404."""
    entry = get_member_entry(user, entry_id)
    if not entry.declarations.filter(reviewer=user, has_conflict=False).exists():
        raise Http404
    return entry


def get_round_for_staff(user, round_id):
    round_ = get_object_or_404(Round.objects.select_related("stage", "cycle__scheme__authority"), pk=round_id)
    if not can_manage_round(user, round_):
        raise Http404
    return round_
