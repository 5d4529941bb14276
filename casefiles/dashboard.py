"""The admin home page's panel of deadlines: those overdue and those due soon, of the case files a user may view.

Officers, heads and archivists see their agencies' case files (by the grants
of :mod:`casefiles.access`); supervisors see every case file, grouped by
handling unit. A deadline is listed while it is open (not met) and due within
``DEADLINE_SOON_WORKING_DAYS`` working days, or already overdue. The archiving
deadline (立卷归档, 004 第二十四条) is one of them until the archiving workflow
archives the case file; :func:`overdue_archiving` lists those already passed,
for the archivists' queue.
"""

import itertools

from django.conf import settings
from django.utils import timezone
from wagtail.admin.ui.components import Component

from casefiles import access
from casefiles.models import CaseDeadline
from casefiles.models.case_deadlines import ARCHIVE_DEADLINE
from casefiles.workdays import WorkingCalendar


def soon_horizon(today, calendar=None):
    """The last day a deadline may fall on to be "due soon" on ``today``."""
    days = getattr(settings, "DEADLINE_SOON_WORKING_DAYS", 5)
    if days < 1:
        return today
    return (calendar or WorkingCalendar.load()).add_working_days(today, days).date


def open_deadlines(user, today=None, calendar=None):
    """The open deadlines of the case files ``user`` may view, due by the horizon or overdue; one query."""
    today = today or timezone.localdate()
    return (
        CaseDeadline.objects.filter(
            met_on__isnull=True,
            due__lte=soon_horizon(today, calendar),
            case_file__in=access.case_files(user).values("pk"),
        )
        .select_related("case_file", "case_file__handling_unit")
        .order_by("due", "case_file__case_number", "code")
    )


def overdue_archiving(case_files, today=None):
    """The archiving deadlines (004 第二十四条) of ``case_files`` that have passed with the case file not archived."""
    today = today or timezone.localdate()
    return (
        CaseDeadline.objects.filter(
            code=ARCHIVE_DEADLINE, met_on__isnull=True, due__lt=today, case_file__in=case_files.values("pk")
        )
        .select_related("case_file", "case_file__handling_unit")
        .order_by("due", "case_file__case_number")
    )


def deadline_groups(user, today=None, calendar=None):
    """[(handling unit or None, [rows])]: one group per handling unit for supervisors, else one group.

    Each row is a dict with the deadline, whether it is overdue and how many
    days are left (negative when overdue); overdue rows come first.
    """
    today = today or timezone.localdate()
    rows = [
        {"deadline": deadline, "overdue": deadline.is_overdue(today), "days_left": (deadline.due - today).days}
        for deadline in open_deadlines(user, today, calendar)
    ]
    if not access.sees_every_case_file(user):
        return [(None, rows)] if rows else []
    rows.sort(key=lambda row: (row["deadline"].case_file.handling_unit.name, row["deadline"].due))
    return [
        (unit, list(unit_rows))
        for unit, unit_rows in itertools.groupby(rows, key=lambda row: row["deadline"].case_file.handling_unit)
    ]


class DeadlinesPanel(Component):
    """Wagtail admin home panel listing the user's overdue and soon-due deadlines."""

    name = "deadlines"
    order = 50
    template_name = "casefiles/home/deadlines_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        return {
            "groups": deadline_groups(self.request.user),
            "soon_days": getattr(settings, "DEADLINE_SOON_WORKING_DAYS", 5),
            "grouped": access.sees_every_case_file(self.request.user),
        }
