"""The volume (卷宗) of an archived case file: its generated PDFs and what they say.

One :class:`Volume` per case file records the last generation: when, by whom,
its state, the index rows, the counts and the problems found (missing and
damaged materials). Its :class:`VolumeFile` rows are the generated PDFs, stored
privately beside the case file's documents (no URL; served by a view that asks
:mod:`casefiles.access`). The volume is derived from the case file and may be
generated again at any time (:mod:`archive.volume.service`); each generation is
logged with the SHA-256 of its files.
"""

import posixpath
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casefiles.storage import casefiles_storage


class VolumeState(models.TextChoices):
    PENDING = "pending", _("Being generated")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Generation failed")


class Part(models.TextChoices):
    COVER = "cover", _("Volume cover")
    INDEX = "index", _("Volume index")
    NOTE = "note", _("Volume note")
    VOLUME = "volume", _("Combined volume")


class Volume(models.Model):
    case_file = models.OneToOneField(
        "casefiles.CaseFile", verbose_name=_("case file"), on_delete=models.PROTECT, related_name="volume"
    )
    state = models.CharField(_("state"), max_length=10, choices=VolumeState.choices, default=VolumeState.PENDING)
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    failure = models.TextField(_("why generation failed"), blank=True)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    # The index rows as generated: [{number, document_number, responsible, title, date, pages, note, document}].
    rows = models.JSONField(_("index rows"), default=list, blank=True)
    # [{title, reason}] for materials the checklist asks for and the volume lacks, or pages without a file.
    missing = models.JSONField(_("missing materials"), default=list, blank=True)
    # [{title, reason, document}] for stored files that could not be read into the volume.
    damaged = models.JSONField(_("damaged materials"), default=list, blank=True)

    class Meta:
        verbose_name = _("volume")
        verbose_name_plural = _("volumes")

    def __str__(self):
        return f"{self.case_file} · {self.get_state_display()}"

    @property
    def is_ready(self):
        return self.state == VolumeState.READY

    def file(self, part):
        return self.files.filter(part=part).first()


def volume_upload_to(instance, filename):
    # Beside the case file's documents, in a folder of their own that never clashes.
    return posixpath.join(str(instance.volume.case_file_id), "volume", uuid.uuid4().hex[:16], filename)


class VolumeFile(models.Model):
    volume = models.ForeignKey(Volume, on_delete=models.CASCADE, related_name="files")
    part = models.CharField(_("part"), max_length=10, choices=Part.choices)
    file = models.FileField(_("file"), upload_to=volume_upload_to, storage=casefiles_storage, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size"))
    page_count = models.PositiveIntegerField(_("pages"))

    class Meta:
        verbose_name = _("volume file")
        verbose_name_plural = _("volume files")
        constraints = [models.UniqueConstraint(fields=["volume", "part"], name="volume_file_part_unique")]

    def __str__(self):
        return f"{self.volume.case_file} · {self.get_part_display()}"
