"""Opening a stored file page by page: a PDF's text layer, or the page as an image."""

import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from PIL import Image


def _is_garbage(char):
    # The replacement character and the private use area: what broken text layers hold.
    return char == "\ufffd" or "\ue000" <= char <= "\uf8ff"


@dataclass
class Page:
    text: str | None = None  # the PDF's own text, when it has real text
    image: Image.Image | None = None  # otherwise the page as an image
    dpi: int | None = None


def has_real_text(text):
    """A text layer worth using: enough characters, and not the garbage some scanners embed."""
    visible = [char for char in text or "" if not char.isspace()]
    garbage = sum(1 for char in visible if _is_garbage(char))
    return len(visible) - garbage >= settings.OCR_TEXT_LAYER_MIN_CHARS and garbage <= 0.05 * len(visible)


class PdfSource:
    def __init__(self, path):
        import pypdfium2

        self.document = pypdfium2.PdfDocument(str(path))

    @property
    def page_count(self):
        return len(self.document)

    def page(self, number):
        page = self.document[number - 1]
        try:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            if has_real_text(text):
                return Page(text=text.replace("\r\n", "\n").strip())
            dpi = settings.OCR_RENDER_DPI
            bitmap = page.render(scale=dpi / 72)
            image = bitmap.to_pil().convert("RGB")
            bitmap.close()
            return Page(image=image, dpi=dpi)
        finally:
            page.close()

    def close(self):
        self.document.close()


class ImageSource:
    def __init__(self, path):
        self.image = Image.open(path)

    @property
    def page_count(self):
        return getattr(self.image, "n_frames", 1)

    def page(self, number):
        self.image.seek(number - 1)
        dpi = self.image.info.get("dpi")
        frame = self.image.convert("RGB") if self.image.mode not in ("L", "RGB") else self.image.copy()
        return Page(image=frame, dpi=round(dpi[0]) if dpi and dpi[0] else None)

    def close(self):
        self.image.close()


@contextmanager
def open_source(path, file_type):
    source = PdfSource(path) if file_type == "pdf" else ImageSource(path)
    try:
        yield source
    finally:
        source.close()


@contextmanager
def local_path(field_file):
    """A filesystem path for a stored file: its own when the storage has one, else a temporary copy."""
    try:
        yield field_file.path
        return
    except NotImplementedError:
        pass
    with tempfile.NamedTemporaryFile(suffix="-" + field_file.name.rsplit("/", 1)[-1]) as copy:
        with field_file.open("rb") as stored:
            shutil.copyfileobj(stored, copy)
        copy.flush()
        yield copy.name
