"""A report as an .xlsx workbook (openpyxl): a title block, then the figures by agency, cause and instance.

Counts are whole numbers, rates numbers formatted as percentages (an empty
rate, with nothing to divide by, is written "—"), dates dates. Every sheet
opens with the report's title, its period, what it counts and the article
asking for it, so a printed page stands on its own.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from casefiles import outcomes
from casefiles.models import Judgment
from casefiles.statistics import measures, reports
from casefiles.statistics.figures import total_of
from casefiles.statistics.measures import COUNTS, RATES, Rate

PERCENT = "0.0%"
INTEGER = "0"
DATE = "yyyy-mm-dd"
NONE = "—"

TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


class Context:
    """What every sheet's title block says."""

    def __init__(self, report, period, agency_label, scope_label, generated_at):
        self.report = report
        self.period = period
        self.agency_label = agency_label
        self.scope_label = scope_label
        self.generated_at = generated_at

    @property
    def title(self):
        return _("%(agency)s %(report)s (%(period)s)") % {
            "agency": self.agency_label,
            "report": self.report.title,
            "period": self.period.label,
        }


TABLE_ROW = 7  # every sheet's first row below its title block


def _title_block(sheet, context, heading, width):
    """Rows 1–5: title, period, scope, source, sheet and time; row 6 is left empty. Returns TABLE_ROW."""
    sheet.cell(row=1, column=1, value=context.title).font = TITLE_FONT
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width, 2))
    period = context.period
    lines = [
        _("Period: %(period)s, %(start)s to %(end)s")
        % {"period": period.label, "start": f"{period.start:%Y-%m-%d}", "end": f"{period.end:%Y-%m-%d}"},
        _("Scope: %(scope)s") % {"scope": context.scope_label},
        _("Source: %(source)s. %(due)s") % {"source": context.report.source, "due": context.report.due},
        _("%(sheet)s; generated %(time)s") % {"sheet": heading, "time": f"{context.generated_at:%Y-%m-%d %H:%M}"},
    ]
    for row, line in enumerate(lines, start=2):
        sheet.cell(row=row, column=1, value=line)
    return TABLE_ROW


def _header(sheet, row, labels):
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=str(label))
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BORDER, WRAP


def _put(sheet, row, column, value, number_format=None):
    cell = sheet.cell(row=row, column=column, value=value)
    cell.border = BORDER
    if number_format and value is not None and value != NONE:
        cell.number_format = number_format
    return cell


def _rate_value(ratio):
    return NONE if ratio.value is None else float(ratio.value)


def _figure(sheet, row, column, figures, code):
    item = measures.measure(code)
    if isinstance(item, Rate):
        return _put(sheet, row, column, _rate_value(figures.ratio(item)), PERCENT)
    return _put(sheet, row, column, figures[code], INTEGER)


def _widths(sheet, widths):
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _figures_table(sheet, context, heading, first_label, rows, total, columns):
    row = _title_block(sheet, context, heading, len(columns) + 1)
    _header(sheet, row, [first_label] + [measures.measure(code).label for code in columns])
    for figures in [*rows, total]:
        row += 1
        _put(sheet, row, 1, str(figures.label)).font = BOLD if figures is total else Font()
        for column, code in enumerate(columns, start=2):
            _figure(sheet, row, column, figures, code)
    _widths(sheet, [28] + [12] * len(columns))
    sheet.freeze_panes = sheet.cell(row=TABLE_ROW + 1, column=2)


def _summary(sheet, context, statistics):
    row = _title_block(sheet, context, str(reports.SHEET_TITLES[reports.SUMMARY]), 6)
    _header(sheet, row, [_("The report contains"), _("Where"), "", "", "", ""])
    for content in context.report.contents:
        row += 1
        _put(sheet, row, 1, content.text)
        where = reports.SHEET_TITLES[content.sheet] if content.sheet else ""
        if content.sheet == reports.WRITTEN:
            where = _("%(sheet)s (written by the reporting agency)") % {"sheet": where}
        _put(sheet, row, 2, str(where))
    row += 2
    _header(sheet, row, [_("Measure"), _("Value"), _("Numerator"), _("Denominator"), _("Target"), _("Source")])
    total = statistics.total
    for count in COUNTS:
        row += 1
        _put(sheet, row, 1, str(count.label))
        _put(sheet, row, 2, total[count.code], INTEGER)
        for column in (3, 4, 5):
            _put(sheet, row, column, None)
        _put(sheet, row, 6, str(count.source))
    for rate in RATES:
        row += 1
        ratio = total.ratio(rate)
        _put(sheet, row, 1, str(rate.label))
        _put(sheet, row, 2, _rate_value(ratio), PERCENT)
        _put(sheet, row, 3, ratio.numerator, INTEGER)
        _put(sheet, row, 4, ratio.denominator, INTEGER)
        target = float(rate.target) if rate.target is not None else None
        _put(sheet, row, 5, target, PERCENT)
        _put(sheet, row, 6, str(rate.source))
    _widths(sheet, [40, 14, 10, 10, 10, 48])


def _results(sheet, context, statistics):
    row = _title_block(sheet, context, str(reports.SHEET_TITLES[reports.RESULTS]), 6)
    _header(sheet, row, [_("Document"), _("Result"), _("Cases"), _("Outcome"), _("On the merits"), _("Source")])
    for result in statistics.results:
        row += 1
        _put(sheet, row, 1, str(result.kind_label))
        _put(sheet, row, 2, str(result.result_label))
        _put(sheet, row, 3, result.count, INTEGER)
        _put(sheet, row, 4, str(result.outcome_label))
        _put(sheet, row, 5, str(_("Yes") if result.on_the_merits else _("No")))
        _put(sheet, row, 6, result.sources)
    _widths(sheet, [14, 24, 10, 12, 12, 60])


LOSS_HEADERS = [
    ("case_number", _("Case number")),
    ("title", _("Case")),
    ("court", _("Court")),
    ("agency", _("Agency")),
    ("handling_unit", _("Handling unit")),
    ("cause", _("Cause of action")),
    ("instance_label", _("Instance")),
    ("kind_label", _("Document")),
    ("document_number", _("Document number")),
    ("result_label", _("Result")),
    ("loss_source", _("Why it is a loss")),
    ("result_detail", _("Operative part")),
    ("date_served", _("Served")),
    ("date_effective", _("Effective")),
    ("performed_on", _("Performed")),
    ("loss_report", _("Loss analysis or closing report")),
]


def _losses(sheet, context, losses):
    row = _title_block(sheet, context, str(reports.SHEET_TITLES[reports.LOSSES]), len(LOSS_HEADERS) + 1)
    _header(sheet, row, [label for _name, label in LOSS_HEADERS] + [_("Causes (written by the reporting agency)")])
    for loss in losses:
        row += 1
        for column, (name, _label) in enumerate(LOSS_HEADERS, start=1):
            value = getattr(loss, name)
            is_date = name in ("date_served", "date_effective", "performed_on")
            _put(sheet, row, column, value if is_date or value is None else str(value), DATE if is_date else None)
        _put(sheet, row, len(LOSS_HEADERS) + 1, None)
    if not losses:
        sheet.cell(row=row + 1, column=1, value=_("No case was lost in the period."))
    _widths(sheet, [24, 36, 24, 22, 22, 20, 12, 10, 24, 18, 28, 40, 12, 12, 12, 24, 40])


def _written(sheet, context):
    row = _title_block(sheet, context, str(reports.SHEET_TITLES[reports.WRITTEN]), 8)
    for content in context.report.contents:
        if content.sheet != reports.WRITTEN:
            continue
        sheet.cell(row=row, column=1, value=content.text).font = BOLD
        sheet.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=8)
        sheet.row_dimensions[row + 1].height = 120
        sheet.cell(row=row + 1, column=1).alignment = WRAP
        row += 3
    _widths(sheet, [16] * 8)


def _definitions(sheet, context):
    row = _title_block(sheet, context, str(reports.SHEET_TITLES[reports.DEFINITIONS]), 5)
    _header(sheet, row, [_("Measure"), _("Definition"), _("Source"), _("Target"), _("Source of the target")])
    for item in [*COUNTS, *RATES]:
        row += 1
        _put(sheet, row, 1, str(item.label))
        _put(sheet, row, 2, str(item.definition)).alignment = WRAP
        _put(sheet, row, 3, str(item.source))
        target = getattr(item, "target", None)
        _put(sheet, row, 4, float(target) if target is not None else None, PERCENT)
        _put(sheet, row, 5, getattr(item, "target_source", ""))
    row += 2
    _header(sheet, row, [_("Result"), _("Outcome"), _("Source"), _("On the merits"), _("Source")])
    for rule in outcomes.RULES:
        row += 1
        merits = outcomes.merits_rule_for(rule.result)
        _put(sheet, row, 1, str(Judgment.Result(rule.result).label))
        _put(sheet, row, 2, str(outcomes.Outcome(rule.outcome).label))
        _put(sheet, row, 3, rule.source)
        _put(sheet, row, 4, str(_("Yes") if merits.on_the_merits else _("No")))
        _put(sheet, row, 5, merits.source)
    _widths(sheet, [30, 70, 40, 10, 40])


def build(report, statistics, losses, trend, *, agency_label, scope_label, generated_at):
    """The workbook of ``report`` for ``statistics`` (figures.Statistics), as bytes."""
    context = Context(report, statistics.period, agency_label, scope_label, generated_at)
    columns = measures.LOSS_COLUMNS if report.kind == "quarterly" else measures.TABLE_COLUMNS
    workbook = Workbook()
    workbook.remove(workbook.active)
    tables = {
        reports.BY_AGENCY: (_("Agency"), statistics.by_agency, statistics.total),
        reports.BY_CAUSE: (_("Cause of action"), statistics.by_cause, statistics.total),
        reports.BY_INSTANCE: (_("Instance"), statistics.by_instance, statistics.total),
        reports.TREND: (_("Year"), trend, total_of(trend)),
    }
    for code in report.sheets:
        heading = str(reports.SHEET_TITLES[code])
        sheet = workbook.create_sheet(heading)
        if code == reports.SUMMARY:
            _summary(sheet, context, statistics)
        elif code in tables:
            first_label, rows, total = tables[code]
            _figures_table(sheet, context, heading, first_label, rows, total, columns)
        elif code == reports.RESULTS:
            _results(sheet, context, statistics)
        elif code == reports.LOSSES:
            _losses(sheet, context, losses)
        elif code == reports.WRITTEN:
            _written(sheet, context)
        elif code == reports.DEFINITIONS:
            _definitions(sheet, context)
    workbook.properties.title = context.title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
