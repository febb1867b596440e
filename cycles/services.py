"""Changes to cycles: opening one, moving it from stage to stage, closing it.

Each function checks the rules, acts in one transaction with the cycle row locked, writes the
audit trail with the article it applied, and sends its signals after commit.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record

from .calendar import UnknownCalendarYear, WorkingCalendar, add_days
from .enums import CycleState, StageKind, StageStatus
from .errors import CycleError, EarlyCycleNeedsConfirmation
from .models import AwardScheme, Cycle, CycleStage
from .permissions import can_manage_cycle, can_manage_scheme
from .signals import stage_ended, stage_started


def plan_timetable(scheme: AwardScheme, *, start: datetime.date, submission_deadline: datetime.date):
    """Planned (start, end, provisional) for each stage of the scheme, in order.

    Notices take their legal period through the working-day calendar. Where that runs into a
    year whose holidays nobody has entered, the dates are estimated on weekdays only and marked
    provisional; the real deadline is computed, or refused, when the notice is published.
    """
    calendar = WorkingCalendar()
    plan, day = [], start
    for definition in scheme.stages.all():
        provisional = False
        if definition.kind == StageKind.APPLICATION:
            end = max(day, submission_deadline)
        elif definition.is_notice:
            try:
                end = add_days(day, definition.notice_days, definition.notice_unit, calendar=calendar)
            except UnknownCalendarYear:
                end, provisional = _weekdays_after(day, definition.notice_days), True
        else:
            end = day + datetime.timedelta(days=max(definition.planned_days, 1) - 1)
        plan.append((definition, day, end, provisional))
        day = end + datetime.timedelta(days=1)
    return plan


def _weekdays_after(start: datetime.date, days: int) -> datetime.date:
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        counted += day.weekday() < 5
    return day


def cycle_open(
    scheme: AwardScheme,
    *,
    by,
    name: str,
    year: int,
    call_text: str,
    submission_deadline: datetime.datetime,
    confirm_early: bool = False,
) -> Cycle:
    """Open a cycle (届) of ``scheme`` with a timetable from its pipeline; the first stage starts.

    Refuses a second open cycle of the same scheme, and one sooner than the scheme's interval
    unless ``confirm_early``. Writes ``cycle.opened`` to the audit trail.
    """
    if not can_manage_scheme(by, scheme):
        raise CycleError(_("You do not run the awards of this authority."))
    if not scheme.is_active:
        raise CycleError(_("This scheme is not accepting new cycles."))
    now = timezone.now()
    if submission_deadline <= now:
        raise CycleError(_("The submission deadline must be in the future."))
    with transaction.atomic():
        AwardScheme.objects.select_for_update().get(pk=scheme.pk)
        if scheme.cycles.filter(state=CycleState.OPEN).exists():
            raise CycleError(_("%(scheme)s already has an open cycle; close it first.") % {"scheme": scheme.name})
        previous = scheme.cycles.order_by("-year").first()
        early_reason = ""
        if previous and scheme.interval_years and year - previous.year < scheme.interval_years:
            early_reason = _(
                "According to %(article)s the award is held every %(years)s years; the previous cycle "
                "was in %(previous)s."
            ) % {"article": scheme.interval_article, "years": scheme.interval_years, "previous": previous.year}
            if not confirm_early:
                raise EarlyCycleNeedsConfirmation(early_reason)
        try:
            with transaction.atomic():
                cycle = Cycle.objects.create(
                    scheme=scheme,
                    name=name,
                    year=year,
                    call_text=call_text,
                    submission_deadline=submission_deadline,
                    opened_by=by,
                )
        except IntegrityError:
            raise CycleError(_("A cycle named %(name)s already exists for this scheme.") % {"name": name}) from None
        today = timezone.localdate()
        plan = plan_timetable(scheme, start=today, submission_deadline=timezone.localdate(submission_deadline))
        stages = CycleStage.objects.bulk_create(
            [
                CycleStage(
                    cycle=cycle,
                    definition=definition,
                    order=definition.order,
                    kind=definition.kind,
                    name=definition.name,
                    article=definition.article,
                    planned_start=start,
                    planned_end=end,
                    dates_provisional=provisional,
                )
                for definition, start, end, provisional in plan
            ]
        )
        if not stages:
            raise CycleError(_("The scheme has no stages; define its pipeline first."))
        first = stages[0]
        first.status, first.started_at = StageStatus.CURRENT, now
        first.save(update_fields=["status", "started_at"])
        audit_record(
            actor=by,
            action="cycle.opened",
            summary=_("Opened %(cycle)s") % {"cycle": cycle},
            target=cycle,
            authority=scheme.authority,
            to_state=first.kind,
            article=scheme.interval_article if early_reason else "",
            reason=_("Opened sooner than the interval, confirmed by staff. %(reason)s") % {"reason": early_reason}
            if early_reason
            else "",
        )
        transaction.on_commit(lambda: stage_started.send(sender=CycleStage, stage=first, by=by))
    return cycle


def current_stage(cycle: Cycle) -> CycleStage | None:
    return cycle.stages.filter(status=StageStatus.CURRENT).first()


def cycle_advance(cycle: Cycle, *, by, reason: str = "") -> CycleStage | None:
    """End the current stage and start the next one that is held; close the cycle after the last.

    A stage cannot end before a notice it carries has run its period, and the application stage
    cannot end before the submission deadline. ``by`` is None when the system advances the cycle.
    Returns the stage now current, or None when the cycle has closed.
    """
    if by is not None and not can_manage_cycle(by, cycle):
        raise CycleError(_("You do not run the awards of this authority."))
    now = timezone.now()
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().select_related("scheme__authority").get(pk=cycle.pk)
        if cycle.state != CycleState.OPEN:
            raise CycleError(_("This cycle is closed."))
        stages = list(cycle.stages.order_by("order"))
        current = next((s for s in stages if s.status == StageStatus.CURRENT), None)
        if current is None:
            raise CycleError(_("This cycle has no stage in progress."))
        if current.not_before_end and now < current.not_before_end:
            raise CycleError(
                _("%(stage)s runs until %(end)s (%(article)s); the next stage cannot begin before it has ended.")
                % {
                    "stage": current.name,
                    "end": timezone.localtime(current.not_before_end).strftime("%Y-%m-%d %H:%M"),
                    "article": current.article,
                }
            )
        if current.kind == StageKind.APPLICATION and now < cycle.submission_deadline:
            raise CycleError(
                _("Applications may be submitted until %(deadline)s; the stage cannot end before.")
                % {"deadline": timezone.localtime(cycle.submission_deadline).strftime("%Y-%m-%d %H:%M")}
            )
        current.status, current.ended_at = StageStatus.DONE, now
        current.save(update_fields=["status", "ended_at"])
        following = [s for s in stages if s.order > current.order and not s.skipped]
        nxt = following[0] if following else None
        if nxt is not None:
            nxt.status, nxt.started_at = StageStatus.CURRENT, now
            nxt.save(update_fields=["status", "started_at"])
        else:
            cycle.state, cycle.closed_at = CycleState.CLOSED, now
            cycle.save(update_fields=["state", "closed_at"])
        audit_record(
            actor=by,
            action="cycle.advanced" if nxt else "cycle.closed",
            summary=_("%(cycle)s: %(from)s ended, %(to)s began")
            % {"cycle": cycle, "from": current.name, "to": nxt.name if nxt else _("cycle closed")},
            target=cycle,
            authority=cycle.scheme.authority,
            from_state=current.kind,
            to_state=nxt.kind if nxt else CycleState.CLOSED,
            article=nxt.article if nxt else current.article,
            reason=reason,
        )
        transaction.on_commit(lambda: stage_ended.send(sender=CycleStage, stage=current, by=by))
        if nxt is not None:
            transaction.on_commit(lambda: stage_started.send(sender=CycleStage, stage=nxt, by=by))
    return nxt


def cycle_stage_set_held(stage: CycleStage, *, by, held: bool, reason: str) -> CycleStage:
    """Decide whether an optional stage (e.g. Suizhou's public evaluation, 第二十二条) is held."""
    if not can_manage_cycle(by, stage.cycle):
        raise CycleError(_("You do not run the awards of this authority."))
    with transaction.atomic():
        stage = CycleStage.objects.select_for_update().select_related("definition", "cycle__scheme").get(pk=stage.pk)
        if not stage.definition.optional:
            raise CycleError(
                _("%(stage)s is required by %(article)s.") % {"stage": stage.name, "article": stage.article}
            )
        if stage.status != StageStatus.PENDING:
            raise CycleError(_("Only a stage that has not begun can be dropped or restored."))
        if not reason.strip():
            raise CycleError(_("Give the reason for this decision."))
        stage.skipped = not held
        stage.save(update_fields=["skipped"])
        audit_record(
            actor=by,
            action="cycle.stage_held" if held else "cycle.stage_dropped",
            summary=(_("%(stage)s will be held") if held else _("%(stage)s will not be held")) % {"stage": stage.name},
            target=stage.cycle,
            authority=stage.cycle.scheme.authority,
            article=stage.article,
            reason=reason,
        )
    return stage


def stage_hold_until(stage: CycleStage, *, until: datetime.datetime) -> None:
    """Keep ``stage`` from ending before ``until`` (a notice's end). Called by the notice service."""
    CycleStage.objects.filter(pk=stage.pk).update(not_before_end=until)
