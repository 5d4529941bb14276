"""A campaign's results as files: the tables as .xlsx (openpyxl) and the circular (通报) as .docx (python-docx)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from archive.evaluation import results
from archive.models.evaluation import Grade

FONT = "宋体"
TOP_ITEMS = 5


def _grade_labels():
    return [str(Grade(grade).label) for grade in results.GRADE_ORDER]


def workbook(campaign):
    """The results tables as an .xlsx workbook's bytes."""
    files = results.file_rows(campaign)
    agencies = results.agency_rows(campaign, files)
    items = results.item_rows(campaign)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Case file scores")
    title = _("%(name)s: results") % {"name": campaign.name}
    _title(sheet, title, campaign)
    _rows(
        sheet,
        [
            _("Case file"),
            _("Case number"),
            _("Handling unit"),
            _("Score"),
            _("Grade"),
            _("Veto"),
            _("Evaluators' scores"),
            _("State"),
        ],
        [
            [
                row.title,
                row.case_number,
                row.agency,
                float(row.score) if row.score is not None else None,
                row.grade_label,
                _("yes") if row.vetoed else "",
                " / ".join(str(score) for score in row.evaluator_scores),
                row.state,
            ]
            for row in files
        ],
        widths=[40, 28, 26, 8, 8, 6, 16, 16],
    )
    sheet = book.create_sheet(_("Agency ranking"))
    _title(sheet, title, campaign)
    _rows(
        sheet,
        [_("Rank"), _("Handling unit"), _("Case files"), _("Scored"), _("Average score"), *_grade_labels()],
        [
            [row.rank, row.agency, row.files, row.scored, float(row.average) if row.average is not None else None]
            + [row.grades.get(grade, 0) for grade in results.GRADE_ORDER]
            for row in agencies
        ],
        widths=[6, 28, 10, 8, 12, 8, 8, 8, 8],
    )
    sheet = book.create_sheet(_("Items losing points"))
    _title(sheet, title, campaign)
    _rows(
        sheet,
        [_("Section"), _("Rubric item"), _("Source"), _("Points lost"), _("Case files losing points")],
        [[row.section, row.label, row.source, float(row.lost), row.files] for row in items],
        widths=[14, 60, 30, 10, 12],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _title(sheet, title, campaign):
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = _("Rubric: %(rubric)s. Period: %(start)s to %(end)s. Generated %(now)s.") % {
        "rubric": str(campaign.rubric),
        "start": campaign.starts_on.isoformat(),
        "end": campaign.ends_on.isoformat(),
        "now": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }


def _rows(sheet, header, rows, widths):
    for column, label in enumerate(header, start=1):
        cell = sheet.cell(row=4, column=column, value=label)
        cell.font = Font(bold=True)
    for offset, values in enumerate(rows, start=5):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=offset, column=column, value=value)
            if isinstance(value, float):
                cell.number_format = "0.0"
            cell.alignment = Alignment(wrap_text=isinstance(value, str) and len(value) > 20, vertical="top")
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=4, column=column).column_letter].width = width


def circular(campaign, issued_by):
    """The circular (通报) of the campaign's results as a .docx document's bytes."""
    files = results.file_rows(campaign)
    agencies = results.agency_rows(campaign, files)
    items = [row for row in results.item_rows(campaign) if row.lost > 0][:TOP_ITEMS]
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(_("Circular on the results of “%(name)s”") % {"name": campaign.name})
    run.bold, run.font.size = True, Pt(18)
    scored = [row for row in files if row.score is not None]
    document.add_paragraph(
        _(
            "Under 001 第四十六条, %(issuer)s evaluated %(files)s litigation-response case files of %(agencies)s "
            "handling units from %(start)s to %(end)s, against “%(rubric)s”, each file scored by %(per_file)s "
            "evaluators of other agencies (cross-evaluation). The results are as follows."
        )
        % {
            "issuer": issued_by,
            "files": len(scored),
            "agencies": len(agencies),
            "start": campaign.starts_on.isoformat(),
            "end": campaign.ends_on.isoformat(),
            "rubric": str(campaign.rubric),
            "per_file": campaign.evaluators_per_file,
        }
    )
    document.add_heading(_("1. Agencies' average scores and ranking"), level=2)
    _table(
        document,
        [_("Rank"), _("Handling unit"), _("Case files"), _("Average score"), *_grade_labels()],
        [
            [str(row.rank or ""), row.agency, str(row.scored), str(row.average or "")]
            + [str(row.grades.get(grade, 0)) for grade in results.GRADE_ORDER]
            for row in agencies
        ],
    )
    document.add_heading(_("2. Points most often lost"), level=2)
    if items:
        for position, row in enumerate(items, start=1):
            document.add_paragraph(
                _("(%(position)s) %(label)s (%(source)s): %(points)s points lost in %(files)s case files.")
                % {
                    "position": position,
                    "label": row.label,
                    "source": row.source,
                    "points": row.lost,
                    "files": row.files,
                }
            )
    else:
        document.add_paragraph(_("No case file lost points."))
    failed = [row for row in scored if row.grade == Grade.FAIL]
    document.add_heading(_("3. Case files that failed"), level=2)
    if failed:
        _table(
            document,
            [_("Case file"), _("Handling unit"), _("Score"), _("Veto")],
            [[row.title, row.agency, str(row.score), _("yes") if row.vetoed else ""] for row in failed],
        )
    else:
        document.add_paragraph(_("No case file failed."))
    document.add_heading(_("4. Rectification"), level=2)
    document.add_paragraph(
        _(
            "Each handling unit of a failed or flagged case file receives a rectification notice in Anjuan and "
            "answers it within %(days)s days; the justice bureau reviews the answers."
        )
        % {"days": campaign.rectification_days}
    )
    closing = document.add_paragraph(f"{issued_by}\n{timezone.localdate():%Y年%m月%d日}")
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table(document, header, rows):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, header, strict=True):
        cell.text = label
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    return table
