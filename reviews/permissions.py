"""Who may do what in the review rounds, and the dossier access a reviewer gets."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.enums import AuthorityPermission
from accounts.models import Authority
from accounts.permissions import can_manage_authority, can_read_authority
from applications.permissions import Access, is_owner
from cycles.enums import StageStatus

from .enums import MemberStatus
from .models import ReviewerProfile, ReviewGroup, Round, RoundEntry, ScoreSheet


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


def leads_declared(user, entry) -> bool:
    """``user`` leads the entry's group while its round runs and has declared no conflict with the
    application: only then does it see the other members' scores (consensus page, exports, sheets)."""
    return (
        is_leader(user, entry.group)
        and entry.round.stage.status == StageStatus.CURRENT
        and entry.declarations.filter(reviewer=user, has_conflict=False).exists()
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
    round_, _can_manage = get_round_for_user(user, round_id, manage=True)
    return round_


# Fetch and authorise in one call: the object and what the user may do with it, or 404 -----------


def get_pool_for_user(user, authority_id, *, manage=False):
    """The authority whose expert pool ``user`` keeps (staff) or reads (supervisors), and whether
    it may change it; 404 otherwise, and for a change without the right."""
    authority = get_object_or_404(Authority, pk=authority_id)
    can_manage = can_manage_pool(user, authority)
    if not (can_manage or can_read_authority(user, authority)) or (manage and not can_manage):
        raise Http404
    return authority, can_manage


def get_profile_for_user(user, profile_id, *, manage=False):
    """A pool profile for its reviewer or the pool's staff (``manage``: staff only); else 404."""
    profile = get_object_or_404(ReviewerProfile.objects.select_related("user", "authority"), pk=profile_id)
    staff = can_manage_pool(user, profile.authority)
    if not (staff or (profile.user_id == user.pk and not manage)):
        raise Http404
    return profile


def get_round_for_user(user, round_id, *, manage=False):
    """A round for the staff of its authority, or (reading) its supervisors; else 404."""
    round_ = get_object_or_404(Round.objects.select_related("stage", "cycle__scheme__authority"), pk=round_id)
    can_manage = can_manage_round(user, round_)
    if not (can_manage or (not manage and can_read_authority(user, round_.cycle.scheme.authority))):
        raise Http404
    return round_, can_manage


def get_entry_for_staff(user, entry_id):
    entry = get_object_or_404(RoundEntry.objects.select_related("round__cycle__scheme__authority"), pk=entry_id)
    if not can_manage_round(user, entry.round):
        raise Http404
    return entry


def get_group_for_user(user, group_id):
    """A group for staff, supervisors, and its active members (a member withdrawn for a conflict
    no longer opens it). Returns the group, whether the user is staff, and whether a supervisor."""
    group = get_object_or_404(
        ReviewGroup.objects.select_related("round__stage", "round__cycle__scheme__authority"), pk=group_id
    )
    staff = can_manage_round(user, group.round)
    supervisor = not staff and can_read_authority(user, group.round.cycle.scheme.authority)
    if not (staff or supervisor or is_active_member(user, group)):
        raise Http404
    return group, staff, supervisor


def get_consensus_entry(user, entry_id, *, lead=False):
    """An entry for the staff of its authority, or for its group's leader while the round runs and
    only after the leader declared no conflict with it (the others' scores are behind that
    declaration too). With ``lead``, the leader only. Returns the entry and whether staff."""
    entry = get_object_or_404(
        RoundEntry.objects.select_related(
            "round__stage", "round__cycle__scheme__authority", "group", "application__category"
        ),
        pk=entry_id,
    )
    staff = can_manage_round(user, entry.round)
    leads = leads_declared(user, entry)
    if not leads and (lead or not staff):
        raise Http404
    return entry, staff


def get_sheet_for_leader(user, sheet_id):
    """A member's score sheet for the group's leader, under the rule of ``leads_declared``; else 404."""
    sheet = get_object_or_404(ScoreSheet.objects.select_related("entry__group", "entry__round__stage"), pk=sheet_id)
    if not leads_declared(user, sheet.entry):
        raise Http404
    return sheet


def get_report_entry_for_applicant(user, entry_id):
    """An entry whose report the applicant confirms (Qingyuan 四（三）), for its applicant only."""
    entry = get_object_or_404(
        RoundEntry.objects.select_related("round__stage", "round__cycle__scheme", "application__organisation"),
        pk=entry_id,
        round__applicant_confirms_report=True,
    )
    if not is_owner(user, entry.application):
        raise Http404
    return entry


def get_own_pool(user, authority_id):
    """The authority of a pool ``user`` belongs to as a reviewer; else 404."""
    authority = get_object_or_404(Authority, pk=authority_id)
    if not is_reviewer_of(user, authority):
        raise Http404
    return authority
