"""Rendering court documents as PDFs with a text layer and as scans.

Everything here is deterministic: the same document and options give the same
bytes. One layout (A4, in points) serves both outputs, so a scan's pages hold
the same lines as the PDF's, and :attr:`Layout.page_texts` is the ground truth
an OCR test compares with.

Scans imitate what agencies feed their scanners: an optional red round seal
printed over the text, whole-page rotation (0/90/180/270), a slight skew,
speckle noise and JPEG compression.
"""

import datetime
import io
import math
import random
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFont

from casefiles.demo.fonts import face

# A4 in points, and the margins of a Chinese official document (GB/T 9704).
PAGE_WIDTH, PAGE_HEIGHT = 595.28, 841.89
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 79.0, 74.0, 105.0, 99.0
BODY_SIZE = 16.0  # 三号
TITLE_SIZE = 22.0  # 二号
LINE_HEIGHT = 1.75
INDENT = "\u3000\u3000"
SEAL_DIAMETER_MM = 42.0
SEAL_RED = (218, 37, 29)
# Fixed metadata dates keep generated files byte-for-byte reproducible.
FIXED_DATE = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
# Punctuation that never starts a line (避头): it hangs at the end of the line before.
NO_LINE_START = set("，。、；：！？）》」』”’…")


@dataclass
class CourtDocument:
    """A document to render: a heading, body paragraphs, and who issued it."""

    title: str
    paragraphs: list[str]
    issuer: str = ""
    date: str = ""
    subtitle: str = ""  # e.g. the case number under the title


@dataclass
class Line:
    text: str
    size: float
    x: float
    y: float  # baseline, from the top of the page, in points
    bold: bool = False


@dataclass
class Layout:
    pages: list[list[Line]] = field(default_factory=list)
    issuer_line: tuple[int, Line] | None = None  # (page index, line) the seal goes over

    @property
    def page_texts(self):
        return ["\n".join(line.text for line in page) for page in self.pages]


@lru_cache(maxsize=16)
def _measure_font(font_key):
    # Measure at a large size for precision; widths scale linearly.
    return ImageFont.truetype(str(face(font_key).path), size=200, index=face(font_key).index)


def text_width(text, size, font_key="serif"):
    return _measure_font(font_key).getlength(text) * size / 200


def _wrap(paragraph, size, width, font_key):
    lines, current = [], ""
    for char in paragraph:
        too_wide = text_width(current + char, size, font_key) > width
        if too_wide and current and char not in NO_LINE_START:
            lines.append(current)
            current = char
        else:
            current += char
    if current:
        lines.append(current)
    return lines


def layout(document, font_key="serif"):
    """Place a document's lines on A4 pages."""
    width = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    result = Layout(pages=[[]])
    y = MARGIN_TOP

    def place(text, size, *, centred=False, right=False, bold=False, gap=LINE_HEIGHT):
        nonlocal y
        step = size * gap
        if y + step > PAGE_HEIGHT - MARGIN_BOTTOM and result.pages[-1]:
            result.pages.append([])
            y = MARGIN_TOP
        y += step
        if centred:
            x = MARGIN_LEFT + (width - text_width(text, size, font_key)) / 2
        elif right:
            x = PAGE_WIDTH - MARGIN_RIGHT - text_width(text, size, font_key) - size * 2
        else:
            x = MARGIN_LEFT
        line = Line(text, size, x, y, bold)
        result.pages[-1].append(line)
        return line

    place(document.title, TITLE_SIZE, centred=True, bold=True, gap=1.6)
    if document.subtitle:
        place(document.subtitle, BODY_SIZE, right=True, gap=2.2)
    y += BODY_SIZE * 0.6
    for paragraph in document.paragraphs:
        for line in _wrap(INDENT + paragraph, BODY_SIZE, width, font_key):
            place(line, BODY_SIZE)
    if document.issuer:
        y += BODY_SIZE * 2
        # The issuer and the date stay together on one page, under the seal.
        if y + BODY_SIZE * LINE_HEIGHT * 2 > PAGE_HEIGHT - MARGIN_BOTTOM:
            result.pages.append([])
            y = MARGIN_TOP
        issuer = place(document.issuer, BODY_SIZE, right=True)
        result.issuer_line = (len(result.pages) - 1, issuer)
    if document.date:
        place(document.date, BODY_SIZE, right=True)
    return result


# --- PDF with a text layer -------------------------------------------------------


def render_pdf(document, font_key="serif"):
    """A vector PDF with a real text layer; returns its bytes."""
    from fpdf import FPDF

    pages = layout(document, font_key)
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_creator("Anjuan fixtures")
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_font("body", fname=str(face(font_key).path), collection_font_number=face(font_key).index)
    pdf.set_auto_page_break(False)
    for page in pages.pages:
        pdf.add_page()
        for line in page:
            pdf.set_font("body", size=line.size)
            pdf.text(line.x, line.y, line.text)
    return bytes(pdf.output())


# --- Scans -----------------------------------------------------------------------


@dataclass(frozen=True)
class ScanOptions:
    font: str = "serif"
    dpi: int = 300
    seal: bool = False
    rotation: int = 0  # whole-page rotation, clockwise: 0, 90, 180, 270
    skew: float = 0.0  # degrees, counter-clockwise
    noise: float = 0.0  # share of pixels flipped by speckle, 0..0.05
    jpeg_quality: int | None = None
    seed: int = 0


def render_scan_pages(document, options=ScanOptions()):
    """The scanned pages of ``document`` as PIL images, with the layout (its texts are the ground truth)."""
    pages = layout(document, options.font)
    images = []
    for index, page in enumerate(pages.pages):
        image = _draw_page(page, options)
        if options.seal and pages.issuer_line and pages.issuer_line[0] == index:
            image = _stamp_seal(image, pages.issuer_line[1], document.issuer, options)
        image = _degrade(image, options, seed=options.seed * 1000 + index)
        images.append(image)
    return images, pages


def _scale(options):
    return options.dpi / 72.0


@lru_cache(maxsize=32)
def _font(font_key, px):
    return ImageFont.truetype(str(face(font_key).path), size=px, index=face(font_key).index)


def _draw_page(page, options):
    scale = _scale(options)
    size = (round(PAGE_WIDTH * scale), round(PAGE_HEIGHT * scale))
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for line in page:
        font = _font(options.font, round(line.size * scale))
        draw.text(
            (line.x * scale, line.y * scale),
            line.text,
            font=font,
            fill=(20, 20, 20),
            anchor="ls",
            stroke_width=1 if line.bold else 0,
            stroke_fill=(20, 20, 20),
        )
    return image


def _stamp_seal(image, issuer_line, issuer, options):
    scale = _scale(options)
    diameter = round(SEAL_DIAMETER_MM / 25.4 * options.dpi)
    seal = seal_image(issuer, diameter, font_key="serif")
    # Centre the seal over the issuer's name, as agencies stamp.
    centre_x = (issuer_line.x + text_width(issuer_line.text, issuer_line.size, options.font) / 2) * scale
    centre_y = (issuer_line.y - issuer_line.size / 2) * scale
    layer = Image.new("RGB", image.size, (255, 255, 255))
    layer.paste(seal, (round(centre_x - diameter / 2), round(centre_y - diameter / 2)), seal.split()[3])
    # Ink over ink: multiply, so black text stays black under the red.
    return ImageChops.multiply(image, layer)


def seal_image(text, diameter, font_key="serif"):
    """A red round official seal (公章) with ``text`` around its upper edge and a star."""
    size = diameter
    seal = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(seal)
    ring = max(2, round(diameter * 0.028))
    draw.ellipse((ring / 2, ring / 2, size - ring / 2, size - ring / 2), outline=SEAL_RED + (235,), width=ring)
    centre = size / 2
    # Five-pointed star in the middle.
    outer, inner = diameter * 0.16, diameter * 0.16 * 0.382
    points = []
    for k in range(10):
        radius = outer if k % 2 == 0 else inner
        angle = math.radians(-90 + k * 36)
        points.append((centre + radius * math.cos(angle), centre + radius * math.sin(angle)))
    draw.polygon(points, fill=SEAL_RED + (235,))
    # The agency's name, clockwise along the top arc.
    char_px = round(diameter * 0.13)
    font = _font(font_key, char_px)
    radius = size / 2 - ring - char_px * 0.75
    span = min(250.0, 24.0 * len(text))
    for k, char in enumerate(text):
        angle = -90 - span / 2 + span * (k + 0.5) / len(text)
        glyph = Image.new("RGBA", (char_px * 2, char_px * 2), (255, 255, 255, 0))
        ImageDraw.Draw(glyph).text((char_px, char_px), char, font=font, fill=SEAL_RED + (235,), anchor="mm")
        glyph = glyph.rotate(-(angle + 90), resample=Image.BICUBIC)
        x = centre + radius * math.cos(math.radians(angle)) - char_px
        y = centre + radius * math.sin(math.radians(angle)) - char_px
        seal.alpha_composite(glyph, (round(x), round(y)))
    return seal


def _degrade(image, options, seed):
    if options.skew:
        image = image.rotate(options.skew, resample=Image.BICUBIC, fillcolor=(255, 255, 255))
    if options.noise:
        image = _speckle(image, options.noise, seed)
    if options.rotation:
        image = image.rotate(-options.rotation, expand=True)
    if options.jpeg_quality:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=options.jpeg_quality)
        image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    return image


def _speckle(image, amount, seed):
    """Flip a share of pixels to dark or light specks, deterministically."""
    rng = random.Random(seed)
    width, height = image.size
    noise = Image.frombytes("L", (width, height), rng.randbytes(width * height))
    threshold = max(1, round(255 * amount / 2))
    dark = noise.point(lambda v: 0 if v < threshold else 255)
    light = noise.point(lambda v: 255 if v > 255 - threshold else 0)
    image = ImageChops.multiply(image, Image.merge("RGB", (dark, dark, dark)))
    return ImageChops.lighter(image, Image.merge("RGB", (light, light, light)))


# --- Packaging scans -------------------------------------------------------------


def images_to_pdf(images, dpi=300):
    """An image-only PDF (no text layer), as scanners produce."""
    buffer = io.BytesIO()
    first, rest = images[0], images[1:]
    first.save(
        buffer,
        "PDF",
        save_all=True,
        append_images=rest,
        resolution=float(dpi),
        creationDate=FIXED_DATE.utctimetuple(),
        modDate=FIXED_DATE.utctimetuple(),
    )
    return buffer.getvalue()


def images_to_tiff(images, dpi=300):
    buffer = io.BytesIO()
    images[0].save(buffer, "TIFF", save_all=True, append_images=images[1:], compression="tiff_lzw", dpi=(dpi, dpi))
    return buffer.getvalue()


def image_bytes(image, fmt="PNG", dpi=300, quality=90):
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, "JPEG", quality=quality, dpi=(dpi, dpi))
    else:
        image.save(buffer, fmt, dpi=(dpi, dpi))
    return buffer.getvalue()
