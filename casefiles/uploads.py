"""Inspecting an uploaded file before anything is stored.

:func:`inspect` reads the whole file once: it decides the type from the bytes
(never from the name), checks the file opens (PDF: not corrupt, not locked by a
password, has pages; images: not truncated, not a decompression bomb), counts
its pages and hashes it. Any problem raises a ValidationError whose message
says, in the user's language, what is wrong with which file.
"""

import hashlib
import io
import posixpath
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from casefiles.models.documents import FileType

# Extensions each type may carry.
EXTENSIONS = {
    FileType.PDF: (".pdf",),
    FileType.JPEG: (".jpg", ".jpeg", ".jpe"),
    FileType.PNG: (".png",),
    FileType.TIFF: (".tif", ".tiff"),
}
MIME_TYPES = {
    FileType.PDF: "application/pdf",
    FileType.JPEG: "image/jpeg",
    FileType.PNG: "image/png",
    FileType.TIFF: "image/tiff",
}
TYPE_NAMES = {
    FileType.PDF: "PDF",
    FileType.JPEG: "JPEG",
    FileType.PNG: "PNG",
    FileType.TIFF: "TIFF",
}


@dataclass(frozen=True)
class Inspection:
    file_type: str
    page_count: int
    sha256: str
    size: int
    filename: str  # the name to store it under, with the right extension

    @property
    def mime_type(self):
        return MIME_TYPES[self.file_type]


def sniff(head):
    """The file type from a file's first bytes, or None."""
    if head.startswith(b"%PDF-"):
        return FileType.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return FileType.TIFF
    # A PDF may carry a few bytes of junk before its header; readers accept that.
    if b"%PDF-" in head[:1024]:
        return FileType.PDF
    return None


def max_upload_bytes():
    return settings.ANJUAN_MAX_UPLOAD_MB * 1024 * 1024


def inspect(fileobj, filename):
    """Check an upload and describe it; raise ValidationError when it cannot be accepted."""
    name = posixpath.basename((filename or "").replace("\\", "/")).strip() or "file"
    data = _read_all(fileobj, name)
    if not data:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name}, code="empty")
    file_type = sniff(data[:1024])
    if file_type is None:
        raise ValidationError(
            _(
                "The file “%(name)s” is not a PDF, JPEG, PNG or TIFF file (judged by its content), "
                "so it cannot be uploaded."
            )
            % {"name": name},
            code="unsupported_type",
        )
    stem, ext = posixpath.splitext(name)
    if ext and ext.lower() not in EXTENSIONS[file_type]:
        raise ValidationError(
            _(
                "The file “%(name)s” is named %(ext)s but is in fact a %(type)s file. "
                "Correct its extension and upload it again."
            )
            % {"name": name, "ext": ext, "type": TYPE_NAMES[file_type]},
            code="mislabelled",
        )
    if not ext:
        name = stem + EXTENSIONS[file_type][0]
    if file_type == FileType.PDF:
        page_count = _check_pdf(data, name)
    else:
        page_count = _check_image(data, name)
    return Inspection(
        file_type=file_type,
        page_count=page_count,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        filename=name,
    )


def _read_all(fileobj, name):
    limit = max_upload_bytes()
    size = getattr(fileobj, "size", None)
    if size is not None and size > limit:
        raise _too_large(name, size)
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    chunks, total = [], 0
    while chunk := fileobj.read(1024 * 1024):
        total += len(chunk)
        if total > limit:
            raise _too_large(name, total)
        chunks.append(chunk)
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    return b"".join(chunks)


def _too_large(name, size):
    return ValidationError(
        _("The file “%(name)s” is larger than the limit of %(limit)d MB (at least %(size).1f MB).")
        % {"name": name, "limit": settings.ANJUAN_MAX_UPLOAD_MB, "size": size / 1024 / 1024},
        code="too_large",
    )


def _corrupt(name, kind):
    return ValidationError(
        _("The file “%(name)s” is damaged: it cannot be read as a %(type)s file.") % {"name": name, "type": kind},
        code="corrupt",
    )


def _check_pdf(data, name):
    import pypdf
    import pypdfium2

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ValidationError(
                    _("The PDF “%(name)s” is protected by a password. Upload a copy without a password.")
                    % {"name": name},
                    code="encrypted",
                )
            page_count = len(reader.pages)
    except ValidationError:
        raise
    except Exception as e:
        raise _corrupt(name, "PDF") from e
    if page_count == 0:
        raise ValidationError(_("The PDF “%(name)s” has no pages.") % {"name": name}, code="no_pages")
    # pdfium renders the pages later on: the file must open there too.
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as e:
        if "password" in str(e).lower():
            raise ValidationError(
                _("The PDF “%(name)s” is protected by a password. Upload a copy without a password.") % {"name": name},
                code="encrypted",
            ) from e
        raise _corrupt(name, "PDF") from e
    try:
        return len(document)
    finally:
        document.close()


def _check_image(data, name):
    from PIL import Image, UnidentifiedImageError

    limit = settings.ANJUAN_MAX_IMAGE_MEGAPIXELS * 1_000_000
    kind = TYPE_NAMES[sniff(data[:16])]
    try:
        with warnings.catch_warnings():
            # Pillow's own decompression-bomb limit is ours (see CasefilesConfig.ready).
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            frames = getattr(image, "n_frames", 1)
            for index in range(frames):
                image.seek(index)
                width, height = image.size
                if width * height > limit:
                    raise _too_many_pixels(name, width, height)
            image.seek(0)
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise _too_many_pixels(name) from e
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as e:
        raise _corrupt(name, kind) from e
    return frames


def _too_many_pixels(name, width=None, height=None):
    params = {"name": name, "limit": settings.ANJUAN_MAX_IMAGE_MEGAPIXELS}
    if width is None:
        message = _("The image “%(name)s” has more than the limit of %(limit)d megapixels.") % params
    else:
        message = _(
            "The image “%(name)s” is %(width)d × %(height)d pixels, more than the limit of %(limit)d megapixels."
        ) % {**params, "width": width, "height": height}
    return ValidationError(message, code="too_many_pixels")
