"""Real files for the tests, good and bad, made by our own fixture code."""

import hashlib
import io
import struct
import zlib
from functools import lru_cache

import pypdf
from PIL import Image

from casefiles.demo import render

SAMPLE = render.CourtDocument(
    title="行政起诉状",
    paragraphs=["原告张某，男，1970年1月1日出生，住明川市临江区人民路1号。", "诉讼请求：撤销被告作出的房屋征收决定。"],
    issuer="起诉人：张某",
    date="二〇二四年三月一日",
)


@lru_cache
def text_pdf(title="行政起诉状"):
    # A TrueType face: fpdf2 subsets it in a third of the time of the Noto CJK faces, and the
    # suite makes dozens of these (one per title).
    return render.render_pdf(render.CourtDocument(title=title, paragraphs=SAMPLE.paragraphs), "ming")


@lru_cache
def scan_pages(seal=False, dpi=100):
    pages, _layout = render.render_scan_pages(SAMPLE, render.ScanOptions(dpi=dpi, seal=seal))
    return pages


@lru_cache
def scan_pdf():
    return render.images_to_pdf(scan_pages(), dpi=100)


@lru_cache
def png():
    return render.image_bytes(scan_pages()[0], "PNG", dpi=100)


@lru_cache
def jpeg():
    return render.image_bytes(scan_pages()[0], "JPEG", dpi=100)


@lru_cache
def tiff(pages=2):
    return render.images_to_tiff(scan_pages() * pages, dpi=100)


def encrypted_pdf(password="secret"):
    reader = pypdf.PdfReader(io.BytesIO(text_pdf()))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def owner_only_encrypted_pdf():
    """Encrypted with an owner password only: opens without a password."""
    reader = pypdf.PdfReader(io.BytesIO(text_pdf()))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zero_page_pdf():
    out = io.BytesIO()
    pypdf.PdfWriter().write(out)
    return out.getvalue()


def corrupt_pdf():
    """A PDF header followed by garbage."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n"


def truncated_pdf():
    data = scan_pdf()
    return data[: len(data) // 3]


def truncated_jpeg():
    data = jpeg()
    return data[: len(data) // 2]


def gigapixel_png(width=100_000, height=100_000):
    """A tiny PNG whose header claims billions of pixels (a decompression bomb)."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def docx_like():
    """A ZIP container (what .docx files are): not a type Anjuan accepts."""
    return b"PK\x03\x04" + b"\x00" * 200


def html_named_pdf():
    return b"<html><script>alert(1)</script></html>"


def solid_png(size=(50, 50)):
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()


def store_unchecked(case_file, name, data, file_type, page_count=1):
    """A CaseDocument whose file skipped the upload checks, as if it were damaged after storing."""
    from django.core.files.base import ContentFile

    from casefiles.models import CaseDocument

    document = CaseDocument(
        case_file=case_file,
        title=name,
        sha256=hashlib.sha256(data).hexdigest(),
        file_type=file_type,
        page_count=page_count,
    )
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def _rewritten(change):
    """The text PDF, rewritten by pypdf after ``change(writer)``."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(text_pdf())))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def javascript_pdf():
    """Runs a script when opened (document-level JavaScript)."""
    from pypdf.actions import JavaScript

    return _rewritten(lambda writer: writer.add_open_action(JavaScript("app.alert('opened');")))


def launch_pdf():
    """Launches a program when opened (/OpenAction of type /Launch)."""
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    def launch(writer):
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
        )

    return _rewritten(launch)


def pdf_with_attachment():
    return _rewritten(lambda writer: writer.add_attachment("附件.exe", b"MZ\x90\x00not really a program"))
