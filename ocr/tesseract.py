"""One Tesseract run per page: text, mean confidence and orientation together.

``--psm 1`` (automatic segmentation with orientation detection) turns pages
lying on their side or upside down inside the same run; the hOCR output says
by how much (each line's ``textangle``) and carries the words' confidences, the
text output the text in reading order. Tesseract itself runs single-threaded
(OMP_THREAD_LIMIT=1): parallelism comes from running pages in several workers.
"""

import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from pytesseract import pytesseract

from ocr.cleanup import tidy
from ocr.language_data import tessdata_dir

_LINE = re.compile(r"class='ocr_line'[^>]*title=\"([^\"]*)\"")
_ANGLE = re.compile(r"textangle (\d+)")
_WORD_CONFIDENCE = re.compile(r"x_wconf (\d+)")


@dataclass(frozen=True)
class Recognition:
    text: str
    confidence: float | None  # mean word confidence, 0–100
    rotation: int  # clockwise degrees the page needed to be read


def recognise(image, dpi):
    """Read a prepared greyscale page image."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    with tempfile.TemporaryDirectory(prefix="anjuan-ocr-") as work:
        source = Path(work) / "page.png"
        image.save(source, dpi=(dpi, dpi))
        base = Path(work) / "out"
        pytesseract.run_tesseract(
            str(source),
            str(base),
            extension="txt hocr",
            lang=settings.OCR_LANGUAGES,
            config=f"--psm 1 --oem 1 --tessdata-dir {tessdata_dir()}",
            timeout=settings.OCR_PAGE_TIMEOUT_SECONDS,
        )
        text = (base.with_suffix(".txt")).read_text(encoding="utf-8")
        hocr = (base.with_suffix(".hocr")).read_text(encoding="utf-8")
    return Recognition(text=tidy(text), confidence=_mean_confidence(hocr), rotation=_rotation(hocr))


def _mean_confidence(hocr):
    confidences = [int(value) for value in _WORD_CONFIDENCE.findall(hocr)]
    return round(sum(confidences) / len(confidences), 1) if confidences else None


def _rotation(hocr):
    angles = Counter(int(match.group(1)) if (match := _ANGLE.search(title)) else 0 for title in _LINE.findall(hocr))
    return angles.most_common(1)[0][0] if angles else 0
