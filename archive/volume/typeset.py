"""Setting the volume's forms in PDF: A4, an embedded CJK font, deterministic metadata.

The font is AR PL UMing (文鼎明体, Debian fonts-arphic-uming), found by the
fixture generator's font finder (:mod:`casefiles.demo.fonts`). It is a
TrueType face, so fpdf2 embeds a subset with the standard Identity-H encoding
and a ToUnicode map: any PDF reader, pypdf included, reads the text back. (The
Noto CJK faces are CFF-based; fpdf2 gives them a custom encoding CMap that
pypdf does not decode.)
"""

import logging

from casefiles.demo.fonts import face

FONT = "ming"
FAMILY = "volume"
A4 = (595.28, 841.89)  # points
MARGIN = 56.7  # 20 mm

# fontTools reports, for every subset, that it drops the face's bitmap (BDF) table.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


def new_pdf():
    """An empty FPDF (points, A4) with the CJK font loaded and selected."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_creator("Anjuan")
    pdf.set_producer("Anjuan")
    font = face(FONT)
    pdf.add_font(FAMILY, fname=str(font.path), collection_font_number=font.index)
    pdf.set_font(FAMILY, size=12)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    return pdf


def output(pdf):
    return bytes(pdf.output())
