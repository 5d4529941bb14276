"""Reading a stored file for the volume: its pages as a PDF, and how many there are.

A file is read again from storage, never trusted from what was recorded at
upload: it may have been damaged since. A PDF must open in both pypdf (which
copies its pages into the volume) and pdfium (which renders it), without a
password, with the same number of pages in both; an image must decode fully,
every frame (a TIFF may hold several pages). Images become PDF pages of their
own size at their resolution. A file that fails any of this raises
:class:`Unreadable`, whose ``reason`` says in the user's language what is wrong;
the volume lists it as damaged and goes on.
"""

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext as _

from casefiles.uploads import sniff

# The resolution assumed for an image that does not state one (a common scan setting).
DEFAULT_DPI = 200
MISSING, LOCKED, DAMAGED = "missing", "locked", "damaged"


@dataclass(frozen=True)
class Readable:
    pdf: bytes  # the file's pages as a PDF
    page_count: int
    converted: bool  # made from an image


class Unreadable(Exception):
    def __init__(self, problem, reason):
        self.problem = problem  # MISSING, LOCKED or DAMAGED
        self.reason = reason
        super().__init__(reason)


def read(document):
    """The pages of ``document``'s stored file; raises :class:`Unreadable`."""
    name = document.filename
    try:
        with document.file.open("rb") as stored:
            data = stored.read()
    except (FileNotFoundError, OSError) as e:
        raise Unreadable(MISSING, _("The stored file “%(name)s” is missing.") % {"name": name}) from e
    kind = sniff(data[:1024])
    if kind == "pdf":
        return _read_pdf(data, name)
    if kind is not None:
        return _read_image(data, name)
    raise Unreadable(DAMAGED, _("The file “%(name)s” is neither a PDF nor an image any more.") % {"name": name})


def _damaged(name):
    return Unreadable(DAMAGED, _("The file “%(name)s” is damaged and cannot be read.") % {"name": name})


def _locked(name):
    return Unreadable(LOCKED, _("The PDF “%(name)s” is protected by a password and cannot be read.") % {"name": name})


def _read_pdf(data, name):
    import pypdf
    import pypdfium2

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise _locked(name)
            count = len(reader.pages)
            if count == 0:
                raise _damaged(name)
            # Copy every page now: a page that cannot be copied fails here, not in the volume.
            writer = pypdf.PdfWriter()
            writer.append(reader)
            out = io.BytesIO()
            writer.write(out)
    except Unreadable:
        raise
    except Exception as e:
        raise _damaged(name) from e
    try:
        rendered = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as e:
        raise (_locked(name) if "password" in str(e).lower() else _damaged(name)) from e
    try:
        if len(rendered) != count:
            raise _damaged(name)
    finally:
        rendered.close()
    return Readable(out.getvalue(), count, converted=False)


def _read_image(data, name):
    from fpdf import FPDF
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            pdf = FPDF(unit="pt")
            pdf.set_creator("Anjuan")
            frames = getattr(image, "n_frames", 1)
            for index in range(frames):
                image.seek(index)
                image.load()
                dpi = _dpi(image)
                width, height = image.width * 72 / dpi, image.height * 72 / dpi
                pdf.add_page(format=(width, height))
                # fpdf2 embeds a JPEG's own bytes, not re-encoded, when it is given them.
                source = io.BytesIO(data) if image.format == "JPEG" else _printable(image)
                pdf.image(source, x=0, y=0, w=width, h=height)
            return Readable(bytes(pdf.output()), frames, converted=True)
    except Unreadable:
        raise
    except Exception as e:
        raise _damaged(name) from e


def _dpi(image):
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if value >= 10 else DEFAULT_DPI


def _printable(frame):
    """A copy of one frame in a mode PDF images take (palette, alpha and 16-bit frames become RGB)."""
    if frame.mode in ("1", "L", "RGB"):
        return frame.copy()
    return frame.convert("RGB")
