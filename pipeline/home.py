"""The home page's tasks: what each person must do next, from every app, in one explicit list.

Each provider is ``provider(user) -> list[HomeTask]`` and costs a constant number of queries;
it answers nothing for a role it does not serve.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.home import HomeTask
from accounts.permissions import readable_authorities
from applications.eligibility.home import eligibility_tasks
from applications.home import applicant_tasks, recommendation_tasks
from awards.home import award_tasks
from cycles.enums import NOTICE_STAGES, CycleState, StageStatus
from cycles.home import idle_scheme_tasks
from cycles.models import CycleStage
from publicity.enums import NoticeStatus
from publicity.home import county_notice_tasks, notice_tasks, objection_tasks, opinion_tasks
from reviews.home import reviewer_tasks
from reviews.home import staff_tasks as review_staff_tasks


def stage_tasks(user) -> list[HomeTask]:
    """Staff and supervisors: where each open cycle stands; a notice stage whose every notice has
    run its period says so at once, whether or not the periodic task has closed them. One query."""
    if user.role not in (Role.STAFF, Role.SUPERVISOR):
        return []
    now = timezone.now()
    stages = (
        CycleStage.objects.filter(
            status=StageStatus.CURRENT,
            cycle__state=CycleState.OPEN,
            cycle__scheme__authority__in=readable_authorities(user),
        )
        .select_related("cycle__scheme")
        .annotate(
            notices_published=Count(
                "notices", filter=Q(notices__status__in=[NoticeStatus.PUBLISHED, NoticeStatus.CLOSED]), distinct=True
            ),
            notices_waiting=Count(
                "notices",
                filter=Q(notices__status=NoticeStatus.DRAFT)
                | Q(notices__status=NoticeStatus.PUBLISHED, notices__ends_at__gt=now),
                distinct=True,
            ),
        )
        .order_by("planned_end", "pk")
    )
    tasks = []
    for stage in stages:
        detail = _("Planned to end on %(date)s") % {"date": stage.planned_end.isoformat()}
        if stage.kind in NOTICE_STAGES and stage.notices_published and not stage.notices_waiting:
            detail = _("The notice period is over (%(article)s): you may proceed.") % {"article": stage.article}
        tasks.append(
            HomeTask(
                title=_("%(cycle)s: %(stage)s") % {"cycle": stage.cycle, "stage": stage.name},
                url=reverse("pipeline:cycle", args=[stage.cycle_id]),
                detail=detail,
            )
        )
    return tasks


PROVIDERS = (
    applicant_tasks,
    recommendation_tasks,
    county_notice_tasks,
    reviewer_tasks,
    award_tasks,
    stage_tasks,
    eligibility_tasks,
    notice_tasks,
    objection_tasks,
    opinion_tasks,
    review_staff_tasks,
    idle_scheme_tasks,
)


def tasks_for(user) -> list[HomeTask]:
    return [task for provider in PROVIDERS for task in provider(user)]
