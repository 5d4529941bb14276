"""Case documents: the scans and PDFs of a case file, with their versions."""

import posixpath
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, DocumentQuerySet
from wagtail.search import index

from casefiles.storage import casefiles_storage


def document_upload_to(instance, filename):
    # One folder per case file, then a random folder so that names never clash
    # and the stored file keeps the name it was uploaded with.
    case_file_id = getattr(instance, "case_file_id", None) or instance.document.case_file_id
    return posixpath.join(str(case_file_id), uuid.uuid4().hex[:16], filename)


class FileType(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    TIFF = "tiff", "TIFF"


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for text extraction")
    RUNNING = "running", _("Extracting text")
    DONE = "done", _("Text extracted")
    FAILED = "failed", _("Text extraction failed")


class CaseDocumentQuerySet(DocumentQuerySet):
    def same_file(self, case_file_id, sha256, exclude=None):
        """The case file's document holding exactly these bytes, if any."""
        documents = self.filter(case_file_id=case_file_id, sha256=sha256)
        if exclude is not None:
            documents = documents.exclude(pk=exclude.pk)
        return documents.first()


class CaseDocument(AbstractDocument):
    file = models.FileField(upload_to=document_upload_to, storage=casefiles_storage, verbose_name=_("file"))
    case_file = models.ForeignKey(
        "casefiles.CaseFile",
        verbose_name=_("case file"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("filed under"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_documents",
        help_text=_("The filing, evidence list or judgment this file belongs to."),
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True, editable=False)
    file_type = models.CharField(_("file type"), max_length=10, choices=FileType.choices, editable=False)
    page_count = models.PositiveIntegerField(_("pages"), null=True, editable=False)
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=20,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
        editable=False,
    )
    extraction_reason = models.TextField(_("reason"), blank=True, editable=False)

    objects = CaseDocumentQuerySet.as_manager()

    admin_form_fields = ("title", "file")
    # Permission filters (casefiles.policies) run inside search queries too.
    search_fields = AbstractDocument.search_fields + [index.FilterField("case_file")]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        indexes = [models.Index(fields=["case_file", "sha256"])]


class CaseDocumentVersion(models.Model):
    """An earlier file of a case document, kept when the file was replaced."""

    document = models.ForeignKey(CaseDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), storage=casefiles_storage, upload_to=document_upload_to)
    title = models.CharField(_("title"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file_size = models.PositiveBigIntegerField(_("size"), null=True)
    file_type = models.CharField(_("file type"), max_length=10, choices=FileType.choices)
    page_count = models.PositiveIntegerField(_("pages"), null=True)
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(_("replaced at"), auto_now_add=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replaced by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")]

    def __str__(self):
        return f"{self.title} v{self.number}"

    @property
    def filename(self):
        return posixpath.basename(self.file.name)


# Sent (after commit) when a document gets a file, new or replacing: the OCR stage listens.
document_file_stored = Signal()


def _announce_file(document):
    transaction.on_commit(lambda: document_file_stored.send(sender=CaseDocument, document_id=document.pk))


class DuplicateDocument(Exception):
    """The same file (by SHA-256) is already in the case file."""

    def __init__(self, existing):
        self.existing = existing
        super().__init__(existing)

    @property
    def message(self):
        from django.utils.translation import gettext

        return gettext("This file is already in the case file as “%(title)s” (uploaded %(date)s).") % {
            "title": self.existing.title,
            "date": self.existing.created_at.strftime("%Y-%m-%d") if self.existing.created_at else "",
        }


def _save_file(instance, field_name, content, name, written):
    """Write ``content`` into ``instance.<field_name>``; note the stored path so a failure can remove it."""
    from django.core.files.base import ContentFile

    field = getattr(instance, field_name)
    field.save(name, ContentFile(content), save=False)
    written.append((field.storage, field.name))


@contextmanager
def _storing():
    """A transaction for writing files and rows: files written inside it are removed if it fails."""
    written = []
    try:
        with transaction.atomic():
            yield written
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise


def _inspect_new_file(fileobj, filename, case_file_id, inspection, replacing=None):
    """Inspect an upload (unless already done) and refuse it if the case file holds it already."""
    from casefiles import uploads

    if inspection is None:
        inspection = uploads.inspect(fileobj, filename)
    if replacing is not None and inspection.sha256 == replacing.sha256:
        raise DuplicateDocument(replacing)
    existing = CaseDocument.objects.same_file(case_file_id, inspection.sha256, exclude=replacing)
    if existing is not None:
        raise DuplicateDocument(existing)
    fileobj.seek(0)
    return inspection, fileobj.read()


def store_document(case_file, fileobj, filename, *, user=None, title="", page=None, inspection=None):
    """Validate ``fileobj`` and store it as a new document of ``case_file``.

    Raises ValidationError (bad file), DuplicateDocument (same file already
    in the case file) or casefiles.access.Sealed (the case file is archived).
    Either the file and its row are both stored, or neither.
    ``inspection`` may carry the result of an earlier ``uploads.inspect`` of
    the same file.
    """
    inspection, content = _inspect_new_file(fileobj, filename, case_file.pk, inspection)
    _refuse_if_sealed(case_file)
    with _storing() as written:
        document = CaseDocument(
            case_file=case_file,
            page=page,
            title=title or posixpath.splitext(inspection.filename)[0],
            uploaded_by_user=user,
        )
        _apply_inspection(document, inspection)
        _save_file(document, "file", content, inspection.filename, written)
        document._set_document_file_metadata()
        document.save()
    _log_document(document, "anjuan.document.upload", user)
    _announce_file(document)
    return document


def replace_document_file(document, fileobj, filename, *, user=None, inspection=None):
    """Give ``document`` a new file, keeping the current one as a numbered earlier version."""
    inspection, content = _inspect_new_file(fileobj, filename, document.case_file_id, inspection, replacing=document)
    _refuse_if_sealed(document.case_file_id)
    with _storing() as written:
        locked = CaseDocument.objects.select_for_update().get(pk=document.pk)
        keep_as_version(locked, user)
        _apply_inspection(locked, inspection)
        _save_file(locked, "file", content, inspection.filename, written)
        locked._set_document_file_metadata()
        locked.save()
    _log_document(locked, "anjuan.document.replace", user)
    _announce_file(locked)
    return locked


def keep_as_version(document, user):
    """Record ``document``'s current file as its next earlier version (the file itself stays where it is)."""
    number = (document.versions.aggregate(models.Max("number"))["number__max"] or 0) + 1
    return CaseDocumentVersion.objects.create(
        document=document,
        number=number,
        file=document.file.name,
        title=document.title,
        sha256=document.sha256,
        file_size=document.file_size,
        file_type=document.file_type,
        page_count=document.page_count,
        uploaded_at=document.created_at,
        uploaded_by_user=document.uploaded_by_user,
        replaced_by=user,
    )


def _refuse_if_sealed(case_file):
    """Nothing is added to or replaced in a sealed (archived) case file: raises casefiles.access.Sealed."""
    from casefiles import access

    access.refuse_if_sealed(case_file)


def _apply_inspection(document, inspection):
    document.sha256 = inspection.sha256
    document.file_type = inspection.file_type
    document.page_count = inspection.page_count
    document.extraction_status = ExtractionStatus.PENDING


def _log_document(document, action, user):
    from wagtail.log_actions import log

    log(
        instance=document,
        action=action,
        user=user,
        data={"sha256": document.sha256, "case_file": document.case_file_id},
    )
