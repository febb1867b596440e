"""The list the candidate notice publishes: the committee's proposed winners."""

from applications.models import Application
from cycles.enums import StageKind

from .enums import Outcome


def proposed_winners(stage, department=None):
    return Application.objects.filter(
        cycle_id=stage.cycle_id, vote_lines__outcome=Outcome.WINNER, vote_lines__vote__cycle_id=stage.cycle_id
    ).distinct()


def register_candidate_notice():
    try:
        from publicity import lists
    except ImportError:
        return
    lists.register(StageKind.CANDIDATE_NOTICE)(proposed_winners)
