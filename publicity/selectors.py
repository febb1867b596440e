"""Reads about notices and objections, including the two other apps ask before a next stage."""

from django.db.models import Count, F, Q
from django.utils import timezone

from cycles.enums import StageKind

from .enums import PUBLIC_NOTICE_STATES, NoticeStatus, ObjectionStatus
from .models import Notice, NoticeEntry, Objection


def has_open_objection(application) -> bool:
    """True while an objection about ``application`` awaits its finding: its next stage waits."""
    return Objection.objects.filter(entry__application=application, status=ObjectionStatus.OPEN).exists()


def passed_county_notice(application) -> bool:
    """True when ``application`` was on a county notice that has ended, and no objection about it
    was upheld or is still open (Lanzhou 第十三条: only what passed the notice is forwarded)."""
    return (
        NoticeEntry.objects.filter(
            application=application,
            removed=False,
            notice__status=NoticeStatus.CLOSED,
            notice__stage__kind=StageKind.COUNTY_NOTICE,
        )
        .exclude(objections__status__in=[ObjectionStatus.OPEN, ObjectionStatus.UPHELD])
        .exists()
    )


def _with_counts(queryset):
    return queryset.select_related("cycle__scheme__authority", "department").annotate(
        entry_count=Count("entries", filter=Q(entries__removed=False), distinct=True)
    )


def current_notices():
    return _with_counts(Notice.objects.filter(status=NoticeStatus.PUBLISHED)).order_by("ends_at", "id")


def past_notices():
    return _with_counts(Notice.objects.filter(status=NoticeStatus.CLOSED)).order_by("-ends_at", "-id")


def public_notice(notice_id):
    """A published or ended notice with its list; drafts are not public."""
    return (
        Notice.objects.filter(status__in=PUBLIC_NOTICE_STATES)
        .select_related("cycle__scheme__authority", "department")
        .get(pk=notice_id)
    )


def cycle_notices(cycle):
    return list(
        _with_counts(cycle.notices.all())
        .select_related("stage")
        .annotate(open_objections=Count("objections", filter=Q(objections__status=ObjectionStatus.OPEN), distinct=True))
        .order_by("stage__order", "department__name", "id")
    )


def objections_of(queryset):
    """Objections, the open ones first with the most urgent (and overdue) at the top."""
    return queryset.select_related("entry", "notice").order_by(
        F("decided_at").desc(nulls_first=True), F("due_at").asc(nulls_last=True), "created", "id"
    )


def open_objections_for_authorities(authorities):
    return objections_of(
        Objection.objects.filter(status=ObjectionStatus.OPEN, notice__cycle__scheme__authority__in=authorities)
    ).select_related("notice__cycle__scheme")


def overdue(objections, now=None):
    now = now or timezone.now()
    return [objection for objection in objections if objection.is_overdue(now)]
