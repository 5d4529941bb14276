"""A user's open deadlines as an iCalendar feed (RFC 5545), one all-day event per deadline.

Calendar apps subscribe to ``/deadlines/<token>.ics``; the token
(:class:`casefiles.models.DeadlineFeedToken`) stands for the user, and the feed
lists only the deadlines of the case files that user may view now
(:mod:`casefiles.access`).
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casefiles import access
from casefiles.models import CaseDeadline

_DAY = datetime.timedelta(days=1)


def escape(text):
    """An iCalendar TEXT value (RFC 5545 3.3.11)."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def feed_deadlines(user):
    """The open deadlines of the case files ``user`` may view, soonest first; one query."""
    return (
        CaseDeadline.objects.filter(met_on__isnull=True, case_file__in=access.case_files(user).values("pk"))
        .select_related("case_file")
        .order_by("due", "code")
    )


def case_url(case_file_id):
    return settings.BASE_URL.rstrip("/") + reverse("casefiles_admin:lifecycle", args=[case_file_id])


def deadline_feed(user, now=None):
    """The feed of ``user``'s open deadlines, as text."""
    now = now or timezone.now()
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    host = urlsplit(settings.BASE_URL).hostname or "anjuan"
    name = _("Case deadlines")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Anjuan//Case deadlines//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for deadline in feed_deadlines(user):
        case_file = deadline.case_file
        description = deadline.source
        if deadline.provisional:
            description += "\n" + _("Provisional: counted over a year whose official holidays are not entered.")
        lines += [
            "BEGIN:VEVENT",
            f"UID:casedeadline-{deadline.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{deadline.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{deadline.due + _DAY:%Y%m%d}",
            f"SUMMARY:{escape(f'{deadline.label} {case_file.case_number}')}",
            f"DESCRIPTION:{escape(description)}",
            f"URL:{case_url(case_file.pk)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
