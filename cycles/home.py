from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.home import HomeTask
from accounts.permissions import readable_authorities

from .enums import CycleState, StageStatus
from .models import AwardScheme, CycleStage


def cycle_tasks(user) -> list[HomeTask]:
    """For staff and supervisors: where each open cycle of their authorities stands."""
    if user.role not in (Role.STAFF, Role.SUPERVISOR):
        return []
    stages = (
        CycleStage.objects.filter(
            status=StageStatus.CURRENT,
            cycle__state=CycleState.OPEN,
            cycle__scheme__authority__in=readable_authorities(user),
        )
        .select_related("cycle__scheme")
        .order_by("planned_end")
    )
    tasks = [
        HomeTask(
            title=_("%(cycle)s: %(stage)s") % {"cycle": stage.cycle, "stage": stage.name},
            url=reverse("cycles:detail", args=[stage.cycle_id]),
            detail=_("Planned to end on %(date)s") % {"date": stage.planned_end.isoformat()},
        )
        for stage in stages
    ]
    if user.role == Role.STAFF:
        idle = AwardScheme.objects.filter(authority__in=readable_authorities(user), is_active=True).exclude(
            cycles__state=CycleState.OPEN
        )
        tasks += [
            HomeTask(
                title=_("%(scheme)s has no open cycle") % {"scheme": scheme.name},
                url=reverse("cycles:open", args=[scheme.code]),
                detail=_("Open the next cycle when it is due."),
            )
            for scheme in idle
        ]
    return tasks
