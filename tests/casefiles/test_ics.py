"""The deadline feed: one all-day event per open deadline the token's user may view; the token is the credential."""

import datetime

import icalendar
from django.urls import reverse

from casefiles.models import CaseDeadline, CaseEventKind, DeadlineFeedToken, record_event


def d(text):
    return datetime.date.fromisoformat(text)


def events(text):
    """The VEVENTs of a feed, read back by ``icalendar``; every line is folded at 75 octets (RFC 5545 3.1)."""
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), "lines are folded at 75 octets"
    return icalendar.Calendar.from_ical(text).walk("VEVENT")


def fetch(client, user):
    return client.get(reverse("deadline_feed", args=[DeadlineFeedToken.for_user(user).token]))


def test_the_feed_lists_the_users_open_deadlines_as_all_day_events(world, client, settings):
    settings.BASE_URL = "https://anjuan.example.gov.cn"
    case_file = world.case_file(date_received=d("2025-09-26"))  # defence due 10-11
    world.case_file(handling_unit=world.market)  # not the land bureau's
    deadline = CaseDeadline.objects.get(case_file=case_file)
    response = fetch(client, world.user("officer_land"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    [event] = events(text)
    assert event["UID"] == f"casedeadline-{deadline.pk}@anjuan.example.gov.cn"
    assert event.decoded("DTSTART") == d("2025-10-11") and event["DTSTART"].params["VALUE"] == "DATE"
    assert event.decoded("DTEND") == d("2025-10-12")
    assert event["SUMMARY"] == f"{deadline.label} {case_file.case_number}"
    assert event["DESCRIPTION"] == "行政诉讼法 第六十七条"
    assert event["URL"] == "https://anjuan.example.gov.cn" + reverse("casefiles_admin:lifecycle", args=[case_file.pk])


def test_the_uid_stays_when_the_deadline_moves_and_met_deadlines_leave(world, client):
    case_file = world.case_file(date_received=d("2025-09-26"))
    [before] = events(fetch(client, world.user("officer_land")).content.decode())
    officer = world.user("officer_land")
    record_event(case_file, CaseEventKind.PAPERS_RECEIVED, d("2025-09-21"), by=officer)
    [after] = events(fetch(client, officer).content.decode())
    assert after["UID"] == before["UID"] and after.decoded("DTSTART") == d("2025-10-09")
    record_event(case_file, CaseEventKind.DEFENCE_FILED, d("2025-10-09"), by=officer)
    assert events(fetch(client, officer).content.decode()) == []


def test_a_supervisor_sees_every_units_deadlines_and_an_outsider_none(world, client):
    world.case_file()
    world.case_file(handling_unit=world.market)
    assert len(events(fetch(client, world.user("supervisor")).content.decode())) == 2
    assert len(events(fetch(client, world.user("officer_market")).content.decode())) == 1
    assert events(fetch(client, world.user("nobody")).content.decode()) == []


def test_forged_old_and_inactive_users_tokens_give_404(world, client):
    world.case_file()
    officer = world.user("officer_land")
    feed = DeadlineFeedToken.for_user(officer)
    old = feed.token
    assert client.get(reverse("deadline_feed", args=["forged" + old[6:]])).status_code == 404
    feed.regenerate()
    assert client.get(reverse("deadline_feed", args=[old])).status_code == 404
    assert client.get(reverse("deadline_feed", args=[feed.token])).status_code == 200
    officer.is_active = False
    officer.save()
    assert client.get(reverse("deadline_feed", args=[feed.token])).status_code == 404


def test_the_admin_page_shows_the_address_and_makes_a_new_one(world, client):
    officer = world.user("officer_land")
    client.force_login(officer)
    url = reverse("casefiles_admin:deadline_feed")
    old = DeadlineFeedToken.for_user(officer).token
    page = client.get(url).content.decode()
    assert f"/deadlines/{old}.ics" in page and "订阅" in page
    response = client.post(url)
    assert response.status_code == 302
    new = DeadlineFeedToken.objects.get(user=officer).token
    assert new != old and f"/deadlines/{new}.ics" in client.get(url).content.decode()


def test_text_is_escaped_and_long_lines_folded_between_characters(world, client):
    """Commas, semicolons, backslashes and line ends survive, and a long Chinese line folds between characters."""
    world.case_file()
    deadline = CaseDeadline.objects.get()
    deadline.source = "甲,乙;丙\\丁\n戊" + "期限" * 40
    deadline.save()
    raw = fetch(client, world.user("officer_land")).content.decode()
    assert "甲\\,乙\\;丙\\\\丁\\n戊" in raw.replace("\r\n ", "")
    [event] = events(raw)
    assert str(event["DESCRIPTION"]) == "甲,乙;丙\\丁\n戊" + "期限" * 40
