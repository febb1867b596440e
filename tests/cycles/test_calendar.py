import datetime

import pytest

from cycles.calendar import UnknownCalendarYear, WorkingCalendar, add_days, is_workday
from cycles.enums import DayUnit
from cycles.models import CalendarDay, CalendarYear

D = datetime.date


@pytest.mark.django_db
def test_spring_festival_2026_is_skipped_and_adjusted_saturday_counts():
    # 2026-02-14 (Sat) is an adjusted working day; 02-15..02-23 are the Spring Festival holiday.
    assert add_days(D(2026, 2, 13), 1, DayUnit.WORKING) == D(2026, 2, 14)
    assert add_days(D(2026, 2, 13), 2, DayUnit.WORKING) == D(2026, 2, 24)
    assert add_days(D(2026, 2, 13), 5, DayUnit.WORKING) == D(2026, 2, 27)


@pytest.mark.django_db
def test_national_day_2026_five_working_days_after_september_30_end_on_october_13():
    assert add_days(D(2026, 9, 30), 5, DayUnit.WORKING) == D(2026, 10, 13)


@pytest.mark.django_db
def test_calendar_days_count_holidays_but_do_not_end_on_one():
    # 民法典第二百零三条: 2026-09-30 + 7 days is 10-07, a National Day holiday; the period ends on 10-08.
    assert add_days(D(2026, 9, 30), 7, DayUnit.CALENDAR) == D(2026, 10, 8)
    assert add_days(D(2026, 9, 20), 7, DayUnit.CALENDAR) == D(2026, 9, 28)  # 09-27 is a Sunday


@pytest.mark.django_db
def test_seven_day_notice_whose_last_day_is_a_holiday_ends_on_the_next_working_day():
    # Qingyuan 四(五): published 2026-09-24; day 7 is 10-01 (National Day), the holiday runs to 10-07.
    assert add_days(D(2026, 9, 24), 7, DayUnit.CALENDAR) == D(2026, 10, 8)


@pytest.mark.django_db
def test_zero_days_is_the_start_day():
    assert add_days(D(2026, 3, 2), 0, DayUnit.WORKING) == D(2026, 3, 2)


@pytest.mark.django_db
def test_working_days_into_an_unknown_year_are_refused():
    with pytest.raises(UnknownCalendarYear) as error:
        add_days(D(2026, 12, 28), 5, DayUnit.WORKING)
    assert error.value.year == 2027
    assert "2027" in str(error.value)


@pytest.mark.django_db
def test_calendar_days_into_an_unknown_year_are_refused_until_it_is_entered():
    # Whether 2027-01-04 is a rest day decides where the period ends: never guessed.
    with pytest.raises(UnknownCalendarYear):
        add_days(D(2026, 12, 28), 7, DayUnit.CALENDAR)
    CalendarYear.objects.create(year=2027, source="国办发明电〔2026〕1号")
    assert add_days(D(2026, 12, 28), 7, DayUnit.CALENDAR) == D(2027, 1, 4)


@pytest.mark.django_db
def test_office_entered_year_takes_effect():
    CalendarYear.objects.create(year=2027, source="国办发明电〔2026〕1号")
    CalendarDay.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦")
    # 2026-12-31 is a Thursday; 2027-01-01 (Fri) is the New Year holiday, then the weekend.
    assert add_days(D(2026, 12, 31), 1, DayUnit.WORKING) == D(2027, 1, 4)
    assert add_days(D(2026, 12, 31), 5, DayUnit.WORKING) == D(2027, 1, 8)


@pytest.mark.django_db
def test_office_adjustment_overrides_the_library():
    # The office records an extra holiday (e.g. a local arrangement) and an extra working Sunday.
    assert is_workday(D(2026, 3, 2))
    CalendarDay.objects.create(date=D(2026, 3, 2), is_workday=False, name="调整")
    CalendarDay.objects.create(date=D(2026, 3, 8), is_workday=True, name="调休上班")
    assert not is_workday(D(2026, 3, 2))
    assert is_workday(D(2026, 3, 8))
    assert add_days(D(2026, 2, 27), 2, DayUnit.WORKING) == D(2026, 3, 3)


@pytest.mark.django_db
def test_calendar_costs_two_queries_per_year(django_assert_num_queries):
    calendar = WorkingCalendar()
    with django_assert_num_queries(2):
        calendar.add_working_days(D(2026, 1, 5), 200)


@pytest.mark.django_db
def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_days(D(2026, 3, 2), -1, DayUnit.WORKING)
