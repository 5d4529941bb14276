"""Reporting periods: a year, a half-year or a quarter, and the report each is due for.

The annual report (001 第四十三条) covers a calendar year, the case report every
half-year (003 第二十三条) January–June or July–December, the loss report every
quarter (003 第二十四条) a calendar quarter.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The Administrative Litigation Law took effect on 1990-10-01: no case to count before it.
FIRST_YEAR = 1990

YEAR, H1, H2, Q1, Q2, Q3, Q4 = "year", "h1", "h2", "q1", "q2", "q3", "q4"

# part: (first month, last month, label)
PARTS = {
    YEAR: (1, 12, gettext_lazy("Whole year")),
    H1: (1, 6, gettext_lazy("First half")),
    H2: (7, 12, gettext_lazy("Second half")),
    Q1: (1, 3, gettext_lazy("First quarter")),
    Q2: (4, 6, gettext_lazy("Second quarter")),
    Q3: (7, 9, gettext_lazy("Third quarter")),
    Q4: (10, 12, gettext_lazy("Fourth quarter")),
}


def part_choices():
    return [(code, label) for code, (_first, _last, label) in PARTS.items()]


@dataclass(frozen=True)
class Period:
    year: int
    part: str = YEAR

    @property
    def start(self):
        return datetime.date(self.year, PARTS[self.part][0], 1)

    @property
    def end(self):
        last_month = PARTS[self.part][1]
        if last_month == 12:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, last_month + 1, 1) - datetime.timedelta(days=1)

    @property
    def label(self):
        return _("%(year)d, %(part)s") % {"year": self.year, "part": PARTS[self.part][2]}

    @property
    def kind(self):
        """annual, half_year or quarterly: the report this period is due for."""
        if self.part == YEAR:
            return "annual"
        return "half_year" if self.part in (H1, H2) else "quarterly"

    def years_up_to(self, count):
        """The ``count`` calendar years ending with this period's year, for a trend."""
        return [Period(year) for year in range(max(FIRST_YEAR, self.year - count + 1), self.year + 1)]


def parse(year, part, today):
    """The Period for ``year`` (int or text) and ``part`` (a code of PARTS); ValidationError in Chinese if bad.

    A year before the law took effect, a year to come, an unknown part or a
    period that has not begun yet are refused.
    """
    try:
        year = int(str(year).strip())
    except (TypeError, ValueError):
        message = _("Enter the year as a number, e.g. %(year)d.") % {"year": today.year}
        raise ValidationError(message, code="year") from None
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationError(
            _("The year must be between %(first)d (the Administrative Litigation Law took effect) and %(last)d.")
            % {"first": FIRST_YEAR, "last": today.year},
            code="year",
        )
    if part not in PARTS:
        raise ValidationError(
            _("Unknown period “%(part)s”: choose the whole year, a half-year or a quarter.") % {"part": part},
            code="part",
        )
    period = Period(year, part)
    if period.start > today:
        raise ValidationError(
            _("%(period)s has not begun yet: choose a period that has begun.") % {"period": period.label},
            code="future",
        )
    return period
