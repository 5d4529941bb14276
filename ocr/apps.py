import os

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OcrConfig(AppConfig):
    name = "ocr"
    verbose_name = _("Text extraction")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from casefiles.models.documents import document_file_stored

        # Tesseract's own threads make it slower on few cores; parallelism comes from workers.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        document_file_stored.connect(_extract_stored_file, dispatch_uid="ocr_extract_stored_file")


def _extract_stored_file(document_id, **kwargs):
    from django.conf import settings

    if settings.OCR_ON_UPLOAD:
        from ocr.runs import enqueue

        enqueue(document_id)
