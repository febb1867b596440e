from django.db.models import Prefetch

from .enums import CycleState, StageStatus
from .models import AwardScheme, Cycle, CycleStage


def public_schemes():
    """Active schemes with their open cycles and current stage: two queries in all."""
    open_cycles = Cycle.objects.filter(state=CycleState.OPEN).prefetch_related(
        Prefetch("stages", queryset=CycleStage.objects.filter(status=StageStatus.CURRENT), to_attr="current_stages")
    )
    return (
        AwardScheme.objects.filter(is_active=True)
        .select_related("authority")
        .prefetch_related(Prefetch("cycles", queryset=open_cycles, to_attr="open_cycles"))
        .order_by("authority__name", "name")
    )


def scheme_rulebook(code: str):
    return (
        AwardScheme.objects.select_related("authority")
        .prefetch_related(
            "tiers__prize_after_tier",
            "categories__tiers",
            "categories__rubric",
            "stages",
            "conditions",
            "sanctions",
        )
        .get(code=code)
    )


def cycle_timetable(cycle: Cycle):
    return list(cycle.stages.select_related("definition").order_by("order"))
