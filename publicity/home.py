from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import AuthorityPermission, Role
from accounts.home import HomeTask
from accounts.permissions import authorities_for, departments_for, staff_authorities
from cycles.enums import NOTICE_STAGES, CycleState, StageKind, StageStatus
from cycles.models import CycleStage

from .enums import NoticeStatus, ObjectionStatus
from .models import Objection
from .selectors import open_objections_for_authorities


def objection_tasks(user) -> list[HomeTask]:
    """Staff: the open objections of their authorities, overdue ones first. One query."""
    if user.role != Role.STAFF:
        return []
    now = timezone.now()
    objections = list(open_objections_for_authorities(staff_authorities(user)))
    objections.sort(key=lambda o: (not o.is_overdue(now), o.due_at is None, o.due_at or now, o.pk))
    tasks = []
    for objection in objections:
        overdue = objection.is_overdue(now)
        title = (_("Overdue objection %(reference)s") if overdue else _("Examine objection %(reference)s")) % {
            "reference": objection.reference
        }
        detail = _("%(entry)s, on %(notice)s") % {
            "entry": objection.concerns,
            "notice": objection.notice or objection.cycle,
        }
        if objection.due_at:
            detail += " · " + _("due %(date)s") % {"date": timezone.localtime(objection.due_at).strftime("%Y-%m-%d")}
        tasks.append(
            HomeTask(
                title=title,
                url=reverse("publicity:objection-detail", args=[objection.pk]),
                detail=detail,
                due=objection.due_at,
            )
        )
    return tasks


def notice_tasks(user) -> list[HomeTask]:
    """Staff: a notice stage in progress whose notice is not published yet. One query."""
    if user.role != Role.STAFF:
        return []
    stages = (
        CycleStage.objects.filter(
            kind__in=sorted(NOTICE_STAGES - {StageKind.COUNTY_NOTICE}),
            status=StageStatus.CURRENT,
            cycle__state=CycleState.OPEN,
            cycle__scheme__authority__in=staff_authorities(user),
        )
        .exclude(notices__status__in=[NoticeStatus.PUBLISHED, NoticeStatus.CLOSED])
        .select_related("cycle__scheme")
    )
    return [
        HomeTask(
            title=_("Publish the notice: %(stage)s") % {"stage": stage.name},
            url=reverse("publicity:cycle", args=[stage.cycle_id]),
            detail=_("%(cycle)s (%(article)s)") % {"cycle": stage.cycle, "article": stage.article},
        )
        for stage in stages
    ]


def county_notice_tasks(user) -> list[HomeTask]:
    """A county office (Lanzhou 第十三条): publish your county notice while the stage runs. Two queries."""
    if user.role != Role.DEPARTMENT:
        return []
    departments = list(departments_for(user).prefetch_related("notices"))
    if not departments:
        return []
    stages = CycleStage.objects.filter(
        kind=StageKind.COUNTY_NOTICE,
        status=StageStatus.CURRENT,
        cycle__state=CycleState.OPEN,
        cycle__scheme__authority__in={d.authority_id for d in departments},
    ).select_related("cycle__scheme")
    tasks = []
    for stage in stages:
        for department in departments:
            if department.authority_id != stage.cycle.scheme.authority_id:
                continue
            if any(n.stage_id == stage.pk and n.status != "draft" for n in department.notices.all()):
                continue
            tasks.append(
                HomeTask(
                    title=_("Publish the county notice of %(department)s") % {"department": department.name},
                    url=reverse("publicity:county"),
                    detail=_("%(cycle)s: %(stage)s (%(article)s)")
                    % {"cycle": stage.cycle, "stage": stage.name, "article": stage.article},
                )
            )
    return tasks


def opinion_tasks(user) -> list[HomeTask]:
    """Committee members: objections to the final notice whose report awaits their written opinion
    (钦州 第二十条). One query."""
    if user.role != Role.COMMITTEE:
        return []
    waiting = (
        Objection.objects.filter(
            status=ObjectionStatus.OPEN,
            notice__stage__kind=StageKind.CANDIDATE_NOTICE,
            cycle__scheme__objection_opinions_required=True,
            cycle__scheme__authority__in=authorities_for(user, AuthorityPermission.COMMITTEE),
        )
        .exclude(report="")
        .exclude(opinions__member=user)
        .select_related("cycle__scheme")
        .order_by("created", "pk")
    )
    return [
        HomeTask(
            title=_("Give your opinion on objection %(reference)s") % {"reference": objection.reference},
            url=reverse("publicity:objection-opinion", args=[objection.pk]),
            detail=_("%(cycle)s (%(article)s)")
            % {"cycle": objection.cycle, "article": objection.cycle.scheme.objection_report_article},
        )
        for objection in waiting
    ]
