"""The reports the regulations ask for, as data: what each must contain and where the workbook holds it.

A period's kind names its report: a year the annual report (001 第四十三条),
a half-year the case report (003 第二十三条), a quarter the loss report
(003 第二十四条). Each content item quotes the regulation; its ``sheet`` is
the workbook sheet that answers it, or empty when the reporting agency writes
it (an analysis no count can make).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Sheets of the workbook (casefiles.statistics.workbook).
SUMMARY = "summary"
BY_AGENCY = "by_agency"
BY_CAUSE = "by_cause"
BY_INSTANCE = "by_instance"
TREND = "trend"
RESULTS = "results"
LOSSES = "losses"
WRITTEN = "written"
DEFINITIONS = "definitions"

SHEET_TITLES = {
    SUMMARY: _("Summary"),
    BY_AGENCY: _("By agency"),
    BY_CAUSE: _("By cause"),
    BY_INSTANCE: _("By instance"),
    TREND: _("By year"),
    RESULTS: _("Judgment results"),
    LOSSES: _("Cases lost"),
    WRITTEN: _("Analysis and notes"),
    DEFINITIONS: _("Definitions"),
}


@dataclass(frozen=True)
class Content:
    """One thing the report must contain (quoted from its article), and the sheet holding it."""

    text: str
    sheet: str = ""


@dataclass(frozen=True)
class Report:
    kind: str
    title: str
    source: str
    due: str
    contents: tuple
    sheets: tuple


REPORTS = {
    "annual": Report(
        kind="annual",
        title=_("Annual report on administrative litigation response"),
        source="001 第四十三条",
        due=("县级以上人民政府每年1月10日前向上一级人民政府书面报告；工作部门定期书面报告同级司法行政机关"),
        contents=(
            Content("行政应诉案件统计", SUMMARY),
            Content("行政机关负责人出庭应诉率（确保实现100%，001 第二十条、第二十六条）", SUMMARY),
            Content(
                "主要负责人出庭应诉：每年至少一次，10件以上至少2次，出庭应诉率不低于20%（001 第二十二条）", BY_AGENCY
            ),
            Content("败诉率（001 第六条、第二十三条）", SUMMARY),
            Content("按机关、案由、审级统计", BY_AGENCY),
            Content("分析、总结", WRITTEN),
        ),
        sheets=(SUMMARY, BY_AGENCY, BY_CAUSE, BY_INSTANCE, TREND, RESULTS, LOSSES, WRITTEN, DEFINITIONS),
    ),
    "half_year": Report(
        kind="half_year",
        title=_("Half-year case report"),
        source="003 第二十三条",
        due="行政机关每半年形成案件情况报告报区司法局",
        contents=(
            Content("案件总量数据", SUMMARY),
            Content("法院判决情况", RESULTS),
            Content("典型案例分析", WRITTEN),
            Content("败诉案件分析", LOSSES),
            Content("执行生效裁判情况", LOSSES),
            Content("其他需要说明的事项", WRITTEN),
        ),
        sheets=(SUMMARY, BY_AGENCY, BY_CAUSE, BY_INSTANCE, RESULTS, LOSSES, WRITTEN, DEFINITIONS),
    ),
    "quarterly": Report(
        kind="quarterly",
        title=_("Quarterly report on cases lost"),
        source="003 第二十四条",
        due="行政机关按季度向区司法局报告",
        contents=(
            Content("辖区范围内（包括村委会）的败诉案件情况", SUMMARY),
            Content("原因分析", LOSSES),
            Content("败诉判决", LOSSES),
        ),
        sheets=(SUMMARY, BY_AGENCY, LOSSES, DEFINITIONS),
    ),
}


def report_for(period):
    """The report due for ``period`` (a casefiles.statistics.periods.Period)."""
    return REPORTS[period.kind]
