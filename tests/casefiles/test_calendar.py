"""Counting days as the law does, over China's official holidays and make-up working days.

The holidays the tables cross:

* National Day 2025 (国务院办公厅关于2025年部分节假日安排的通知): 10月1日至8日放假调休，
  9月28日（周日）、10月11日（周六）上班.
* Spring Festival 2026 (国务院办公厅关于2026年部分节假日安排的通知, 2025年11月4日):
  2月15日至23日放假调休，共9天；2月14日（周六）、2月28日（周六）上班.
  New Year 2026: 1月1日至3日放假，1月4日（周日）上班.

2031 stands for a year whose arrangement is not published yet.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from casefiles.models import CalendarDay, CalendarYear
from casefiles.workdays import LIBRARY_YEARS, Counted, WorkingCalendar


def d(text):
    return datetime.date.fromisoformat(text)


OFFICIAL = WorkingCalendar()


@pytest.mark.parametrize(
    "day, working",
    [
        ("2025-09-28", True),  # Sunday, make-up working day
        ("2025-10-01", False),
        ("2025-10-08", False),  # Wednesday, still the holiday
        ("2025-10-09", True),
        ("2025-10-11", True),  # Saturday, make-up working day
        ("2025-10-12", False),  # an ordinary Sunday
        ("2026-02-14", True),  # Saturday, make-up working day
        ("2026-02-15", False),
        ("2026-02-23", False),  # Monday, still the holiday
        ("2026-02-24", True),
        ("2026-02-28", True),  # Saturday, make-up working day
        ("2026-03-01", False),
    ],
)
def test_working_days_follow_the_official_arrangement(day, working):
    assert OFFICIAL.is_working_day(d(day)) is working


@pytest.mark.parametrize(
    "start, days, due",
    [
        # National Day 2025
        ("2025-09-20", 10, "2025-09-30"),
        ("2025-09-21", 10, "2025-10-09"),  # ends 10-01, in the holiday: first working day after it
        ("2025-09-26", 15, "2025-10-11"),  # ends on the make-up Saturday, a working day
        ("2025-09-27", 1, "2025-09-28"),  # ends on the make-up Sunday
        ("2025-10-03", 2, "2025-10-09"),
        ("2025-10-07", 5, "2025-10-13"),  # ends 10-12, an ordinary Sunday
        # Spring Festival 2026
        ("2026-02-10", 3, "2026-02-13"),
        ("2026-02-10", 4, "2026-02-14"),  # the make-up Saturday before the holiday
        ("2026-02-10", 5, "2026-02-24"),  # ends 02-15, first day of the holiday
        ("2026-02-13", 10, "2026-02-24"),  # ends 02-23, its last day
        ("2026-02-20", 8, "2026-02-28"),  # the make-up Saturday after it
        ("2026-02-21", 8, "2026-03-02"),  # an ordinary Sunday
        # Across the year: 2026-01-02 is New Year, 01-04 (Sunday) a make-up working day.
        ("2025-12-25", 8, "2026-01-04"),
    ],
)
def test_a_period_in_days_skips_its_start_and_ends_on_a_working_day(start, days, due):
    assert OFFICIAL.add_days(d(start), days) == Counted(d(due), provisional=False)


@pytest.mark.parametrize(
    "start, days, due",
    [
        ("2025-09-26", 1, "2025-09-28"),  # Friday → the make-up Sunday
        ("2025-09-25", 5, "2025-10-09"),  # 26, 28, 29, 30, then after the holiday
        ("2025-09-30", 1, "2025-10-09"),
        ("2025-09-30", 3, "2025-10-11"),
        ("2026-02-12", 2, "2026-02-14"),
        ("2026-02-13", 2, "2026-02-24"),
        ("2026-02-24", 4, "2026-02-28"),
        ("2026-02-09", 10, "2026-02-28"),
    ],
)
def test_a_period_in_working_days_counts_working_days(start, days, due):
    assert OFFICIAL.add_working_days(d(start), days) == Counted(d(due), provisional=False)


@pytest.mark.parametrize(
    "date, days, due",
    [
        ("2025-10-11", 5, "2025-09-28"),  # 10, 9, 30, 29 and the make-up Sunday
        ("2025-10-13", 1, "2025-10-11"),
        ("2025-10-09", 1, "2025-09-30"),
        ("2026-02-24", 1, "2026-02-14"),
        ("2026-02-24", 2, "2026-02-13"),
        ("2026-03-02", 1, "2026-02-28"),
    ],
)
def test_working_days_before_a_deadline(date, days, due):
    assert OFFICIAL.working_days_before(d(date), days) == Counted(d(due), provisional=False)


@pytest.mark.parametrize(
    "date, days, due",
    [
        ("2025-10-11", 3, "2025-09-30"),  # 10-08 is a holiday: the working day before it
        ("2025-10-15", 4, "2025-10-11"),  # the make-up Saturday is a working day
        ("2025-10-13", 1, "2025-10-11"),
        ("2026-02-27", 5, "2026-02-14"),
    ],
)
def test_days_before_a_deadline_fall_back_to_a_working_day(date, days, due):
    assert OFFICIAL.days_before(d(date), days) == Counted(d(due), provisional=False)


@pytest.mark.parametrize("days", [0, -1])
def test_a_period_is_at_least_one_day(days):
    for count in (OFFICIAL.add_days, OFFICIAL.add_working_days, OFFICIAL.days_before, OFFICIAL.working_days_before):
        with pytest.raises(ValueError):
            count(d("2025-10-01"), days)


def test_the_built_in_calendar_covers_2004_to_2026():
    # chinesecalendar 1.11.0; a newer release covering 2027 moves the year boundary cases below.
    assert LIBRARY_YEARS == range(2004, 2027)
    assert OFFICIAL.is_official(2026) and not OFFICIAL.is_official(2027) and not OFFICIAL.is_official(2031)


@pytest.mark.parametrize(
    "count, start, days, due, provisional",
    [
        ("add_days", "2031-03-01", 15, "2031-03-17", True),  # 03-16 is a Sunday
        ("add_working_days", "2031-03-07", 1, "2031-03-10", True),
        ("working_days_before", "2031-03-10", 1, "2031-03-07", True),
        ("days_before", "2031-03-10", 1, "2031-03-07", True),
        # At the edge of the built-in calendar: only a count that reaches into 2027 is provisional.
        ("add_days", "2026-12-10", 15, "2026-12-25", False),
        ("add_days", "2026-12-20", 15, "2027-01-04", True),
        ("add_working_days", "2026-12-30", 1, "2026-12-31", False),
        ("add_working_days", "2026-12-31", 1, "2027-01-01", True),  # New Year 2027 is not known yet
        ("working_days_before", "2027-01-04", 1, "2027-01-01", True),  # a Friday; New Year 2027 is not known yet
        ("working_days_before", "2027-01-01", 1, "2026-12-31", False),
    ],
)
def test_a_count_in_a_year_without_an_official_calendar_is_provisional(count, start, days, due, provisional):
    assert getattr(OFFICIAL, count)(d(start), days) == Counted(d(due), provisional)


# A supervisor enters 2031's National Day as the State Council might publish it.
NATIONAL_DAY_2031 = [(f"2031-10-0{day}", CalendarDay.Kind.HOLIDAY) for day in range(1, 8)] + [
    ("2031-09-28", CalendarDay.Kind.WORKING_DAY),  # Sunday
    ("2031-10-11", CalendarDay.Kind.WORKING_DAY),  # Saturday
]


@pytest.mark.django_db
def test_a_supervisor_enters_a_years_calendar_and_it_is_no_longer_provisional():
    assert WorkingCalendar.load().add_days(d("2031-09-20"), 11) == Counted(d("2031-10-01"), provisional=True)
    for day, kind in NATIONAL_DAY_2031:
        CalendarDay.objects.create(date=d(day), kind=kind, name="国庆节")
    # The days count at once; the year stays provisional until its whole arrangement is entered.
    assert WorkingCalendar.load().add_days(d("2031-09-20"), 11) == Counted(d("2031-10-08"), provisional=True)
    CalendarYear.objects.create(year=2031, source="国务院办公厅关于2031年部分节假日安排的通知")
    calendar = WorkingCalendar.load()
    assert calendar.add_days(d("2031-09-20"), 11) == Counted(d("2031-10-08"), provisional=False)
    assert calendar.add_days(d("2031-10-08"), 3) == Counted(d("2031-10-11"), provisional=False)
    assert calendar.add_working_days(d("2031-09-26"), 1) == Counted(d("2031-09-28"), provisional=False)


@pytest.mark.django_db
def test_a_calendar_day_corrects_the_built_in_calendar():
    # Say a local holiday made 2026-02-27 a day off: a period ending then moves to the make-up Saturday.
    assert WorkingCalendar.load().add_days(d("2026-02-17"), 10) == Counted(d("2026-02-27"), provisional=False)
    CalendarDay.objects.create(date=d("2026-02-27"), kind=CalendarDay.Kind.HOLIDAY)
    assert WorkingCalendar.load().add_days(d("2026-02-17"), 10) == Counted(d("2026-02-28"), provisional=False)


@pytest.mark.django_db
def test_counting_with_a_loaded_calendar_asks_the_database_nothing(django_assert_num_queries):
    CalendarDay.objects.create(date=d("2031-10-01"), kind=CalendarDay.Kind.HOLIDAY)
    with django_assert_num_queries(2):
        calendar = WorkingCalendar.load()
    with django_assert_num_queries(0):
        for offset in range(500):
            start = d("2025-01-01") + datetime.timedelta(days=offset * 13)
            calendar.add_days(start, 15)
            calendar.add_working_days(start, 5)
            calendar.working_days_before(start, 5)


@pytest.mark.django_db
def test_calendar_entries_are_checked():
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as error:
            CalendarDay(date=d("2031-10-08"), kind=CalendarDay.Kind.WORKING_DAY).full_clean()
        assert "调休上班日应是星期六或星期日" in str(error.value)
        with pytest.raises(ValidationError) as error:
            CalendarYear(year=2025, source="国办发明电〔2024〕12号").full_clean()
        assert "2025 年的官方日历已内置" in str(error.value)
        CalendarYear(year=2031, source="国务院办公厅关于2031年部分节假日安排的通知").full_clean()
