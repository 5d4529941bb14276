"""Extraction runs and the per-page text they produce.

Every extraction of a document is a run. Its pages are written one by one
(unique per run and page number, so a page retried after a crash is never
stored twice), and when the last one is in, the run becomes the document's
current one in a single transaction: readers see either the old pages or the
new ones, never a mix.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExtractionRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        SUPERSEDED = "superseded", _("Superseded")

    document = models.ForeignKey("casefiles.CaseDocument", on_delete=models.CASCADE, related_name="extraction_runs")
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING, db_index=True)
    is_current = models.BooleanField(default=False)
    pages_total = models.PositiveIntegerField(default=0)
    reason = models.TextField(blank=True)
    reused_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("text extraction")
        verbose_name_plural = _("text extractions")
        constraints = [
            models.UniqueConstraint(
                fields=["document"], condition=models.Q(is_current=True), name="one_current_run_per_document"
            )
        ]

    def __str__(self):
        return f"{self.document_id} · {self.get_status_display()} · {self.pages_total}"


class PageText(models.Model):
    class Source(models.TextChoices):
        TEXT_LAYER = "text_layer", _("PDF text layer")
        OCR = "ocr", _("OCR")

    run = models.ForeignKey(ExtractionRun, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    confidence = models.FloatField(_("mean confidence"), null=True, blank=True)
    rotation = models.PositiveSmallIntegerField(
        _("rotation"), default=0, help_text=_("Clockwise degrees the page was turned to read it.")
    )
    seconds = models.FloatField(_("seconds"), default=0)

    class Meta:
        verbose_name = _("page text")
        verbose_name_plural = _("page texts")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="one_text_per_page_per_run")]

    def __str__(self):
        return f"{self.run_id} · {self.number}"
