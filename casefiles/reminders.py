"""Email reminders of deadlines: a few working days before each, and once when it has passed unmet.

:func:`send_deadline_reminders` runs once a day (cron calls ``manage.py
send_deadline_reminders``; see the README). For every open deadline it finds
how many working days are left; when that has reached one of
``DEADLINE_REMINDER_WORKING_DAYS`` (3 and 1 by default) it reminds at the
nearest such threshold, and when the deadline is overdue it reminds once more.
A day the job did not run is caught up the next day at the nearer threshold,
not with a stale one.

Who is reminded: the case's officer (CaseFile.officer); a case without one
reminds the officers of its handling unit, who are the ones to take it up.
Heads, archivists and supervisors see deadlines on the admin home page and in
their calendar feed instead of in their inbox. Everyone reminded must be
active, have an email address and still be able to view the case file
(:mod:`casefiles.access`).

A :class:`DeadlineReminder` row is written before the email is sent, under a
unique constraint, so a second run the same day (or two at once) sends
nothing again; if sending fails the rows are removed and the next run retries.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from casefiles import access
from casefiles.ics import case_url
from casefiles.models import AgencyMembership, CaseDeadline, DeadlineReminder
from casefiles.models.reminders import OVERDUE
from casefiles.roles import Role
from casefiles.workdays import WorkingCalendar

logger = logging.getLogger(__name__)
_DAY = datetime.timedelta(days=1)


def thresholds():
    return sorted({int(days) for days in getattr(settings, "DEADLINE_REMINDER_WORKING_DAYS", [3, 1]) if int(days) > 0})


def working_days_left(today, due, calendar):
    """Working days from ``today`` (not counted) to ``due`` (counted); 0 when due today."""
    days, day = 0, today
    while day < due:
        day += _DAY
        if calendar.is_working_day(day):
            days += 1
    return days


def reminder_for(deadline, today, calendar, steps):
    """The ``days_before`` of the reminder ``deadline`` is owed on ``today``, or None."""
    if deadline.due < today:
        return OVERDUE
    left = working_days_left(today, deadline.due, calendar)
    reached = [days for days in steps if days >= left]
    return min(reached) if reached else None


def recipients(case_file, unit_officers):
    if case_file.officer_id is not None:
        candidates = [case_file.officer]
    else:
        if case_file.handling_unit_id not in unit_officers:
            unit_officers[case_file.handling_unit_id] = [
                membership.user
                for membership in AgencyMembership.objects.filter(
                    agency_id=case_file.handling_unit_id, role=Role.OFFICER
                ).select_related("user")
            ]
        candidates = unit_officers[case_file.handling_unit_id]
    return [
        user for user in candidates if user.is_active and user.email and access.can(user, access.VIEW, case_file.pk)
    ]


def due_reminders(today, calendar):
    """{user: [(deadline, days_before)]} of the reminders owed on ``today``, sent or not."""
    steps = thresholds()
    if not steps:
        return {}
    horizon = calendar.add_working_days(today, max(steps)).date
    deadlines = (
        CaseDeadline.objects.filter(met_on__isnull=True, due__lte=horizon)
        .select_related("case_file", "case_file__officer")
        .order_by("due", "case_file__case_number", "code")
    )
    owed, unit_officers, users = {}, {}, {}
    for deadline in deadlines:
        days_before = reminder_for(deadline, today, calendar, steps)
        if days_before is None:
            continue
        for user in recipients(deadline.case_file, unit_officers):
            user = users.setdefault(user.pk, user)
            owed.setdefault(user, []).append((deadline, days_before))
    return owed


def record(deadline, user, days_before):
    """Write the reminder's row; False when it was already sent."""
    try:
        with transaction.atomic():
            row, created = DeadlineReminder.objects.get_or_create(
                deadline=deadline, user=user, days_before=days_before, due=deadline.due
            )
    except IntegrityError:  # another run wrote it between the get and the create
        return None
    return row if created else None


def describe(deadline, days_before, today, calendar):
    case_file = deadline.case_file
    if days_before == OVERDUE:
        when = _("overdue since %(date)s") % {"date": f"{deadline.due:%Y-%m-%d}"}
    else:
        when = _("due %(date)s, %(days)d working days from today") % {
            "date": f"{deadline.due:%Y-%m-%d}",
            "days": working_days_left(today, deadline.due, calendar),
        }
    lines = [
        f"{case_file.case_number} {case_file.title}",
        f"  {deadline.label}：{when}（{deadline.source}）",
    ]
    if deadline.provisional:
        lines.append("  " + _("Provisional: counted over a year whose official holidays are not entered."))
    lines.append("  " + case_url(case_file.pk))
    return "\n".join(lines)


def send_deadline_reminders(today=None):
    """Email the reminders owed today and not yet sent; returns how many deadlines were reminded of."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar.load()
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user, items in due_reminders(today, calendar).items():
            rows, parts = [], []
            for deadline, days_before in items:
                row = record(deadline, user, days_before)
                if row is not None:
                    rows.append(row)
                    parts.append(describe(deadline, days_before, today, calendar))
            if not rows:
                continue
            overdue = any(row.days_before == OVERDUE for row in rows)
            subject = (_("Deadlines overdue: %(count)d") if overdue else _("Deadlines coming up: %(count)d")) % {
                "count": len(rows)
            }
            body = "\n\n".join([_("These deadlines of your case files need attention:")] + parts)
            try:
                send_mail(subject, body, None, [user.email])
            except Exception:
                logger.exception("Could not email deadline reminders to %s; the next run retries", user.email)
                DeadlineReminder.objects.filter(pk__in=[row.pk for row in rows]).delete()
                continue
            sent += len(rows)
    return sent
