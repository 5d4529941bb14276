"""Turning one page of a file into text, and checking a file can be read at all."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from casefiles import uploads
from ocr.preprocess import prepare
from ocr.sources import open_source
from ocr.tesseract import recognise

TEXT_LAYER, OCR = "text_layer", "ocr"


@dataclass(frozen=True)
class PageResult:
    number: int
    text: str
    source: str
    confidence: float | None
    rotation: int
    seconds: float


def check_file(path, filename):
    """Inspect a stored file as an upload is inspected, plus the page cap; returns the inspection.

    Raises ValidationError with the reason, in the user's language.
    """
    with open(path, "rb") as handle:
        inspection = uploads.inspect(handle, filename)
    if inspection.page_count > settings.OCR_MAX_PAGES:
        raise ValidationError(
            _("The file has %(count)d pages, more than the %(limit)d pages text extraction accepts.")
            % {"count": inspection.page_count, "limit": settings.OCR_MAX_PAGES},
            code="too_many_pages",
        )
    return inspection


def extract_page(source, number):
    """The text of page ``number`` (from 1) of an open source."""
    started = time.monotonic()
    page = source.page(number)
    if page.text is not None:
        return PageResult(number, page.text, TEXT_LAYER, None, 0, round(time.monotonic() - started, 3))
    prepared = prepare(page.image, page.dpi)
    recognition = recognise(prepared.image, prepared.dpi)
    return PageResult(
        number,
        recognition.text,
        OCR,
        recognition.confidence,
        recognition.rotation,
        round(time.monotonic() - started, 3),
    )


def extract_file(path, filename):
    """Every page of a file, in order (checks the file first)."""
    inspection = check_file(path, filename)
    with open_source(path, inspection.file_type) as source:
        for number in range(1, source.page_count + 1):
            yield extract_page(source, number)
