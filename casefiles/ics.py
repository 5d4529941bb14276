"""A user's open deadlines as an iCalendar feed (RFC 5545), one all-day event per deadline.

Calendar apps subscribe to ``/deadlines/<token>.ics``; the token
(:class:`casefiles.models.DeadlineFeedToken`) stands for the user, and the feed
lists only the deadlines of the case files that user may view now
(:mod:`casefiles.access`).
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casefiles import access
from casefiles.models import CaseDeadline

_DAY = datetime.timedelta(days=1)


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
    """The feed of ``user``'s open deadlines, as bytes (escaping and line folding by ``icalendar``)."""
    now = now or timezone.now()
    host = urlsplit(settings.BASE_URL).hostname or "anjuan"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Anjuan//Case deadlines//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Case deadlines"))
    for deadline in feed_deadlines(user):
        case_file = deadline.case_file
        description = deadline.source
        if deadline.provisional:
            description += "\n" + _("Provisional: counted over a year whose official holidays are not entered.")
        event = icalendar.Event()
        event.add("uid", f"casedeadline-{deadline.pk}@{host}")
        event.add("dtstamp", now.astimezone(datetime.UTC))
        event.add("dtstart", deadline.due)
        event.add("dtend", deadline.due + _DAY)
        event.add("summary", f"{deadline.label} {case_file.case_number}")
        event.add("description", description)
        event.add("url", case_url(case_file.pk))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
