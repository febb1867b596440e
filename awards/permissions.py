"""Who may do what in the comprehensive evaluation and the committee vote."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.enums import AuthorityPermission
from accounts.permissions import can_manage_authority, can_read_authority
from applications.models import Application
from applications.permissions import Access, is_owner

from .enums import VoteStatus
from .models import CommitteeVote


def can_manage_vote(user, vote) -> bool:
    return can_manage_authority(user, vote.cycle.scheme.authority)


def can_read_vote(user, vote) -> bool:
    """Staff and supervisors of the authority read a vote (never who voted how in a secret one)."""
    return can_read_authority(user, vote.cycle.scheme.authority)


def is_vote_member(user, vote) -> bool:
    return (
        user.is_authenticated
        and user.has_perm(AuthorityPermission.COMMITTEE, vote.cycle.scheme.authority)
        and vote.members.filter(pk=user.pk).exists()
    )


def can_cast(user, vote) -> bool:
    return (
        vote.status == VoteStatus.OPEN
        and is_vote_member(user, vote)
        and not vote.participations.filter(member=user).exists()
    )


def get_vote_for_user(user, vote_id, *, manage=False, member=False) -> CommitteeVote:
    """The vote if ``user`` may see it: staff (``manage``), staff or supervisors (read), or, with
    ``member``, also a committee member of the vote. 404 otherwise."""
    vote = get_object_or_404(CommitteeVote.objects.select_related("cycle__scheme__authority", "tier"), pk=vote_id)
    if manage:
        allowed = can_manage_vote(user, vote)
    else:
        allowed = can_read_vote(user, vote) or (member and is_vote_member(user, vote))
    if not allowed:
        raise Http404
    return vote


def get_vote_for_member(user, vote_id) -> CommitteeVote:
    """A vote for a committee member of it; else 404."""
    vote = get_object_or_404(CommitteeVote.objects.select_related("cycle__scheme__authority", "tier"), pk=vote_id)
    if not is_vote_member(user, vote):
        raise Http404
    return vote


def get_vote_for_candidate_page(user, vote_id) -> CommitteeVote:
    """A vote whose candidates ``user`` may read: a member while it is open, staff and supervisors always."""
    vote = get_object_or_404(CommitteeVote.objects.select_related("cycle__scheme__authority", "tier"), pk=vote_id)
    if not ((vote.is_open and is_vote_member(user, vote)) or can_read_vote(user, vote)):
        raise Http404
    return vote


def committee_access(user, application) -> Access:
    """Committee members read a candidate's dossier, less its trade secrets, while a vote on it is open."""
    if not user.is_authenticated:
        return Access.NONE
    if not user.has_perm(AuthorityPermission.COMMITTEE, application.cycle.scheme.authority):
        return Access.NONE
    if CommitteeVote.objects.filter(status=VoteStatus.OPEN, candidates=application, members=user).exists():
        return Access.WITHOUT_SECRETS
    return Access.NONE


def get_application_for_outcome(user, application_id):
    """An application's outcome and feedback, for its applicant and the office of its authority;
    404 for anyone else and, for the applicant, before the winners are announced."""
    application = get_object_or_404(
        Application.objects.select_related("cycle__scheme__authority", "category", "organisation"), pk=application_id
    )
    office = can_read_authority(user, application.cycle.scheme.authority)
    if not (office or is_owner(user, application)):
        raise Http404
    return application, office
