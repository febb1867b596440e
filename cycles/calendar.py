"""China's working-day calendar, and every deadline the product computes.

A day is a working day by, in order: the office's own table (``CalendarDay``; for a year the
office entered in full, ``CalendarYear``, nothing else is consulted), then the
``chinesecalendar`` library for the years it knows. A working-day deadline that runs into a year
nobody knows is refused with ``UnknownCalendarYear``: a legal deadline is never guessed.

Periods follow the Civil Code: the day an act happens is not counted, a period starts on the
following day (民法典第二百零一条); a period whose last day is a statutory holiday or rest day ends
on the next working day (第二百零三条), which matters for periods of calendar days such as
Qingyuan's 7-day notice (四(五)).
"""

import datetime
import functools

import chinese_calendar
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import DayUnit
from .models import CalendarDay, CalendarYear

# Working days never run further than this in one call; a bound on the loop.
_MAX_SPAN_DAYS = 3660


class UnknownCalendarYear(Exception):
    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _(
                "The holiday arrangement of %(year)s is not known yet. Enter the State Council's "
                "arrangement for %(year)s under “Holiday arrangements” before computing this deadline."
            )
            % {"year": year}
        )


@functools.cache
def _library_workdays(year: int) -> frozenset[datetime.date] | None:
    """The working days of ``year`` by the ``chinesecalendar`` library, or None for a year it does
    not know. Computed once a process: the library's data ship with it, and its ``is_workday``
    scans its whole table of holidays for the years it covers on every call."""
    first = datetime.date(year, 1, 1)
    try:
        chinese_calendar.is_workday(first)
    except NotImplementedError:
        return None
    days = (datetime.date(year + 1, 1, 1) - first).days
    return frozenset(
        day
        for day in (first + datetime.timedelta(days=offset) for offset in range(days))
        if chinese_calendar.is_workday(day)
    )


class WorkingCalendar:
    """Answers ``is_workday`` for many days with one query per year touched."""

    def __init__(self):
        self._years: dict[int, tuple[bool, dict[datetime.date, bool]]] = {}

    def _year(self, year: int):
        if year not in self._years:
            entered = CalendarYear.objects.filter(year=year).exists()
            overrides = dict(CalendarDay.objects.filter(date__year=year).values_list("date", "is_workday"))
            self._years[year] = (entered, overrides)
        return self._years[year]

    def is_workday(self, day: datetime.date) -> bool:
        entered, overrides = self._year(day.year)
        if day in overrides:
            return overrides[day]
        if entered:
            return day.weekday() < 5
        workdays = _library_workdays(day.year)
        if workdays is None:
            raise UnknownCalendarYear(day.year)
        return day in workdays

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        day, counted = start, 0
        for _step in range(_MAX_SPAN_DAYS):
            if counted == days:
                return day
            day += datetime.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        raise ValueError("period too long")


def add_days(start: datetime.date, days: int, unit: str, *, calendar: WorkingCalendar | None = None) -> datetime.date:
    """The last day of a period of ``days`` working or calendar days that begins after ``start``.

    A period of calendar days that would end on a holiday or rest day ends on the next working day
    (民法典第二百零三条); like any deadline it is refused through a year nobody has entered.
    """
    calendar = calendar or WorkingCalendar()
    if unit == DayUnit.CALENDAR:
        end = start + datetime.timedelta(days=days)
        for _step in range(_MAX_SPAN_DAYS):
            if calendar.is_workday(end):
                return end
            end += datetime.timedelta(days=1)
        raise ValueError("period too long")
    if unit == DayUnit.WORKING:
        return calendar.add_working_days(start, days)
    raise ValueError(f"unknown day unit {unit!r}")


def is_workday(day: datetime.date) -> bool:
    return WorkingCalendar().is_workday(day)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last moment of ``day`` in the installation's time zone: when a period runs out."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def period_description(days: int, unit: str) -> str:
    if unit == DayUnit.WORKING:
        return _("%(days)s working days") % {"days": days}
    return _("%(days)s calendar days") % {"days": days}
