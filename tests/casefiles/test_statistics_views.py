"""The statistics page and its reports: figures, scope, the .xlsx workbooks read back cell by cell, bad periods."""

import io
import json
import re

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from casefiles.statistics import measures
from tests.casefiles.test_statistics import Q3_2025, RATES_2025, YEAR_2025

PAGE = reverse("casefiles_admin:statistics")
REPORT = reverse("casefiles_admin:statistics_report")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 7  # below the title block of every sheet


@pytest.fixture
def world(statistics_fixture, db):
    return statistics_fixture.world


@pytest.fixture
def cases(statistics_fixture, db):
    return statistics_fixture


def logged_in(client, world, username):
    client.force_login(world.user(username))
    return client


def workbook(response):
    assert response.status_code == 200, response.content.decode()[:2000]
    assert response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(response.content))


def table(sheet):
    """{row label: {column header: cell}} of the table under the title block."""
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    rows = {}
    for cells in sheet.iter_rows(min_row=HEADER_ROW + 1):
        if cells[0].value is not None:
            rows[cells[0].value] = {header: cell for header, cell in zip(headers, cells, strict=False) if header}
    return rows


def label(code):
    return str(measures.measure(code).label)


def test_the_page_shows_the_figures_charts_and_report_links(cases, world, client):
    response = logged_in(client, world, "supervisor").get(PAGE, {"year": "2025", "period": "year"})
    assert response.status_code == 200
    page = response.content.decode()
    # The summary: each rate with its numerator and denominator, and its source.
    assert 'data-measure="loss_rate"' in page and "28.6%" in page and "85.7%" in page  # 2/7 and 6/7
    assert "001 第二十二条" in page and "004 第二十七条" in page
    # The by-agency table, a rate cell as "percent（numerator/denominator）".
    assert "50.0%（6/12）" in page  # the market bureau's deadlines met
    # The charts are SVG with a title and the numbers as text.
    for chart_id in ("chart-cases-by-agency", "chart-appearance-by-agency", "chart-losses-by-cause", "chart-trend"):
        assert f'id="{chart_id}"' in page and f'id="{chart_id}-title"' in page
    assert "<svg" in page and 'role="img"' in page and "<script" not in page.split("statistics-chart")[1][:2000]
    # Links to the three kinds of report of the year.
    assert f"{REPORT}?agency=&amp;year=2025&amp;period=year" in page
    assert f"{REPORT}?agency=&amp;year=2025&amp;period=h2" in page
    assert f"{REPORT}?agency=&amp;year=2025&amp;period=q3" in page
    # The cases lost in the year, linked to their progress page.
    assert reverse("casefiles_admin:lifecycle", args=[cases.b.pk]) in page


def test_the_menu_offers_the_page(world, client):
    # The menu is rendered as JSON (labels escaped).
    page = logged_in(client, world, "officer_land").get(reverse("wagtailadmin_home")).content.decode()
    assert f'"{PAGE}"' in page and json.dumps("统计与报告") in page


def test_without_parameters_the_page_shows_the_current_year(world, client):
    response = logged_in(client, world, "supervisor").get(PAGE)
    assert response.status_code == 200
    assert f"{timezone.localdate().year}年全年" in response.content.decode()


def test_an_officer_sees_only_their_case_files_and_cannot_ask_for_another_agency(cases, world, client):
    client = logged_in(client, world, "officer_market")
    page = client.get(PAGE, {"year": "2025", "period": "year"}).content.decode()
    assert "临江区市场监督管理局" in page and "临江区自然资源和规划局" not in page
    forged = client.get(PAGE, {"year": "2025", "period": "year", "agency": world.land.pk})
    assert forged.status_code == 400
    assert "没有您可查看的该机关统计" in forged.content.decode()
    report = client.get(REPORT, {"year": "2025", "period": "year", "agency": world.land.pk})
    assert report.status_code == 400 and report["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "params, message",
    [
        ({"year": "99999", "period": "year"}, "年份须在 1990 年"),
        ({"year": "2025", "period": "q5"}, "未知的统计期间"),
        ({"year": "x", "period": "year"}, "请以数字填写年份"),
        ({"year": "2025", "period": "year", "agency": "x"}, "没有您可查看的该机关统计"),
        ({"year": str(timezone.localdate().year + 1), "period": "q1"}, "年份须在 1990 年"),
    ],
)
@pytest.mark.parametrize("url", [PAGE, REPORT], ids=["page", "report"])
def test_bad_parameters_get_a_chinese_error_not_a_crash(world, client, url, params, message):
    response = logged_in(client, world, "supervisor").get(url, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_annual_report_workbook(cases, world, client):
    book = workbook(logged_in(client, world, "supervisor").get(REPORT, {"year": "2025", "period": "year"}))
    assert book.sheetnames == [
        *("概况", "按机关", "按案由", "按审级", "按年度", "裁判结果", "败诉案件", "分析与说明", "口径说明")
    ]
    summary = book["概况"]
    assert summary["A1"].value == "全部机关行政应诉工作年度报告（2025年全年）"
    assert "001 第四十三条" in summary["A4"].value and "每年1月10日前" in summary["A4"].value
    rows = {row[0].value: row for row in summary.iter_rows() if row[0].value}
    for code, (numerator, denominator) in RATES_2025.items():
        cells = rows[label(code)]
        assert cells[1].value == pytest.approx(numerator / denominator), code
        assert cells[1].number_format == "0.0%"
        assert (cells[2].value, cells[3].value) == (numerator, denominator)
    assert rows[label("head_appearance_rate")][4].value == 1 and rows[label("principal_head_rate")][4].value == 0.2
    assert rows[label("new_cases")][1].value == 7
    # The contents 001 第四十三条 and 第二十二条 ask for, each pointing at its sheet.
    assert rows["分析、总结"][1].value == "分析与说明（由报告单位填写）"

    by_agency = table(book["按机关"])
    for agency, expected in YEAR_2025.items():
        cells = by_agency[agency]
        for code, value in expected.items():
            assert cells[label(code)].value == value, (agency, code)
        assert cells[label("loss_rate")].number_format == "0.0%"
    assert by_agency["临江区市场监督管理局"][label("loss_rate")].value == pytest.approx(0.5)
    assert by_agency["临江区人民政府"][label("recommendations_on_time_rate")].value == "—"  # nothing to divide by
    assert table(book["按审级"])["二审"][label("principal_head_rate")].value == 1
    trend = table(book["按年度"])
    assert list(trend) == ["2021", "2022", "2023", "2024", "2025", "合计"]
    assert {code: trend["2025"][label(code)].value for code in YEAR_2025["合计"]} == YEAR_2025["合计"]
    assert trend["2024"][label("new_cases")].value == 1
    assert list(table(book["败诉案件"])) == [cases.b.case_number, cases.c.case_number]


def test_the_quarterly_loss_report_workbook(cases, world, client):
    book = workbook(logged_in(client, world, "supervisor").get(REPORT, {"year": "2025", "period": "q3"}))
    assert book.sheetnames == ["概况", "按机关", "败诉案件", "口径说明"]
    assert book["概况"]["A1"].value == "全部机关败诉案件季度报告（2025年第三季度）"
    assert "003 第二十四条" in book["概况"]["A4"].value
    by_agency = table(book["按机关"])
    assert [header for header in by_agency["合计"]][1:] == [label(code) for code in measures.LOSS_COLUMNS]
    for code in ("concluded", "lost", "merits", "merits_lost"):
        assert by_agency["合计"][label(code)].value == Q3_2025["合计"][code]
    assert by_agency["合计"][label("loss_rate")].value == pytest.approx(0.5)
    losses = table(book["败诉案件"])
    assert set(losses) == {cases.b.case_number, cases.c.case_number}
    c = losses[cases.c.case_number]
    assert c["裁判结果"].value == "确认违法" and c["文号"].value == "（2025）鲁1503行初3号"
    assert c["送达日期"].value.date().isoformat() == "2025-09-15" and c["送达日期"].number_format == "yyyy-mm-dd"
    assert c["履行日期"].value.date().isoformat() == "2025-10-10"
    assert "原因分析（由报告单位填写）" in c


def test_the_half_year_report_of_one_agency(cases, world, client):
    response = logged_in(client, world, "supervisor").get(
        REPORT, {"year": "2025", "period": "h2", "agency": world.market.pk}
    )
    book = workbook(response)
    assert "attachment" in response["Content-Disposition"]
    assert book["概况"]["A1"].value == "临江区市场监督管理局案件情况半年报告（2025年下半年）"
    contents = {row[0].value: row[1].value for row in book["概况"].iter_rows(min_row=HEADER_ROW + 1) if row[0].value}
    # 003 第二十三条, item by item.
    for item in ("案件总量数据", "法院判决情况", "典型案例分析", "败诉案件分析", "执行生效裁判情况"):
        assert item in contents, item
    assert contents["其他需要说明的事项"] == "分析与说明（由报告单位填写）"
    # The market bureau's second half: C, D and H received; C and D concluded, C lost; C performed.
    total = table(book["按机关"])["合计"]
    assert (total[label("new_cases")].value, total[label("concluded")].value, total[label("lost")].value) == (3, 2, 1)
    assert total[label("performed")].value == 1
    results = {(row[0].value, row[1].value): row[2].value for row in book["裁判结果"].iter_rows(min_row=HEADER_ROW + 1)}
    assert results == {("判决书", "确认违法"): 1, ("裁定书", "裁定驳回起诉"): 1}


@pytest.mark.parametrize("url", [PAGE, REPORT], ids=["page", "report"])
def test_only_those_with_admin_access_reach_the_page(world, client, url):
    # Anonymous users and users without admin access are sent to log in, as everywhere in the admin.
    response = client.get(url, {"year": "2025", "period": "year"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))
    response = logged_in(client, world, "nobody").get(url, {"year": "2025", "period": "year"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_user_who_may_view_nothing_sees_nothing_counted(cases, world, client):
    page = logged_in(client, world, "evaluator").get(PAGE, {"year": "2025", "period": "year"}).content.decode()
    assert "临江区" not in page.split('id="statistics-scope"')[1]
    for code in ("new_cases", "concluded", "hearings", "deadlines_due"):
        assert re.search(rf'data-measure="{code}">\s*<td>[^<]+</td>\s*<td><strong>0</strong>', page), code


def test_the_statistics_command_prints_the_figures(cases, world):
    output = io.StringIO()
    call_command("statistics", year="2025", period="q3", stdout=output)
    text = output.getvalue()
    assert "2025年第三季度" in text and "败诉率: 50.0%（2/4）" in text and "期限按期完成率: 54.5%（6/11）" in text
    with pytest.raises(CommandError, match="未知的统计期间"):
        call_command("statistics", year="2025", period="q5", stdout=io.StringIO())
