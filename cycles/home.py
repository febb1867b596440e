from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.home import HomeTask
from accounts.permissions import readable_authorities

from .enums import CycleState, StageStatus
from .models import CycleStage


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
    return [
        HomeTask(
            title=_("%(cycle)s: %(stage)s") % {"cycle": stage.cycle, "stage": stage.name},
            url=reverse("cycles:detail", args=[stage.cycle_id]),
            detail=_("Planned to end on %(date)s") % {"date": stage.planned_end.isoformat()},
        )
        for stage in stages
    ]
