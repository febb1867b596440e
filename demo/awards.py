"""Demo: where a demo cycle already has candidates, its staff open the committee's vote per tier.

Idempotent: a tier that has a vote already, or has no candidates, is left alone.
"""

import logging

from accounts.models import User
from awards.errors import AwardError
from awards.models import Candidacy, CommitteeVote
from awards.services import votes
from cycles.enums import CycleState
from cycles.models import AwardScheme, Cycle

logger = logging.getLogger(__name__)

DEMO_SCHEMES = ("suizhou", "qinzhou", "qingyuan", "jinzhong", "lanzhou")


def build(context: dict) -> None:
    context.setdefault("votes", [])
    for code in DEMO_SCHEMES:
        scheme = AwardScheme.objects.current().filter(code=code).first()
        staff = User.objects.filter(username=f"{code}-staff").first()
        if scheme is None or staff is None:
            continue
        for cycle in Cycle.objects.filter(scheme__code=code, state=CycleState.OPEN).select_related("scheme"):
            scheme = cycle.scheme  # the edition the cycle runs under
            tier_ids = (
                Candidacy.objects.filter(application__cycle=cycle, application__status="candidate")
                .values_list("tier_id", flat=True)
                .distinct()
            )
            for tier in scheme.tiers.filter(pk__in=tier_ids).order_by("rank"):
                if CommitteeVote.objects.filter(cycle=cycle, tier=tier).exists():
                    continue
                try:
                    context["votes"].append(votes.vote_open(cycle, tier, by=staff))
                except AwardError as error:
                    logger.warning("awards demo: no vote for %s %s: %s", cycle, tier, error)
