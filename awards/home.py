from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.home import HomeTask
from accounts.permissions import staff_authorities
from cycles.enums import CycleState, StageKind, StageStatus
from cycles.models import CycleStage

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
        stages = CycleStage.objects.filter(
            status=StageStatus.CURRENT,
            cycle__state=CycleState.OPEN,
            kind__in=[StageKind.COMPREHENSIVE_EVALUATION, StageKind.COMMITTEE_VOTE],
            cycle__scheme__authority__in=staff_authorities(user),
        ).select_related("cycle__scheme")
        stage_tasks = [
            HomeTask(
                title=(
                    _("Propose the candidates of %(cycle)s")
                    if stage.kind == StageKind.COMPREHENSIVE_EVALUATION
                    else _("Prepare the committee vote of %(cycle)s")
                )
                % {"cycle": stage.cycle},
                url=reverse(
                    "awards:evaluation" if stage.kind == StageKind.COMPREHENSIVE_EVALUATION else "awards:votes",
                    args=[stage.cycle_id],
                ),
                detail=stage.article,
            )
            for stage in stages
        ]
        return (
            stage_tasks
            + [
                HomeTask(
                    title=_("Close the vote on %(vote)s") % {"vote": vote},
                    url=reverse("awards:result", args=[vote.pk]),
                    detail=_("before %(date)s") % {"date": vote.closes_on.isoformat()} if vote.closes_on else "",
                )
                for vote in votes
            ]
            + [
                HomeTask(
                    title=_("Settle the tie in %(vote)s") % {"vote": vote},
                    url=reverse("awards:result", args=[vote.pk]),
                )
                for vote in tied
            ]
        )
    return []
