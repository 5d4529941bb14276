"""Fixity of archived files: what was recorded when a case file was sealed, and every check since.

When a case file is archived (or sealed again after a reopening), each of its
stored files, current and earlier versions alike, gets a
:class:`ManifestEntry`: where it is stored, its SHA-256 and its size, read from
the storage at that moment. ``manage.py fixity_check`` reads every file of the
sealed case files again and keeps a :class:`FixityRun` with a
:class:`FixityFinding` for each file that is missing, changed or unreadable
(see :mod:`archive.fixity`). Entries and runs are only ever added; a reopened
case file's entries are superseded when it is sealed again.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ManifestEntryQuerySet(models.QuerySet):
    def current(self):
        """Entries not superseded by a later sealing."""
        return self.filter(superseded_at__isnull=True)


class ManifestEntry(models.Model):
    case_file = models.ForeignKey(
        "casefiles.CaseFile", verbose_name=_("case file"), on_delete=models.PROTECT, related_name="manifest"
    )
    # The entry outlives its row if a reopened case file's document is removed: name and hash stay.
    document = models.ForeignKey(
        "casefiles.CaseDocument",
        verbose_name=_("case document"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.ForeignKey(
        "casefiles.CaseDocumentVersion",
        verbose_name=_("earlier version"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=255)
    name = models.CharField(_("stored as"), max_length=500)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    objects = ManifestEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("archived file")
        verbose_name_plural = _("archived files")
        indexes = [models.Index(fields=["case_file", "superseded_at"])]

    def __str__(self):
        return f"{self.title} ({self.name})"


class FixityRun(models.Model):
    class Trigger(models.TextChoices):
        COMMAND = "command", _("Command")
        TASK = "task", _("Scheduled task")

    trigger = models.CharField(_("started by"), max_length=20, choices=Trigger.choices)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    # Empty while the run is going on, or if it was stopped before the end.
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    case_files_checked = models.PositiveIntegerField(_("case files checked"), default=0)
    files_checked = models.PositiveIntegerField(_("files checked"), default=0)
    bytes_read = models.PositiveBigIntegerField(_("bytes read"), default=0)
    problem_count = models.PositiveIntegerField(_("problems"), default=0)
    notified = models.PositiveIntegerField(_("emails sent"), default=0)

    class Meta:
        verbose_name = _("fixity check")
        verbose_name_plural = _("fixity checks")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"#{self.pk} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def clean(self):
        return self.finished_at is not None and self.problem_count == 0


class FixityFinding(models.Model):
    class Kind(models.TextChoices):
        MISSING = "missing", _("Missing")
        CHANGED = "changed", pgettext_lazy("a file", "Changed")
        UNREADABLE = "unreadable", _("Unreadable")

    run = models.ForeignKey(FixityRun, on_delete=models.CASCADE, related_name="findings")
    entry = models.ForeignKey(ManifestEntry, on_delete=models.PROTECT, related_name="findings")
    case_file = models.ForeignKey("casefiles.CaseFile", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("problem"), max_length=20, choices=Kind.choices)
    actual_sha256 = models.CharField(_("SHA-256 now"), max_length=64, blank=True)
    actual_size = models.PositiveBigIntegerField(_("size now"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("fixity finding")
        verbose_name_plural = _("fixity findings")
        ordering = ["case_file_id", "entry_id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.entry}"
