"""A case officer records a hearing and a judgment and sees the next deadlines; the supervisor sees them on the
dashboard and downloads the annual report."""

import datetime

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casefiles.models import CaseDeadline, Hearing, Judgment, RuleProfile
from casefiles.statistics import measures
from casefiles.workdays import WorkingCalendar
from tests.browser.conftest import log_in

# Transactional tests all restore the migrations' data after their flush (see tests/ocr/test_worker.py).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TABLE_ROW = 7  # the header row of a report sheet, below its title block


def publish(page):
    page.click("footer .w-dropdown__toggle")
    page.click("button[name='action-publish']")


def test_officer_records_a_hearing_and_a_judgment_and_the_supervisor_downloads_the_annual_report(
    new_page, world, tmp_path
):
    # The land bureau counts by 000 (济宁): after a judgment, the appeal opinion within 3 days (000 第二十条).
    world.land.rule_profile = RuleProfile.objects.get(code="jining")
    world.land.save()
    today = timezone.localdate()
    served = today - datetime.timedelta(days=1)
    heard = served - datetime.timedelta(days=7)
    case_file = world.case_file(date_received=served - datetime.timedelta(days=40))

    page = new_page()
    log_in(page, "officer_land", world.PASSWORD)

    # The hearing: the deputy head appeared and spoke, with one staff agent.
    page.goto(f"/admin/casefiles/{case_file.pk}/lifecycle/")
    hearing = page.locator("form", has=page.locator("input[name=action][value=hearing]"))
    hearing.locator("[name=date]").fill(f"{heard:%Y-%m-%d}")
    hearing.locator("[name=head_name]").fill("刘振华")
    hearing.locator("[name=head_title]").fill("副局长")
    hearing.locator("[name=head_spoke]").check()
    hearing.locator("[name=agent_1_name]").fill("李明")
    hearing.locator("[name=agent_1_kind]").select_option("staff")
    hearing.get_by_role("button", name="记录庭审").click()
    page.wait_for_url(f"**/admin/casefiles/{case_file.pk}/lifecycle/")
    assert page.get_by_text("出庭负责人：刘振华（副局长）").is_visible()
    assert Hearing.objects.get(event__case_file=case_file).head_spoke

    # The judgment, filed as a page of the case file: the act revoked, served yesterday.
    page.goto(f"/admin/pages/add/casefiles/judgment/{case_file.pk}/")
    page.fill("#id_title", "行政判决书")
    page.select_option("#id_kind", "judgment")
    page.select_option("#id_instance", "first")
    page.fill("#id_document_number", f"（{served.year}）鲁1503行初900号")
    page.fill("#id_date_served", f"{served:%Y-%m-%d}")
    page.select_option("#id_result", "revoked")
    publish(page)
    page.wait_for_url(f"**/admin/pages/{case_file.pk}/")
    assert Judgment.objects.child_of(case_file).live().get().result == "revoked"

    # The progress page shows the deadlines the judgment starts, with their sources.
    page.goto(f"/admin/casefiles/{case_file.pk}/lifecycle/")
    calendar = WorkingCalendar.load()
    expected = {
        "appeal_window_judgment": (calendar.add_days(served, 15).date, "行政诉讼法 第八十五条"),
        "appeal_opinion": (calendar.add_days(served, 3).date, "000 第二十条"),
        "judgment_reported": (calendar.add_days(served, 3).date, "000 第十九条"),
    }
    for code, (due, source) in expected.items():
        deadline = CaseDeadline.objects.get(case_file=case_file, code=code)
        assert (deadline.due, deadline.source) == (due, source)
        row = page.locator("tr.deadline", has_text=deadline.label)
        assert row.is_visible()
        assert f"{due:%Y-%m-%d}" in row.inner_text() and source in row.inner_text()

    # The supervisor's dashboard lists the appeal opinion, due within days, under the land bureau.
    supervisor = new_page()
    log_in(supervisor, "supervisor", world.PASSWORD)
    panel = supervisor.locator("#deadlines-panel")
    assert panel.get_by_role("heading", name=world.land.name).is_visible()
    opinion = panel.locator("tr.deadline", has_text=case_file.title).filter(has_text="上诉意见报区司法行政机构")
    assert f"{expected['appeal_opinion'][0]:%Y-%m-%d}" in opinion.inner_text()

    # The statistics page, from the menu, for the year of the judgment; the annual report downloads.
    supervisor.get_by_role("link", name="统计与报告").click()
    supervisor.wait_for_url("**/admin/casefiles/statistics/**")
    supervisor.fill("#id_year", str(served.year))
    supervisor.select_option("#id_period", "year")
    supervisor.get_by_role("button", name="查看").click()
    supervisor.wait_for_url(f"**/admin/casefiles/statistics/?*year={served.year}*")
    expect(supervisor.locator("#chart-cases-by-agency")).to_be_visible()
    with supervisor.expect_download() as download:
        supervisor.get_by_role("link", name="行政应诉工作年度报告（全年）").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".xlsx" and "行政应诉工作年度报告" in path.name

    book = openpyxl.load_workbook(path)
    summary = book["概况"]
    assert summary["A1"].value == f"全部机关行政应诉工作年度报告（{served.year}年全年）"
    sheet = book["按机关"]
    headers = [cell.value for cell in sheet[TABLE_ROW]]
    rows = {cells[0].value: cells for cells in sheet.iter_rows(min_row=TABLE_ROW + 1)}
    land = dict(zip(headers, rows[world.land.name], strict=False))

    def value(code):
        return land[str(measures.measure(code).label)].value

    # One case concluded in the year, and lost (revoked: 004 第二十七条); its hearing, if held that year.
    held = 1 if heard.year == served.year else 0
    assert (value("concluded"), value("lost"), value("loss_rate")) == (1, 1, 1)
    assert land[str(measures.measure("loss_rate").label)].number_format == "0.0%"
    assert (value("hearings"), value("head_appeared"), value("principal_appeared"), value("head_spoke")) == (
        held,
        held,
        0,
        held,
    )
