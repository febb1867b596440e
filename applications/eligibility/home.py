"""Home-page task of the eligibility review: what awaits the office's decision."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from accounts.enums import Role
from accounts.home import HomeTask
from accounts.permissions import staff_authorities
from cycles.enums import CycleState, StageKind, StageStatus
from cycles.models import Cycle

from ..enums import ApplicationStatus


def eligibility_tasks(user) -> list[HomeTask]:
    """Staff: the recommended applications awaiting their eligibility decision, per cycle. One query."""
    if user.role != Role.STAFF:
        return []
    cycles = (
        Cycle.objects.filter(
            state=CycleState.OPEN,
            scheme__authority__in=staff_authorities(user),
            stages__status=StageStatus.CURRENT,
            stages__kind=StageKind.ELIGIBILITY,
        )
        .select_related("scheme")
        .annotate(waiting=Count("applications", filter=Q(applications__status=ApplicationStatus.RECOMMENDED)))
        .filter(waiting__gt=0)
    )
    return [
        HomeTask(
            title=ngettext(
                "%(count)s application awaits eligibility review in %(cycle)s",
                "%(count)s applications await eligibility review in %(cycle)s",
                cycle.waiting,
            )
            % {"count": cycle.waiting, "cycle": cycle},
            url=reverse("applications:eligibility-list", args=[cycle.pk]),
        )
        for cycle in cycles
    ]
