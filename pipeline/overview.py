"""The cycle at a glance, for its office: the timetable as a timeline (planned against actual, today
marked), how many applications stand in each state, and how each review round's consensus totals
spread. Each is read in a fixed number of queries whatever the number of applications; the drawing's
geometry is computed here, so that the templates only place shapes (inline SVG, drawn on the server:
no script, nothing fetched from elsewhere)."""

import datetime
import math
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application
from cycles.enums import StageStatus
from cycles.models import RubricItem
from reviews.enums import EntryDecision
from reviews.models import Round, RoundEntry

ONE_DAY = datetime.timedelta(days=1)

# The histogram of a round: ten bins of a tenth of the rubric's points each, the last one closed.
BINS = 10
CHART_WIDTH, CHART_HEIGHT = 320, 150
CHART_LEFT, CHART_BOTTOM, CHART_TOP = 8, 22, 14


def _percent(value: float) -> str:
    """A coordinate of the timeline, in percent of its width, as SVG and CSS read it."""
    return f"{value:.2f}"


# The timeline ------------------------------------------------------------------------------------


@dataclass
class TimelineRow:
    stage: object
    planned_x: str
    planned_width: str
    actual_x: str | None = None
    actual_width: str | None = None
    overdue: bool = False  # ran, or runs, past its planned end


@dataclass
class Timeline:
    rows: list
    start: datetime.date
    end: datetime.date  # the last day shown
    today: datetime.date
    today_x: str | None  # None when today lies outside the range shown
    today_align: str = "middle"  # the label's anchor: "start" near the left edge, "end" near the right one
    ticks: list = field(default_factory=list)  # [(x, date, align)]: the first day of a month


def _local_date(moment):
    return timezone.localdate(moment) if moment is not None else None


def cycle_timeline(stages, *, is_open: bool, today: datetime.date | None = None) -> Timeline | None:
    """The stages of a cycle (``cycle_timetable``) placed on one axis of days: each stage's planned
    span from its first to its last planned day, and the span it actually ran (a stage in progress
    runs to today). While the cycle is open the axis reaches today. No query."""
    today = today or timezone.localdate()
    if not stages:
        return None
    spans = []
    for stage in stages:
        started = _local_date(stage.started_at)
        ended = _local_date(stage.ended_at) or (today if stage.status == StageStatus.CURRENT else None)
        spans.append((stage, started, ended))
    days = [d for stage, started, ended in spans for d in (stage.planned_start, stage.planned_end, started, ended) if d]
    if is_open:
        days.append(today)
    start, end = min(days), max(days)
    length = (end - start).days + 1  # every day is a slot of the axis, the last one included

    def x(day):
        return (day - start).days / length * 100

    rows = []
    for stage, started, ended in spans:
        row = TimelineRow(
            stage=stage,
            planned_x=_percent(x(stage.planned_start)),
            planned_width=_percent(x(stage.planned_end + ONE_DAY) - x(stage.planned_start)),
        )
        if started is not None and ended is not None:
            row.actual_x = _percent(x(started))
            row.actual_width = _percent(x(ended + ONE_DAY) - x(started))
            row.overdue = ended > stage.planned_end
        rows.append(row)
    ticks = []
    month = start.replace(day=1)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = max(1, math.ceil(months / 6))  # at most about six labels, so that they never overlap
    while month <= end:
        if month >= start:
            ticks.append((_percent(x(month)), month, _align(x(month))))
        for _step in range(step):
            month = (month + datetime.timedelta(days=32)).replace(day=1)
    today_at = x(today) + 50 / length
    return Timeline(
        rows=rows,
        start=start,
        end=end,
        today=today,
        today_x=_percent(today_at) if start <= today <= end else None,
        today_align=_align(today_at, middle=True),
        ticks=ticks,
    )


def _align(x: float, *, middle=False) -> str:
    """Where a label at ``x`` percent is anchored so that it stays inside the axis."""
    if x > 85:
        return "end"
    if middle and x >= 15:
        return "middle"
    return "start"


# Applications by state ---------------------------------------------------------------------------


@dataclass
class StateCount:
    status: str
    label: str
    count: int


def application_counts(cycle) -> tuple[list[StateCount], int]:
    """How many applications of ``cycle`` stand in each state, in the order of the pipeline
    (``ApplicationStatus``), and their total. One query, counted by the database."""
    counted = dict(Application.objects.filter(cycle=cycle).order_by().values_list("status").annotate(count=Count("pk")))
    counts = [StateCount(status, label, counted.get(status, 0)) for status, label in ApplicationStatus.choices]
    return counts, sum(counted.values())


# The spread of each review round's scores --------------------------------------------------------


@dataclass
class Bin:
    low: Decimal
    high: Decimal
    count: int
    x: int = 0
    y: int = 0
    width: int = 0
    height: int = 0

    @property
    def label_x(self):
        return self.x + self.width // 2


@dataclass
class RoundSpread:
    round: Round
    entries: int = 0  # in the round
    advanced: int = 0
    eliminated: int = 0
    pending: int = 0
    scores: list = field(default_factory=list)  # the complete consensus totals, in points
    maximum: Decimal | None = None  # the rubric's points, when every entry's rubric has the same
    bins: list = field(default_factory=list)
    in_percent: bool = False  # the bins are in percent of each rubric's points (rubrics differ)

    @property
    def scored(self):
        return len(self.scores)

    @property
    def lowest(self):
        return min(self.scores) if self.scores else None

    @property
    def highest(self):
        return max(self.scores) if self.scores else None

    @property
    def mean(self):
        return sum(self.scores) / len(self.scores) if self.scores else None

    @property
    def median(self):
        return statistics.median(self.scores) if self.scores else None


def _place_bins(spread: RoundSpread, values: list[Decimal], scale: Decimal) -> None:
    counts = [0] * BINS
    for value in values:
        counts[min(int(value / scale * BINS), BINS - 1)] += 1
    tallest = max(counts) or 1
    plot_height = CHART_HEIGHT - CHART_BOTTOM - CHART_TOP
    slot = (CHART_WIDTH - 2 * CHART_LEFT) // BINS
    for index, count in enumerate(counts):
        height = round(count / tallest * plot_height)
        spread.bins.append(
            Bin(
                low=scale * index / BINS,
                high=scale * (index + 1) / BINS,
                count=count,
                x=CHART_LEFT + index * slot + 2,
                y=CHART_HEIGHT - CHART_BOTTOM - height,
                width=slot - 4,
                height=height,
            )
        )


def round_spreads(cycle) -> list[RoundSpread]:
    """Each review round of ``cycle``, in the pipeline's order, with how many entries it holds and
    how they were decided, and the histogram of its complete consensus totals (an entry whose
    consensus covers every item of its rubric). Four queries, whatever the number of entries."""
    rounds = list(Round.objects.filter(cycle=cycle).select_related("stage").order_by("stage__order"))
    spreads = {round_.pk: RoundSpread(round=round_) for round_ in rounds}
    if not spreads:
        return []
    decided = (
        RoundEntry.objects.filter(round_id__in=list(spreads))
        .order_by()
        .values_list("round_id", "decision")
        .annotate(count=Count("pk"))
    )
    for round_id, decision, count in decided:
        spread = spreads[round_id]
        spread.entries += count
        if decision == EntryDecision.ADVANCED:
            spread.advanced += count
        elif decision == EntryDecision.ELIMINATED:
            spread.eliminated += count
        else:
            spread.pending += count
    # The rubric's points and items are read apart, once a rubric: as subqueries of this aggregate
    # they were grouped by and PostgreSQL ran them for every consensus score (×25 at 10,000).
    totals = list(
        RoundEntry.objects.filter(round_id__in=list(spreads))
        .order_by()
        .values("pk", "round_id", "application__category__rubric_id")
        .annotate(total=Sum("consensus__points"), items=Count("consensus"))
        .filter(items__gt=0)
    )
    rubrics = {
        row["section__rubric_id"]: (row["points"], row["count"])
        for row in RubricItem.objects.filter(
            section__rubric_id__in={row["application__category__rubric_id"] for row in totals}
        )
        .order_by()
        .values("section__rubric_id")
        .annotate(points=Sum("points"), count=Count("pk"))
    }
    maxima = {pk: set() for pk in spreads}
    scored = {pk: [] for pk in spreads}
    for row in totals:
        rubric_points, rubric_items = rubrics.get(row["application__category__rubric_id"], (None, None))
        if row["items"] == rubric_items and rubric_points:
            scored[row["round_id"]].append((row["total"], Decimal(rubric_points)))
            maxima[row["round_id"]].add(rubric_points)
    for pk, spread in spreads.items():
        spread.scores = sorted(total for total, _maximum in scored[pk])
        if len(maxima[pk]) == 1:
            spread.maximum = Decimal(maxima[pk].pop())
            _place_bins(spread, spread.scores, spread.maximum)
        elif scored[pk]:
            spread.in_percent = True
            _place_bins(spread, [total / maximum * 100 for total, maximum in scored[pk]], Decimal(100))
    return list(spreads.values())


def chart_geometry() -> dict:
    """The frame of every round's histogram, for the template."""
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_LEFT,
        "base": CHART_HEIGHT - CHART_BOTTOM,
        "label_y": CHART_HEIGHT - CHART_BOTTOM + 13,
    }
