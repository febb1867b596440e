"""Reads about notices and objections, including the two other apps ask before a next stage."""

from django.db.models import Count, F, Q
from django.utils import timezone

from applications.models import Application

from .enums import PUBLIC_NOTICE_STATES, NoticeStatus, ObjectionStatus
from .models import Notice, Objection


def ended(now=None, prefix="") -> Q:
    """Notices whose period has run, whether or not the periodic task has closed them yet."""
    now = now or timezone.now()
    return Q(**{f"{prefix}status": NoticeStatus.CLOSED}) | Q(
        **{f"{prefix}status": NoticeStatus.PUBLISHED, f"{prefix}ends_at__lte": now}
    )


def _with_counts(queryset):
    return queryset.select_related("cycle__scheme__authority", "department").annotate(
        entry_count=Count("entries", filter=Q(entries__removed=False), distinct=True)
    )


def current_notices(now=None):
    """Notices whose period runs now: read from the time, so that no page has to close anything."""
    now = now or timezone.now()
    return _with_counts(Notice.objects.filter(status=NoticeStatus.PUBLISHED, ends_at__gt=now)).order_by("ends_at", "id")


def past_notices(now=None):
    return _with_counts(Notice.objects.filter(ended(now))).order_by("-ends_at", "-id")


def cycle_notices(cycle):
    return list(
        _with_counts(cycle.notices.all())
        .select_related("stage")
        .annotate(open_objections=Count("objections", filter=Q(objections__status=ObjectionStatus.OPEN), distinct=True))
        .order_by("stage__order", "department__name", "id")
    )


def objections_of(queryset):
    """Objections, the open ones first with the most urgent (and overdue) at the top."""
    return queryset.select_related("entry", "notice", "application").order_by(
        F("decided_at").desc(nulls_first=True), F("due_at").asc(nulls_last=True), "created", "id"
    )


def open_objections_for_authorities(authorities):
    return objections_of(
        Objection.objects.filter(status=ObjectionStatus.OPEN, cycle__scheme__authority__in=authorities)
    ).select_related("cycle__scheme")


def overdue(objections, now=None):
    now = now or timezone.now()
    return [objection for objection in objections if objection.is_overdue(now)]


def published_at_stage(stage):
    """The notices of ``stage`` that have been published (running or ended)."""
    return stage.notices.filter(status__in=PUBLIC_NOTICE_STATES).select_related("department")


def open_objections_at_stage(stage):
    return Objection.objects.filter(notice__stage=stage, status=ObjectionStatus.OPEN).order_by("created", "pk")


def publicly_listed(cycle):
    """The applicants of ``cycle`` that a published notice has listed: whom the public knows of."""
    return (
        Application.objects.filter(
            cycle=cycle, notice_entries__notice__status__in=PUBLIC_NOTICE_STATES, notice_entries__removed=False
        )
        .distinct()
        .order_by("title")
    )
