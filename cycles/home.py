from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.home import HomeTask
from accounts.permissions import readable_authorities

from .enums import CycleState
from .models import AwardScheme, Cycle


def idle_scheme_tasks(user) -> list[HomeTask]:
    """Staff: the active schemes of their authorities that have no open cycle. One query."""
    if user.role != Role.STAFF:
        return []
    open_cycle = Cycle.objects.filter(scheme__code=OuterRef("code"), state=CycleState.OPEN)
    idle = (
        AwardScheme.objects.current()
        .filter(authority__in=readable_authorities(user), is_active=True)
        .exclude(Exists(open_cycle))
    )
    return [
        HomeTask(
            title=_("%(scheme)s has no open cycle") % {"scheme": scheme.name},
            url=reverse("pipeline:open", args=[scheme.code]),
            detail=_("Open the next cycle when it is due."),
        )
        for scheme in idle
    ]
