"""A month of deadlines: every deadline of the case files the user may view, on the day it falls due."""

import calendar
import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from casefiles import access
from casefiles.models import CaseDeadline
from casefiles.workdays import WorkingCalendar


def parse_month(text, today):
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def shift(first, months):
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_weeks(user, first, today):
    """The weeks (Monday first) covering ``first``'s month, each day with its deadlines; one query."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    deadlines = (
        CaseDeadline.objects.filter(
            due__range=(weeks[0][0], weeks[-1][-1]), case_file__in=access.case_files(user).values("pk")
        )
        .select_related("case_file")
        .order_by("due", "case_file__case_number", "code")
    )
    by_day = {}
    for deadline in deadlines:
        by_day.setdefault(deadline.due, []).append(deadline)
    working = WorkingCalendar.load()
    return [
        [
            {
                "date": day,
                "in_month": day.month == first.month,
                "today": day == today,
                "working": working.is_working_day(day),
                "deadlines": [
                    {"deadline": deadline, "overdue": deadline.is_overdue(today)} for deadline in by_day.get(day, [])
                ],
            }
            for day in week
        ]
        for week in weeks
    ]


class DeadlineCalendarView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Deadlines by month")
    template_name = "casefiles/deadline_calendar.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        first = parse_month(self.request.GET.get("month"), today)
        return super().get_context_data(
            month=first,
            previous=f"{shift(first, -1):%Y-%m}",
            next=f"{shift(first, 1):%Y-%m}",
            weeks=month_weeks(self.request.user, first, today),
            **kwargs,
        )
