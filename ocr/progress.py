"""What users see of a document's text extraction: its state, pages done, and why it failed."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from casefiles.models import ExtractionStatus


@dataclass(frozen=True)
class Progress:
    status: str
    label: str
    done: int
    total: int
    reason: str
    url: str

    @property
    def active(self):
        return self.status in (ExtractionStatus.PENDING, ExtractionStatus.RUNNING)

    def as_json(self):
        return {
            "status": self.status,
            "label": self.label,
            "done": self.done,
            "total": self.total,
            "reason": self.reason,
        }


def progress_of(document):
    run = document.extraction_runs.order_by("-pk").first()
    total = (run.pages_total if run else 0) or document.page_count or 0
    done = run.pages.count() if run else 0
    status = document.extraction_status
    label = document.get_extraction_status_display()
    if status == ExtractionStatus.RUNNING:
        label = _("Extracting text: %(done)d of %(total)d pages done") % {"done": done, "total": total}
    elif status == ExtractionStatus.DONE:
        done = total
    return Progress(
        status=status,
        label=label,
        done=done,
        total=total,
        reason=document.extraction_reason,
        url=reverse("ocr_admin:progress", args=[document.pk]),
    )
