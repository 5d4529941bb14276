"""Object permissions on case files, as django-guardian direct-foreign-key models.

Guardian's documented "direct foreign key" models, with what a records system
must also know of each grant: why it exists, who gave it, and until when.
Rows are read only through :mod:`casefiles.access`, which honours ``expires_at``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class GrantSource(models.TextChoices):
    HANDLING_UNIT = "handling_unit", _("Handling unit")
    DEFENDANT = "defendant", _("Defendant agency")
    LIBRARY = "library", _("Agency owning the case library")
    MANUAL = "manual", _("Granted by hand")
    # Lent by the archivist for a period (archive.borrowing); ends by itself.
    BORROWING = "borrowing", _("Borrowed from the archive")
    # An evaluator's access to the case files assigned to them in an evaluation campaign
    # (archive.evaluation); it ends with the campaign.
    EVALUATION = "evaluation", _("Assigned for evaluation")

    @classmethod
    def automatic(cls):
        return [cls.HANDLING_UNIT, cls.DEFENDANT, cls.LIBRARY]


class GrantDetails(models.Model):
    source = models.CharField(_("source"), max_length=20, choices=GrantSource.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("until"), null=True, blank=True, db_index=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        holder = getattr(self, "user", None) or getattr(self, "group", None)
        return f"{holder} · {self.permission.codename} · {self.content_object_id}"


class CaseFileUserGrant(GrantDetails, UserObjectPermissionBase):
    content_object = models.ForeignKey("casefiles.CaseFile", on_delete=models.CASCADE, related_name="user_grants")

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("case file access of a user")
        verbose_name_plural = _("case file access of users")


class CaseFileGroupGrant(GrantDetails, GroupObjectPermissionBase):
    content_object = models.ForeignKey("casefiles.CaseFile", on_delete=models.CASCADE, related_name="group_grants")

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("case file access of a group")
        verbose_name_plural = _("case file access of groups")
