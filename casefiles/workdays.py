"""Working days and counting periods the way the law counts them.

A period in days does not count the day it starts from; when its last day is a
statutory holiday or a rest day, the period ends on the first working day after
it (民事诉讼法 第八十五条, which 行政诉讼法 第一百零一条 applies to
administrative cases). A period in working days counts working days only.

Which days are working days comes from China's official holiday arrangements
(国务院办公厅 每年的部分节假日安排): the ``chinesecalendar`` package carries them
for :data:`LIBRARY_YEARS`, holidays and make-up working days (调休上班) alike.
Supervisors extend or correct that in the admin: a :class:`~casefiles.models.CalendarDay`
overrides any date, and a :class:`~casefiles.models.CalendarYear` records that a
later year's arrangement has been entered in full. A count that consults a day in
a year with neither is *provisional*: it assumes Monday to Friday are working
days, which the official arrangement will change.

Load a :class:`WorkingCalendar` once per request (two small queries) and pass it
to everything that counts: counting itself never touches the database.
"""

import datetime
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import chinese_calendar

LIBRARY_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)
_LIBRARY_HOLIDAYS = frozenset(chinese_calendar.holidays)
_LIBRARY_WORKDAYS = frozenset(chinese_calendar.workdays)
_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Counted:
    """The day a count ends on, and whether it rests on a year without an official calendar."""

    date: datetime.date
    provisional: bool


class WorkingCalendar:
    """Working days: the official arrangements, overridden by the days and years supervisors entered.

    ``days`` maps a date to whether it is a working day; ``entered_years`` are
    the years whose official arrangement has been entered in full.
    """

    def __init__(self, days: Mapping[datetime.date, bool] | None = None, entered_years: Collection[int] = ()):
        self._days = dict(days or {})
        self._entered_years = frozenset(entered_years)

    @classmethod
    def load(cls):
        """The calendar as the database has it now."""
        from casefiles.models import CalendarDay, CalendarYear

        days = {
            day: kind == CalendarDay.Kind.WORKING_DAY for day, kind in CalendarDay.objects.values_list("date", "kind")
        }
        return cls(days, CalendarYear.objects.values_list("year", flat=True))

    def is_official(self, year):
        """Is the official arrangement of ``year`` known (built in, or entered by a supervisor)?"""
        return year in LIBRARY_YEARS or year in self._entered_years

    def is_working_day(self, day):
        if day in self._days:
            return self._days[day]
        if day in _LIBRARY_WORKDAYS:
            return True
        return day.weekday() < 5 and day not in _LIBRARY_HOLIDAYS

    def _counted(self, day, first, last):
        """``day`` as a count's result, provisional if any year from ``first`` to ``last`` is not official."""
        years = range(min(first, last).year, max(first, last).year + 1)
        return Counted(day, any(not self.is_official(year) for year in years))

    def add_days(self, start, days):
        """The last day of a period of ``days`` days from ``start``.

        The start day is not counted; a last day that is not a working day
        gives way to the next working day.
        """
        _check_period(days)
        end = start + datetime.timedelta(days=days)
        day = end
        while not self.is_working_day(day):
            day += _DAY
        return self._counted(day, end, day)

    def add_working_days(self, start, days):
        """The ``days``-th working day after ``start``."""
        _check_period(days)
        day = start
        while days:
            day += _DAY
            if self.is_working_day(day):
                days -= 1
        return self._counted(day, start + _DAY, day)

    def days_before(self, date, days):
        """The day ``days`` days before ``date``; if that is not a working day, the working day before it.

        An internal deadline set before another one must fall on a day the
        office works, and never later than the count gives.
        """
        _check_period(days)
        start = date - datetime.timedelta(days=days)
        day = start
        while not self.is_working_day(day):
            day -= _DAY
        return self._counted(day, start, day)

    def working_days_before(self, date, days):
        """The working day that lies ``days`` working days before ``date`` (``date`` itself not counted)."""
        _check_period(days)
        day = date
        while days:
            day -= _DAY
            if self.is_working_day(day):
                days -= 1
        return self._counted(day, date - _DAY, day)


def _check_period(days):
    if days < 1:
        raise ValueError(f"a period is at least one day, not {days}")
