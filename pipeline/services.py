"""Moving a cycle through its pipeline: opening it, and ending one stage to begin the next.

Every move reads ``pipeline.stages.RULES``: the conditions of the stage being ended must hold,
what starts with the next stage starts in the same transaction (a review stage never runs
without its round), and one audit entry records the move with its article. A failure anywhere
leaves the cycle where it was.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.services import audit_record
from cycles.enums import CycleState, StageStatus
from cycles.errors import CycleError
from cycles.models import AwardScheme, Cycle, CycleStage
from cycles.permissions import can_manage_cycle
from cycles.services import cycle_create, cycle_set_state, cycle_stage_set_status
from publicity.errors import PublicityError
from publicity.services.notices import notice_prepare

from .errors import AdvanceNeedsConfirmation, StageCannotEnd, StaleAdvance
from .stages import RULES, notice_departments, notice_list, notice_title


@dataclass(frozen=True)
class Check:
    label: str
    unmet: str  # "" when it holds

    @property
    def holds(self) -> bool:
        return not self.unmet


def stage_checks(stage: CycleStage, now: datetime.datetime | None = None) -> list[Check]:
    """Each condition of ``stage`` with why it does not hold now ("" when it does)."""
    now = now or timezone.now()
    return [Check(str(condition.label), condition.unmet(stage, now)) for condition in RULES[stage.kind].conditions]


def stage_undecided(stage: CycleStage) -> list:
    """The applications that ending ``stage`` would leave undecided."""
    rule = RULES[stage.kind]
    return list(rule.leaves_undecided(stage)) if rule.leaves_undecided else []


def next_stage(stage: CycleStage) -> CycleStage | None:
    return stage.cycle.stages.filter(order__gt=stage.order, skipped=False).order_by("order").first()


def _begin(stage: CycleStage, *, by, now) -> None:
    cycle_stage_set_status(stage, StageStatus.CURRENT, now=now)
    rule = RULES[stage.kind]
    if rule.starts is not None:
        rule.starts(stage, by)


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
    """Open a cycle (届) of ``scheme`` with its timetable; its first stage begins.

    Refuses what ``cycles.services.cycle_create`` refuses (a second open cycle, one sooner than the
    interval unless confirmed). Writes ``cycle.opened``, citing the interval's article when early.
    """
    now = timezone.now()
    with transaction.atomic():
        cycle, early_reason = cycle_create(
            scheme,
            by=by,
            name=name,
            year=year,
            call_text=call_text,
            submission_deadline=submission_deadline,
            confirm_early=confirm_early,
        )
        first = cycle.stages.filter(skipped=False).order_by("order").first()
        _begin(first, by=by, now=now)
        audit_record(
            actor=by,
            action="cycle.opened",
            summary=_("Opened %(cycle)s") % {"cycle": cycle},
            target=cycle,
            authority=scheme.authority,
            to_state=first.kind,
            article=scheme.interval_article if early_reason else first.article,
            reason=_("Opened sooner than the interval, confirmed by staff. %(reason)s") % {"reason": early_reason}
            if early_reason
            else "",
        )
    return cycle


def cycle_advance(cycle: Cycle, *, by, ending: int, confirm: bool = False, reason: str = "") -> CycleStage | None:
    """End the stage ``ending`` (its id) and begin the next one that is held; close the cycle after
    the last. Returns the stage now current, or None when the cycle has closed.

    Refuses, changing nothing: when ``ending`` is no longer the current stage (someone moved the
    cycle on meanwhile, ``StaleAdvance``); when a condition of the stage does not hold
    (``StageCannotEnd``, each reason citing its article); when ending it leaves applications
    undecided and the office has not confirmed (``AdvanceNeedsConfirmation``). The cycle's row is
    locked, so that of two simultaneous advances exactly one moves the cycle. One audit entry,
    ``cycle.advanced`` (or ``cycle.closed``), with the article of the stage begun.
    """
    if not can_manage_cycle(by, cycle):
        raise CycleError(_("You do not run the awards of this authority."))
    now = timezone.now()
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update(of=("self",)).select_related("scheme__authority").get(pk=cycle.pk)
        current = cycle.stages.filter(status=StageStatus.CURRENT).select_related("cycle__scheme__authority").first()
        if cycle.state != CycleState.OPEN or current is None or current.pk != int(ending):
            now_at = current.name if current is not None else _("the cycle is closed")
            raise StaleAdvance(
                _("The cycle has moved on meanwhile (now: %(stage)s); nothing was changed.") % {"stage": now_at}
            )
        unmet = [check.unmet for check in stage_checks(current, now) if not check.holds]
        if unmet:
            raise StageCannotEnd(current, unmet)
        undecided = stage_undecided(current)
        if undecided and not confirm:
            raise AdvanceNeedsConfirmation(
                ngettext(
                    "Ending %(stage)s leaves %(count)s application undecided; confirm to go on.",
                    "Ending %(stage)s leaves %(count)s applications undecided; confirm to go on.",
                    len(undecided),
                )
                % {"stage": current.name, "count": len(undecided)},
                undecided,
            )
        cycle_stage_set_status(current, StageStatus.DONE, now=now)
        if RULES[current.kind].ends is not None:
            RULES[current.kind].ends(current, by)
        following = next_stage(current)
        if following is not None:
            _begin(following, by=by, now=now)
        else:
            cycle_set_state(cycle, CycleState.CLOSED, now=now)
        audit_record(
            actor=by,
            action="cycle.advanced" if following else "cycle.closed",
            summary=_("%(cycle)s: %(from)s ended, %(to)s began")
            % {"cycle": cycle, "from": current.name, "to": following.name if following else _("cycle closed")},
            target=cycle,
            authority=cycle.scheme.authority,
            from_state=current.kind,
            to_state=following.kind if following else CycleState.CLOSED,
            article=following.article if following else current.article,
            reason=reason,
            data={"left_undecided": [application.pk for application in undecided]} if undecided else None,
        )
    return following


def notice_prepare_missing(stage: CycleStage, *, by, department=None):
    """Draft the notice of ``stage`` that its start did not draft (e.g. a county office whose
    applications were listed later), with the list the pipeline names for the stage."""
    if department is not None and department not in notice_departments(stage):
        raise PublicityError(_("Nobody of this jurisdiction is to be listed at this stage."))
    listed = notice_list(stage, department)
    if not listed.exists():
        raise PublicityError(_("The list is empty: there is nobody to publish."))
    return notice_prepare(
        stage, by=by, title=notice_title(stage, department), department=department, applications=listed
    )
