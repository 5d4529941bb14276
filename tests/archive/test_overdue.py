"""Case files not archived within their profile's deadline (004 第二十四条): on the dashboard and in the queue."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from archive import workflow
from casefiles.dashboard import overdue_archiving
from casefiles.models import CaseDeadline, CaseEventKind, CaseFile, RuleProfile, record_event
from casefiles.models.case_deadlines import ARCHIVE_DEADLINE

pytestmark = pytest.mark.django_db


def archiving_deadline(case_file):
    return CaseDeadline.objects.get(case_file=case_file, code=ARCHIVE_DEADLINE)


def panel_rows(client):
    """The rows of the home page's deadline panel, each as its text."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    html = html[html.index('id="deadlines-panel"') :]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))
        for row in re.findall(r'<tr class="deadline.*?</tr>', html, re.S)
    ]


def archiving_row(client, case_file):
    rows = [row for row in panel_rows(client) if case_file.title in row and "立卷归档" in row]
    assert len(rows) <= 1
    return rows[0] if rows else None


def overdue_section(client):
    html = client.get(reverse("archive_admin:queue")).content.decode()
    start = html.index('id="overdue-archiving"')
    return html[start : html.index("<h2", start)]


def test_overdue_archiving_shows_until_the_archivist_archives_the_case_file(client, world, closed_case):
    # The land bureau counts by 004 (新洲区), through the district government above it.
    world.gov.rule_profile = RuleProfile.objects.get(code="xinzhou")
    world.gov.save()
    case_file = closed_case()
    other = closed_case(handling_unit=world.market)  # the market bureau's: not the land archivist's to archive
    for each in (case_file, other):
        record_event(each, CaseEventKind.CLOSED, datetime.date(2024, 10, 8), by=world.user("supervisor"))
    deadline = archiving_deadline(case_file)
    assert deadline.source == "004 第二十四条" and deadline.met_on is None
    assert deadline.due < timezone.localdate()
    assert [row.case_file_id for row in overdue_archiving(CaseFile.objects.all())] == sorted([case_file.pk, other.pk])

    client.force_login(world.user("archivist_land"))
    row = archiving_row(client, case_file)
    assert row is not None and "已逾期" in row and "004 第二十四条" in row
    overdue = overdue_section(client)
    assert case_file.title in overdue and "尚未提交归档" in overdue and other.title not in overdue

    client.force_login(world.user("officer_land"))  # the handling unit sees it too
    assert "已逾期" in archiving_row(client, case_file)
    submission = workflow.submit(case_file, world.user("officer_land"))
    client.force_login(world.user("archivist_land"))
    assert "材料齐全，待审核" in overdue_section(client)  # still overdue while the archivist reviews it
    workflow.start_review(submission, world.user("archivist_land"))
    workflow.approve(submission, world.user("archivist_land"), "D30")

    assert archiving_deadline(case_file).met_on == timezone.localdate()
    assert case_file.title not in overdue_section(client)
    assert archiving_row(client, case_file) is None
    client.force_login(world.user("officer_land"))
    assert archiving_row(client, case_file) is None


def test_archiving_cannot_be_recorded_by_hand(client, world):
    case_file = world.case_file()
    client.force_login(world.user("officer_land"))
    page = client.get(reverse("casefiles_admin:lifecycle", args=[case_file.pk])).content.decode()
    assert 'value="closed"' in page and 'value="archived"' not in page
