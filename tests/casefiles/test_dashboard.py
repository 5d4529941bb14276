"""The admin home page's deadlines panel: open deadlines overdue or due soon, of the case files one may view."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casefiles.dashboard import deadline_groups, open_deadlines
from casefiles.models import CaseDeadline, CaseEventKind, record_event

TODAY = datetime.date(2025, 9, 29)  # a Monday, two days before the National Day holiday (10-01 to 10-08)


def d(text):
    return datetime.date.fromisoformat(text)


def defence(case_file):
    return CaseDeadline.objects.get(case_file=case_file, code="defence_due")


def test_an_officer_sees_their_agencys_deadlines_not_another_agencys(world):
    mine = world.case_file(date_received=d("2025-09-20"))  # defence due 10-09 (holiday 10-01..08)
    theirs = world.case_file(handling_unit=world.market, date_received=d("2025-09-20"))
    listed = {row.case_file_id for row in open_deadlines(world.user("officer_land"), today=TODAY)}
    assert listed == {mine.pk}
    assert {row.case_file_id for row in open_deadlines(world.user("officer_market"), today=TODAY)} == {theirs.pk}
    assert list(open_deadlines(world.user("nobody"), today=TODAY)) == []


def test_only_deadlines_due_within_the_working_days_are_listed(world, settings):
    case_file = world.case_file(date_received=d("2025-09-20"))  # due 10-09
    settings.DEADLINE_SOON_WORKING_DAYS = 1  # 09-30
    assert list(open_deadlines(world.user("officer_land"), today=TODAY)) == []
    settings.DEADLINE_SOON_WORKING_DAYS = 2  # 10-09, after the National Day holiday
    assert [row.case_file_id for row in open_deadlines(world.user("officer_land"), today=TODAY)] == [case_file.pk]


def test_met_deadlines_are_not_listed(world):
    case_file = world.case_file(date_received=d("2025-09-20"))
    record_event(case_file, CaseEventKind.DEFENCE_FILED, d("2025-09-28"), by=world.user("officer_land"))
    assert defence(case_file).met_on == d("2025-09-28")
    assert list(open_deadlines(world.user("officer_land"), today=TODAY)) == []


def test_overdue_deadlines_come_first(world):
    soon = world.case_file(date_received=d("2025-09-20"))  # due 10-09
    late = world.case_file(date_received=d("2025-09-01"))  # due 09-16: overdue
    groups = deadline_groups(world.user("officer_land"), today=TODAY)
    assert len(groups) == 1 and groups[0][0] is None
    rows = groups[0][1]
    assert [row["deadline"].case_file_id for row in rows] == [late.pk, soon.pk]
    assert [row["overdue"] for row in rows] == [True, False]


def test_a_supervisor_sees_every_unit_grouped(world):
    land = world.case_file(date_received=d("2025-09-20"))
    market = world.case_file(handling_unit=world.market, date_received=d("2025-09-01"))
    groups = deadline_groups(world.user("supervisor"), today=TODAY)
    assert [(unit.pk, [row["deadline"].case_file_id for row in rows]) for unit, rows in groups] == sorted(
        [(world.land.pk, [land.pk]), (world.market.pk, [market.pk])],
        key=lambda item: {world.land.pk: world.land.name, world.market.pk: world.market.name}[item[0]],
    )


def test_the_list_takes_a_fixed_number_of_queries(world):
    for _ in range(3):
        world.case_file(date_received=d("2025-09-20"))
    user = world.user("supervisor")
    with CaptureQueriesContext(connection) as few:
        deadline_groups(user, today=TODAY)
    for _ in range(3):
        world.case_file(handling_unit=world.market, date_received=d("2025-09-20"))
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as more:
        rows = deadline_groups(user, today=TODAY)
        for _unit, unit_rows in rows:
            for row in unit_rows:
                str(row["deadline"].case_file.title) + row["deadline"].case_file.handling_unit.name
    assert len(more) == len(few)


def test_the_home_page_shows_the_panel(world, client):
    case_file = world.case_file(date_received=d("2025-09-01"))  # long overdue by now
    other = world.case_file(handling_unit=world.market, date_received=d("2025-09-01"))
    client.force_login(world.user("officer_land"))
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="deadlines-panel"' in page
    assert case_file.case_number in page and reverse("casefiles_admin:lifecycle", args=[case_file.pk]) in page
    assert other.case_number not in page
    assert "逾期" in page and "答辩" in page
    client.force_login(world.user("supervisor"))
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert world.land.name in page and world.market.name in page and other.case_number in page
