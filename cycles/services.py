"""Changes to cycles: their timetable, the status of a stage, closing, dropping an optional stage.

Moving a cycle from stage to stage is the pipeline's (``pipeline.services.cycle_advance``): it
checks what must hold before a stage ends and starts what begins with the next one, calling the
two transition functions here inside its transaction.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record
from common.machines import check_move

from .calendar import UnknownCalendarYear, WorkingCalendar, add_days
from .enums import CYCLE_MOVES, STAGE_MOVES, CycleState, StageKind, StageStatus
from .errors import CycleError, EarlyCycleNeedsConfirmation
from .models import AwardScheme, Cycle, CycleStage
from .permissions import can_manage_cycle, can_manage_scheme


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


def cycle_create(
    scheme: AwardScheme,
    *,
    by,
    name: str,
    year: int,
    call_text: str,
    submission_deadline: datetime.datetime,
    confirm_early: bool = False,
) -> tuple[Cycle, str]:
    """Create a cycle (届) of ``scheme`` with a timetable from its pipeline, every stage pending.

    ``scheme`` must be the current edition: the cycle runs under it, whatever later editions say
    (``cycles.editions``). Refuses a second open cycle of the same scheme (of any edition), a name
    already used, and one sooner than the scheme's interval unless ``confirm_early``. Returns the
    cycle and, when it opens early, the reason citing the interval's article. Call it inside the
    transaction that starts its first stage (``pipeline.services.cycle_open``), which writes the
    audit entry.
    """
    if not can_manage_scheme(by, scheme):
        raise CycleError(_("You do not run the awards of this authority."))
    if not scheme.is_active:
        raise CycleError(_("This scheme is not accepting new cycles."))
    if submission_deadline <= timezone.now():
        raise CycleError(_("The submission deadline must be in the future."))
    editions = list(AwardScheme.objects.select_for_update().filter(code=scheme.code).order_by("edition"))
    if not any(edition.pk == scheme.pk and edition.is_current for edition in editions):
        raise CycleError(_("A cycle opens under the current edition of the scheme's rules."))
    of_scheme = Cycle.objects.filter(scheme__code=scheme.code)
    if of_scheme.filter(state=CycleState.OPEN).exists():
        raise CycleError(_("%(scheme)s already has an open cycle; close it first.") % {"scheme": scheme.name})
    if of_scheme.filter(name=name).exists():
        raise CycleError(_("A cycle named %(name)s already exists for this scheme.") % {"name": name})
    previous = of_scheme.order_by("-year").first()
    early_reason = ""
    if previous and scheme.interval_years and year - previous.year < scheme.interval_years:
        early_reason = _(
            "According to %(article)s the award is held every %(years)s years; the previous cycle was in %(previous)s."
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
    plan = plan_timetable(
        scheme, start=timezone.localdate(), submission_deadline=timezone.localdate(submission_deadline)
    )
    if not plan:
        raise CycleError(_("The scheme has no stages; define its pipeline first."))
    CycleStage.objects.bulk_create(
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
    return cycle, early_reason


def current_stage(cycle: Cycle) -> CycleStage | None:
    return cycle.stages.filter(status=StageStatus.CURRENT).first()


def cycle_stage_set_status(stage: CycleStage, status: str, *, now: datetime.datetime) -> CycleStage:
    """Begin or end ``stage`` if ``STAGE_MOVES`` allows it. The pipeline calls it inside the
    transaction of an advance, with the cycle locked, and writes the audit entry for the move."""
    check_move(STAGE_MOVES, stage.status, status, choices=StageStatus, error=CycleError)
    stage.status = status
    if status == StageStatus.CURRENT:
        stage.started_at = now
        stage.save(update_fields=["status", "started_at"])
    else:
        stage.ended_at = now
        stage.save(update_fields=["status", "ended_at"])
    return stage


def cycle_set_state(cycle: Cycle, state: str, *, now: datetime.datetime) -> Cycle:
    """Close ``cycle`` if ``CYCLE_MOVES`` allows it; called by the pipeline after the last stage."""
    check_move(CYCLE_MOVES, cycle.state, state, choices=CycleState, error=CycleError)
    cycle.state, cycle.closed_at = state, now
    cycle.save(update_fields=["state", "closed_at"])
    return cycle


def cycle_stage_set_held(stage: CycleStage, *, by, held: bool, reason: str) -> CycleStage:
    """Decide whether an optional stage (e.g. Suizhou's public evaluation, 第二十二条) is held."""
    if not can_manage_cycle(by, stage.cycle):
        raise CycleError(_("You do not run the awards of this authority."))
    with transaction.atomic():
        stage = (
            CycleStage.objects.select_for_update(of=("self",))
            .select_related("definition", "cycle__scheme")
            .get(pk=stage.pk)
        )
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
