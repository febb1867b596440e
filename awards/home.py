from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.home import HomeTask
from accounts.permissions import staff_authorities

from . import selectors
from .enums import Outcome, VoteStatus
from .models import CommitteeVote


def award_tasks(user) -> list[HomeTask]:
    """Committee members: the votes they have still to cast. Staff: votes to close, ties to settle."""
    if user.role == Role.COMMITTEE:
        return [
            HomeTask(
                title=_("Vote on %(vote)s") % {"vote": vote},
                url=reverse("awards:ballot", args=[vote.pk]),
                detail=_("before %(date)s") % {"date": vote.closes_on.isoformat()} if vote.closes_on else "",
            )
            for vote in selectors.open_votes_for_member(user)
        ]
    if user.role == Role.STAFF:
        votes = (
            CommitteeVote.objects.filter(cycle__scheme__authority__in=staff_authorities(user))
            .filter(status=VoteStatus.OPEN)
            .select_related("cycle__scheme", "tier")
        )
        tied = (
            CommitteeVote.objects.filter(cycle__scheme__authority__in=staff_authorities(user))
            .filter(lines__outcome=Outcome.TIE)
            .distinct()
            .select_related("cycle__scheme", "tier")
        )
        return [
            HomeTask(
                title=_("Close the vote on %(vote)s") % {"vote": vote},
                url=reverse("awards:result", args=[vote.pk]),
                detail=_("before %(date)s") % {"date": vote.closes_on.isoformat()} if vote.closes_on else "",
            )
            for vote in votes
        ] + [
            HomeTask(
                title=_("Settle the tie in %(vote)s") % {"vote": vote},
                url=reverse("awards:result", args=[vote.pk]),
            )
            for vote in tied
        ]
    return []
