"""A campaign's results: per case file, per agency (average and ranking) and per rubric item.

Only final scores count (reconciled or agreed); files still being scored are
listed with their state and left out of averages and rankings.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from archive.models.evaluation import FileState, Grade
from casefiles.statistics.charts import BarChart

ONE_PLACE = Decimal("0.1")
GRADE_ORDER = [Grade.EXCELLENT, Grade.GOOD, Grade.PASS, Grade.FAIL]


@dataclass
class FileRow:
    campaign_file: object
    title: str
    case_number: str
    agency: str
    state: str
    score: Decimal | None
    grade: str
    vetoed: bool
    evaluator_scores: list

    @property
    def grade_label(self):
        return str(Grade(self.grade).label) if self.grade else ""


@dataclass
class AgencyRow:
    agency: str
    files: int
    scored: int
    average: Decimal | None
    grades: dict = field(default_factory=dict)
    rank: int | None = None


@dataclass
class ItemRow:
    code: str
    label: str
    section: str
    source: str
    lost: Decimal
    files: int


def _quantize(value):
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def file_rows(campaign):
    files = campaign.files.select_related("case_file", "agency").prefetch_related("evaluations__evaluator")
    rows = []
    for campaign_file in files:
        rows.append(
            FileRow(
                campaign_file=campaign_file,
                title=campaign_file.case_file.title,
                case_number=campaign_file.case_file.case_number,
                agency=campaign_file.agency.name,
                state=campaign_file.get_state_display(),
                score=campaign_file.score if campaign_file.state == FileState.FINAL else None,
                grade=campaign_file.grade if campaign_file.state == FileState.FINAL else "",
                vetoed=campaign_file.vetoed,
                evaluator_scores=[e.score for e in campaign_file.evaluations.all() if e.score is not None],
            )
        )
    rows.sort(key=lambda row: (row.score is None, -(row.score or 0), row.agency, row.title))
    return rows


def agency_rows(campaign, files=None):
    """Per handling unit: files, final average, grades, and the ranking by average (ties share a rank)."""
    files = file_rows(campaign) if files is None else files
    by_agency = {}
    for row in files:
        by_agency.setdefault(row.agency, []).append(row)
    rows = []
    for agency, agency_files in by_agency.items():
        scored = [row for row in agency_files if row.score is not None]
        grades = {grade: sum(1 for row in scored if row.grade == grade) for grade in GRADE_ORDER}
        average = _quantize(sum((row.score for row in scored), Decimal(0)) / len(scored)) if scored else None
        rows.append(
            AgencyRow(agency=agency, files=len(agency_files), scored=len(scored), average=average, grades=grades)
        )
    rows.sort(key=lambda row: (row.average is None, -(row.average or 0), row.agency))
    rank, previous = 0, None
    for position, row in enumerate(rows, start=1):
        if row.average is None:
            continue
        if row.average != previous:
            rank, previous = position, row.average
        row.rank = rank
    return rows


def item_rows(campaign):
    """Per rubric item: the points final scores lost on it and in how many files, most lost first."""
    items = list(campaign.rubric.items.all())
    lost = {item.code: Decimal(0) for item in items}
    files = {item.code: 0 for item in items}
    for campaign_file in campaign.files.filter(state=FileState.FINAL):
        for code, points in campaign_file.deductions.items():
            points = Decimal(str(points))
            if code in lost and points > 0:
                lost[code] += points
                files[code] += 1
    rows = [
        ItemRow(item.code, item.label, item.section, item.source, _quantize(lost[item.code]), files[item.code])
        for item in items
    ]
    rows.sort(key=lambda row: (-row.lost, row.code))
    return rows


def item_chart(items):
    """A bar chart of the points lost per item (those that lost any)."""
    shown = [row for row in items if row.lost > 0]
    return BarChart(
        "evaluation-items",
        _("Points lost per rubric item"),
        _("Total points the case files lost on each item, most first; the table below gives the same figures."),
        [_("Points lost")],
        [
            (row.label, [(row.lost, _("%(points)s (%(files)s files)") % {"points": row.lost, "files": row.files})])
            for row in shown
        ],
    )
