"""The month calendar of deadlines: the deadlines of the case files one may view, on their due days."""

import datetime

from django.urls import reverse

from casefiles.models import CaseEventKind, record_event


def d(text):
    return datetime.date.fromisoformat(text)


def month(client, text):
    return client.get(reverse("casefiles_admin:deadline_calendar"), {"month": text})


def test_the_month_shows_ones_own_deadlines_on_their_days(world, client):
    mine = world.case_file(date_received=d("2025-09-26"))  # defence due 10-11
    met = world.case_file(date_received=d("2025-09-20"))  # due 10-09, met
    record_event(met, CaseEventKind.DEFENCE_FILED, d("2025-09-28"), by=world.user("officer_land"))
    theirs = world.case_file(handling_unit=world.market, date_received=d("2025-09-26"))
    client.force_login(world.user("officer_land"))
    response = month(client, "2025-10")
    assert response.status_code == 200
    weeks = response.context["weeks"]
    days = {day["date"]: [item["deadline"].case_file_id for item in day["deadlines"]] for week in weeks for day in week}
    assert days[d("2025-10-11")] == [mine.pk]
    assert days[d("2025-10-09")] == [met.pk]
    assert theirs.pk not in {pk for pks in days.values() for pk in pks}
    assert weeks[0][0]["date"] == d("2025-09-29")  # weeks start on Monday
    rest = {day["date"]: day["working"] for week in weeks for day in week}
    assert rest[d("2025-10-01")] is False and rest[d("2025-10-11")] is True  # holiday, make-up working Saturday
    page = response.content.decode()
    assert mine.case_number in page and theirs.case_number not in page and "已完成" in page and "星期一" in page
    assert 'href="?month=2025-09"' in page and 'href="?month=2025-11"' in page


def test_a_supervisor_sees_every_units_deadlines(world, client):
    world.case_file(date_received=d("2025-09-26"))
    world.case_file(handling_unit=world.market, date_received=d("2025-09-26"))
    client.force_login(world.user("supervisor"))
    weeks = month(client, "2025-10").context["weeks"]
    assert len(next(day for week in weeks for day in week if day["date"] == d("2025-10-11"))["deadlines"]) == 2


def test_a_bad_month_falls_back_to_this_month(world, client):
    client.force_login(world.user("officer_land"))
    response = month(client, "2025-13")
    assert response.status_code == 200
    assert response.context["month"] == datetime.date.today().replace(day=1)


def test_the_calendar_needs_a_login(world, client):
    response = client.get(reverse("casefiles_admin:deadline_calendar"))
    assert response.status_code == 302
