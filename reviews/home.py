"""Home tasks of the review rounds: what a reviewer and the staff should do next."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.enums import AuthorityPermission, Role
from accounts.home import HomeTask
from accounts.permissions import authorities_for, staff_authorities
from cycles.enums import REVIEW_STAGES, StageStatus
from cycles.models import CycleStage

from .enums import EntryDecision
from .models import GroupReport, ReviewerProfile
from .selectors import member_entries


def reviewer_tasks(user) -> list[HomeTask]:
    """A reviewer: complete its pool profile; declare, score, and (leader) consensus and report, for
    each entry of its groups. Three queries."""
    if user.role != Role.REVIEWER:
        return []
    tasks = []
    complete = ReviewerProfile.objects.filter(user=user).exclude(field="").values("authority_id")
    for authority in authorities_for(user, AuthorityPermission.REVIEW).exclude(pk__in=complete).order_by("name"):
        tasks.append(
            HomeTask(
                title=_("Complete your expert pool profile: %(authority)s") % {"authority": authority},
                url=reverse("reviews:my-profile", args=[authority.pk]),
                detail=_("Field, employer and the relations you must declare"),
            )
        )
    entries = member_entries(user).annotate(has_report=Exists(GroupReport.objects.filter(entry=OuterRef("pk"))))
    for entry in entries:
        detail = f"{entry.round.cycle} · {entry.round.stage.name} · {entry.group}"
        if not entry.declared:
            tasks.append(
                HomeTask(
                    title=_("Declare conflicts of interest: %(application)s")
                    % {"application": entry.application.title},
                    url=reverse("reviews:declare", args=[entry.pk]),
                    detail=detail,
                )
            )
        elif not entry.submitted:
            tasks.append(
                HomeTask(
                    title=_("Score %(application)s") % {"application": entry.application.title},
                    url=reverse("reviews:score", args=[entry.pk]),
                    detail=detail,
                )
            )
        elif entry.leads and not entry.has_report:
            tasks.append(
                HomeTask(
                    title=_("Record the consensus and write the report: %(application)s")
                    % {"application": entry.application.title},
                    url=reverse("reviews:consensus", args=[entry.pk]),
                    detail=detail,
                )
            )
    return tasks


def staff_tasks(user) -> list[HomeTask]:
    """Staff: start the current review round, draw its groups, rank and shortlist. One query."""
    if user.role != Role.STAFF:
        return []
    stages = (
        CycleStage.objects.filter(
            kind__in=sorted(REVIEW_STAGES),
            status=StageStatus.CURRENT,
            cycle__scheme__authority__in=staff_authorities(user),
        )
        .select_related("cycle", "review_round")
        .annotate(
            without_group=Count(
                "review_round__entries",
                filter=Q(
                    review_round__entries__group__isnull=True, review_round__entries__decision=EntryDecision.PENDING
                ),
            ),
            pending=Count("review_round__entries", filter=Q(review_round__entries__decision=EntryDecision.PENDING)),
        )
        .order_by("cycle__scheme__name")
    )
    tasks = []
    for stage in stages:
        round_ = getattr(stage, "review_round", None)
        if round_ is None:
            tasks.append(
                HomeTask(
                    title=_("Start the round: %(stage)s") % {"stage": stage.name},
                    url=reverse("reviews:cycle", args=[stage.cycle_id]),
                    detail=str(stage.cycle),
                )
            )
        elif stage.without_group:
            tasks.append(
                HomeTask(
                    title=_("Draw review groups: %(stage)s") % {"stage": stage.name},
                    url=reverse("reviews:round", args=[round_.pk]),
                    detail=_("%(cycle)s · %(count)s applications without a group")
                    % {"cycle": stage.cycle, "count": stage.without_group},
                )
            )
        elif stage.pending:
            tasks.append(
                HomeTask(
                    title=_("Rank and shortlist: %(stage)s") % {"stage": stage.name},
                    url=reverse("reviews:round", args=[round_.pk]),
                    detail=_("%(cycle)s · %(count)s applications to decide on")
                    % {"cycle": stage.cycle, "count": stage.pending},
                )
            )
    return tasks
