"""The forms of a volume: cover (案卷封面), index (卷内目录), note (卷内备考表) and registration form.

The items of each form follow GB/T 9705-2008 (文书档案案卷格式): the cover's
全宗名称, 类目名称, 案卷题名, 时间, 保管期限, 件数, 页数, 档号 (§3.1.2); the index's
序号, 文号, 责任者, 题名, 日期, 页号, 备注 (§4.3); the note's account of the
volume, 立卷人, 检查人 and 立卷时间 (§5.2). Dates in the index are eight digits
(DA/T 22-2015: 日期 as YYYYMMDD). Every label is translated; the volume is
rendered in Chinese (see :func:`archive.volume.build.compose`).
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from archive.volume.typeset import A4, FAMILY, MARGIN, new_pdf, output

BODY = 12.0
SMALL = 10.5  # 五号
HEADING = 22.0  # 二号


@dataclass(frozen=True)
class IndexRow:
    number: int
    document_number: str
    responsible: str
    title: str
    date: str  # YYYYMMDD or ""
    pages: str  # "3", "3-5", or "" for a file not in the volume
    note: str

    def cells(self):
        return [str(self.number), self.document_number, self.responsible, self.title, self.date, self.pages, self.note]


@dataclass(frozen=True)
class Problem:
    title: str
    reason: str


@dataclass(frozen=True)
class VolumeFacts:
    code: str
    fonds_name: str
    title: str
    case_number: str
    handling_unit: str
    retention: str
    first_date: datetime.date | None
    last_date: datetime.date | None
    item_count: int
    page_count: int
    filed_by: str
    filed_on: datetime.date | None
    checked_by: str
    checked_on: datetime.date | None
    missing: list = field(default_factory=list)  # [Problem]
    damaged: list = field(default_factory=list)  # [Problem]


def long_date(value):
    return _("%(year)d-%(month)02d-%(day)02d") % {"year": value.year, "month": value.month, "day": value.day}


def _heading(pdf, text, size=HEADING):
    pdf.set_font(FAMILY, size=size)
    pdf.cell(0, size * 2, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=BODY)


def _code_line(pdf, code):
    pdf.cell(0, BODY * 2, _("Archival code: %(code)s") % {"code": code}, align="R", new_x="LMARGIN", new_y="NEXT")


def _label_table(pdf, rows, widths=(1, 3)):
    from fpdf.enums import WrapMode

    with pdf.table(
        col_widths=widths,
        first_row_as_headings=False,
        line_height=BODY * 1.6,
        padding=4,
        wrapmode=WrapMode.CHAR,
    ) as table:
        for label, value in rows:
            table.row([label, value])


def cover(pdf, facts):
    """The cover: what a reader of the shelf sees."""
    pdf.add_page(format="A4")
    _code_line(pdf, facts.code)
    pdf.ln(BODY * 4)
    _heading(pdf, facts.fonds_name, size=HEADING)
    _heading(pdf, _("Administrative litigation response files"), size=16)
    pdf.ln(BODY * 3)
    span = ""
    if facts.first_date and facts.last_date:
        span = _("%(start)s to %(end)s") % {"start": long_date(facts.first_date), "end": long_date(facts.last_date)}
    _label_table(
        pdf,
        [
            (_("Fonds name"), facts.fonds_name),
            (_("Category"), _("Administrative litigation response")),
            (_("Volume title"), facts.title),
            (_("Case number"), facts.case_number),
            (_("Filed by (unit)"), facts.handling_unit),
            (_("Dates"), span),
            (_("Retention period"), facts.retention),
            (_("Items"), str(facts.item_count)),
            (_("Pages"), str(facts.page_count)),
            (_("Archival code"), facts.code),
        ],
    )


INDEX_WIDTHS = (6, 17, 20, 30, 11, 8, 12)


def index(pdf, facts, rows):
    """The volume index: one row per item, its pages in the volume."""
    from fpdf.enums import WrapMode
    from fpdf.fonts import FontFace

    pdf.add_page(format="A4")
    _heading(pdf, _("Volume index"))
    _code_line(pdf, facts.code)
    pdf.set_font(FAMILY, size=SMALL)
    headings = [_("No."), _("Document no."), _("Responsible"), _("Title"), _("Date"), _("Page nos."), _("Remarks")]
    with pdf.table(
        col_widths=INDEX_WIDTHS,
        headings_style=FontFace(emphasis=None),
        line_height=SMALL * 1.5,
        padding=3,
        wrapmode=WrapMode.CHAR,
        text_align=("CENTER", "LEFT", "LEFT", "LEFT", "CENTER", "CENTER", "LEFT"),
    ) as table:
        table.row(headings)
        for row in rows:
            table.row(row.cells())


def _paragraph(pdf, text, size=BODY):
    from fpdf.enums import WrapMode

    pdf.set_font(FAMILY, size=size)
    pdf.multi_cell(0, size * 1.8, text, new_x="LMARGIN", new_y="NEXT", wrapmode=WrapMode.CHAR, align="L")


def note(pdf, facts):
    """The volume note: what the volume holds, what is missing or damaged, who filed and checked it."""
    pdf.add_page(format="A4")
    _heading(pdf, _("Volume note"))
    _code_line(pdf, facts.code)
    _paragraph(
        pdf,
        _(
            "This volume holds %(items)d items on %(pages)d pages "
            "(the cover, the volume index and this note are not numbered)."
        )
        % {"items": facts.item_count, "pages": facts.page_count},
    )
    pdf.ln(BODY / 2)
    _paragraph(pdf, _("Missing materials:") + (" " + _("none") if not facts.missing else ""))
    for n, problem in enumerate(facts.missing, 1):
        _paragraph(pdf, f"{n}. {problem.title}：{problem.reason}")
    pdf.ln(BODY / 2)
    _paragraph(pdf, _("Damaged or unreadable materials:") + (" " + _("none") if not facts.damaged else ""))
    for n, problem in enumerate(facts.damaged, 1):
        _paragraph(pdf, f"{n}. {problem.title}：{problem.reason}")
    pdf.ln(BODY * 2)
    _label_table(
        pdf,
        [
            (_("Filed by"), facts.filed_by),
            (_("Filed on"), long_date(facts.filed_on) if facts.filed_on else ""),
            (_("Checked by"), facts.checked_by),
            (_("Checked on"), long_date(facts.checked_on) if facts.checked_on else ""),
        ],
    )


def registration(pdf, rows):
    """The registration form: the case as registered in Anjuan (001 第三十八条). ``rows``: (label, value)."""
    pdf.add_page(format="A4")
    _heading(pdf, _("Registration form of an administrative litigation case"))
    pdf.ln(BODY)
    _label_table(pdf, rows)


def page_numbers(pdf, pages):
    """Overlay pages, one per ``(width, height, number)``: the number at the top right.

    The top right corner of the front of a page is where archivists write the
    page number (页号).
    """
    pdf.set_auto_page_break(False)
    pdf.set_font(FAMILY, size=BODY)
    for width, height, number in pages:
        pdf.add_page(format=(width, height))
        text = str(number)
        pdf.text(width - MARGIN / 2 - pdf.get_string_width(text), MARGIN / 2 + BODY, text)
    pdf.set_auto_page_break(True, margin=MARGIN)


class Forms:
    """The forms of one volume, set in one PDF (the font is read and subset once) and split into parts.

    ``add(name, draw, *args)`` runs ``draw(pdf, *args)`` and remembers the pages
    it added under ``name``; :meth:`render` returns ``{name: PDF bytes}``.
    """

    def __init__(self):
        self.pdf = new_pdf()
        self.pages = {}

    def add(self, name, draw, *args):
        first = self.pdf.page
        draw(self.pdf, *args)
        self.pages[name] = range(first, self.pdf.page)
        return len(self.pages[name])

    def render(self, titles=None):
        import io

        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(output(self.pdf)))
        parts = {}
        for name, pages in self.pages.items():
            writer = pypdf.PdfWriter()
            for number in pages:
                writer.add_page(reader.pages[number])
            writer.add_metadata({"/Creator": "Anjuan", "/Title": (titles or {}).get(name, "")})
            out = io.BytesIO()
            writer.write(out)
            parts[name] = out.getvalue()
        return parts


__all__ = ["A4", "Forms", "IndexRow", "Problem", "VolumeFacts", "cover", "index", "note", "page_numbers"]
