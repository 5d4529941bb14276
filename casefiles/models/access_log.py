"""The access log: every view and download of case content, who, what, when and from where.

Rows are written by :func:`casefiles.access_log.record` from the views that
serve case content, once the user's access is confirmed (a refused request
serves nothing and is not logged); who may read them is decided by
:func:`casefiles.access.readable_access_log`. The log is only ever added to:
rows are never changed or deleted here, and the admin offers no edit or delete.

The case file, document and user are kept by id without a database
constraint: an entry outlives what it names, and never stops a user or a case
file from being deleted.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW_CASE_FILE = "view_case_file", _("Viewed the case file")
    VIEW_PAGE = "view_page", _("Viewed a page of a file")
    PAGE_IMAGE = "page_image", _("Viewed the image of a page")
    DOWNLOAD = "download", _("Downloaded a file")
    DOWNLOAD_VERSION = "download_version", _("Downloaded an earlier version of a file")
    DOWNLOAD_VOLUME = "download_volume", _("Downloaded a PDF of the archive volume")
    EXPORT = "export", _("Exported the archived case file as a package")


class AppendOnly(Exception):
    """Someone tried to change or delete access log entries."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("The access log is append-only.")

    def delete(self):
        raise AppendOnly("The access log is append-only.")


def _loose(model, verbose_name):
    return models.ForeignKey(
        model,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )


class AccessLogEntry(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = _loose(settings.AUTH_USER_MODEL, _("user"))
    action = models.CharField(_("action"), max_length=30, choices=AccessAction.choices)
    case_file = _loose("casefiles.CaseFile", _("case file"))
    document = _loose("casefiles.CaseDocument", _("file"))
    page_number = models.PositiveIntegerField(_("page"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("from (IP address)"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["case_file", "at"], name="access_log_case_file_at"),
            models.Index(fields=["user", "at"], name="access_log_user_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.case_file_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("The access log is append-only.")
