"""Changes to public notices (公示): the draft with its list, publishing, and closing at the end.

A notice is drafted when its stage begins (``pipeline.services``), with the list the pipeline's
table names for the stage; its entries are a snapshot of that list: the applicant's name,
category and district, never anything from the dossier. Publishing starts its period; the
periodic task closes it once the period has run. Ending the stage is the pipeline's, never this
module's: a notice that has run its period only tells the office that it may proceed.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import authority_staff
from accounts.services import audit_record, notify
from common.machines import check_move
from cycles.calendar import UnknownCalendarYear, add_days, end_of_day
from cycles.enums import StageStatus
from cycles.models import CycleStage
from cycles.services import stage_hold_until

from ..enums import NOTICE_TRANSITIONS, NoticeStatus
from ..errors import PublicityError
from ..models import Notice, NoticeEntry
from ..permissions import can_manage_notice, can_prepare_notice_at


def notice_period_end(notice: Notice, start: datetime.date, *, calendar=None) -> datetime.datetime:
    """The last moment of a notice published on ``start`` (that day not counted, Civil Code art. 201)."""
    return end_of_day(add_days(start, notice.period_days, notice.period_unit, calendar=calendar))


def notice_set_status(notice: Notice, status: str, **values) -> Notice:
    """The one place a notice's status changes: checks ``NOTICE_TRANSITIONS``, saves ``status`` and
    the ``values`` given. The caller holds the row lock and writes the audit entry."""
    check_move(NOTICE_TRANSITIONS, notice.status, status, choices=NoticeStatus, error=PublicityError)
    notice.status = status
    for name, value in values.items():
        setattr(notice, name, value)
    notice.save(update_fields=["status", *values])
    return notice


def _entries(notice: Notice, applications) -> list[NoticeEntry]:
    """The snapshot of the list, in the list's own order (the committee's result on the notice of
    the proposed winners, with ``notice_award`` annotated), else by district."""
    if not applications.query.order_by:
        applications = applications.order_by("district__name", "id")
    applications = applications.select_related("category", "district")
    return NoticeEntry.objects.bulk_create(
        [
            NoticeEntry(
                notice=notice,
                application=application,
                order=index,
                display_name=application.title,
                category=application.category.name,
                district=application.district.name,
                award=getattr(application, "notice_award", "") or "",
            )
            for index, application in enumerate(applications, start=1)
        ]
    )


def notice_prepare(stage: CycleStage, *, by, title: str, applications, body: str = "", department=None) -> Notice:
    """Draft the notice the scheme names at ``stage`` with ``applications`` as its list.

    ``department`` is the county office whose notice it is (Lanzhou 第十三条), else None for the
    office's. The draft is seen only by those who publish it. Writes ``notice.prepared``.
    """
    stage = CycleStage.objects.select_related("cycle__scheme__authority", "definition").get(pk=stage.pk)
    if not stage.is_notice:
        raise PublicityError(_("%(stage)s is not a public notice.") % {"stage": stage.name})
    if stage.status != StageStatus.CURRENT:
        raise PublicityError(
            _("A notice is published while its stage is in progress; %(stage)s is not.") % {"stage": stage.name}
        )
    if not can_prepare_notice_at(by, stage, department):
        raise PublicityError(_("You do not publish this notice."))
    if not title.strip():
        raise PublicityError(_("Give the notice a title."))
    with transaction.atomic():
        CycleStage.objects.select_for_update(of=("self",)).get(pk=stage.pk)
        if Notice.objects.filter(stage=stage, department=department).exists():
            raise PublicityError(_("This notice has already been prepared."))
        notice = Notice.objects.create(
            cycle=stage.cycle,
            stage=stage,
            department=department,
            title=title.strip(),
            body=body.strip(),
            article=stage.article,
            period_days=stage.definition.notice_days,
            period_unit=stage.definition.notice_unit,
            created_by=by,
        )
        count = len(_entries(notice, applications))
        audit_record(
            actor=by,
            action="notice.prepared",
            summary=_("Prepared the notice %(notice)s") % {"notice": notice.title},
            target=notice,
            authority=stage.cycle.scheme.authority,
            to_state=NoticeStatus.DRAFT,
            article=notice.article,
            data={"entries": count},
        )
    return notice


def notice_edit(notice: Notice, *, by, title: str, body: str) -> Notice:
    """Change the title and text of a draft notice; its list stays the one taken when it was drafted."""
    if not title.strip():
        raise PublicityError(_("Give the notice a title."))
    with transaction.atomic():
        notice = Notice.objects.select_for_update(of=("self",)).select_related("department").get(pk=notice.pk)
        if not can_manage_notice(by, notice):
            raise PublicityError(_("You do not publish this notice."))
        if notice.status != NoticeStatus.DRAFT:
            raise PublicityError(_("A published notice cannot be changed."))
        notice.title, notice.body = title.strip(), body.strip()
        notice.save(update_fields=["title", "body"])
        audit_record(
            actor=by,
            action="notice.edited",
            summary=_("Edited the draft notice %(notice)s") % {"notice": notice.title},
            target=notice,
            authority=notice.cycle.scheme.authority,
            article=notice.article,
        )
    return notice


def notice_publish(notice: Notice, *, by, now: datetime.datetime | None = None) -> Notice:
    """Publish a draft notice: its period runs from today.

    The end comes from the stage's period through the working-day calendar; a period that runs
    into a year whose holidays nobody entered is refused. The stage shows when it may end
    (``stage_hold_until``). Tells each listed applicant; writes ``notice.published``.
    """
    now = now or timezone.now()
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .select_related("stage__cycle__scheme__authority", "department", "cycle__scheme__authority")
            .get(pk=notice.pk)
        )
        if not can_manage_notice(by, notice):
            raise PublicityError(_("You do not publish this notice."))
        if NoticeStatus.PUBLISHED not in NOTICE_TRANSITIONS[notice.status]:
            raise PublicityError(_("This notice has already been published."))
        stage = CycleStage.objects.select_for_update(of=("self",)).get(pk=notice.stage_id)
        if stage.status != StageStatus.CURRENT:
            raise PublicityError(
                _("A notice is published while its stage is in progress; %(stage)s is not.") % {"stage": stage.name}
            )
        count = notice.entries.filter(removed=False).count()
        if count == 0:
            raise PublicityError(_("The list is empty: there is nobody to publish."))
        start = timezone.localdate(now)
        try:
            end = notice_period_end(notice, start)
        except UnknownCalendarYear as error:
            raise PublicityError(str(error)) from None
        notice_set_status(
            notice, NoticeStatus.PUBLISHED, starts_on=start, ends_at=end, published_at=now, published_by=by
        )
        # Several county offices publish at one stage: the stage waits for the last of them.
        stage_hold_until(stage, until=max(end, stage.not_before_end) if stage.not_before_end else end)
        audit_record(
            actor=by,
            action="notice.published",
            summary=_("Published %(notice)s until %(end)s")
            % {"notice": notice.title, "end": timezone.localtime(end).strftime("%Y-%m-%d %H:%M")},
            target=notice,
            authority=notice.cycle.scheme.authority,
            from_state=NoticeStatus.DRAFT,
            to_state=NoticeStatus.PUBLISHED,
            article=notice.article,
            data={"entries": count, "starts_on": start.isoformat(), "ends_at": end.isoformat()},
        )
        owners = {entry.application.owner for entry in notice.entries.select_related("application__owner")}
        notify(
            recipients=sorted(owners, key=lambda user: user.pk),
            subject=_("You are listed in the public notice “%(notice)s”") % {"notice": notice.title},
            body=_("The notice runs until %(end)s (%(article)s).")
            % {"end": timezone.localtime(end).strftime("%Y-%m-%d %H:%M"), "article": notice.article},
            url=reverse("publicity:public-detail", args=[notice.pk]),
        )
    return notice


def close_due_notices(now: datetime.datetime | None = None) -> list[int]:
    """Close every published notice whose period has run, and tell its office that it may proceed.

    The periodic task's job (and a staff action); public pages never call it, they read the end
    from ``ends_at``. Idempotent and safe when two copies run at once: each notice is closed under
    its row lock, skipping rows another copy holds. The cycle stays where it is: ending the stage
    is the office's decision, checked by the pipeline.
    """
    now = now or timezone.now()
    due = list(Notice.objects.filter(status=NoticeStatus.PUBLISHED, ends_at__lte=now).values_list("pk", flat=True))
    closed = []
    for pk in due:
        with transaction.atomic():
            notice = (
                Notice.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("cycle__scheme__authority", "stage", "department")
                .filter(pk=pk, status=NoticeStatus.PUBLISHED, ends_at__lte=now)
                .first()
            )
            if notice is None:
                continue
            notice_set_status(notice, NoticeStatus.CLOSED, closed_at=now)
            authority = notice.cycle.scheme.authority
            audit_record(
                actor=None,
                action="notice.closed",
                summary=_("%(notice)s ended") % {"notice": notice.title},
                target=notice,
                authority=authority,
                from_state=NoticeStatus.PUBLISHED,
                to_state=NoticeStatus.CLOSED,
                article=notice.article,
            )
            staff = authority_staff(authority)
            notify(
                recipients=list(staff),
                subject=_("The notice “%(notice)s” has run its period") % {"notice": notice.title},
                body=_("%(stage)s may end once its other conditions hold (%(article)s).")
                % {"stage": notice.stage.name, "article": notice.article},
                url=reverse("pipeline:cycle", args=[notice.cycle_id]),
            )
            closed.append(pk)
    return closed
