"""A case file's way into the archive: its submission, and every step taken on it.

One :class:`ArchivingSubmission` per case file carries the current state; each
step (submitted, checked, review started, returned, archived, reopened, sealed
again) is an
:class:`ArchivingEvent` row that is only ever added: who, when, why, and for the
automatic check the checklist result. The steps themselves are the service
functions of :mod:`archive.workflow`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.retention import Retention


class State(models.TextChoices):
    CHECKED = "checked", _("Complete, waiting for review")
    UNDER_REVIEW = "under_review", _("Under review by the archivist")
    RETURNED = "returned", _("Returned to the handling unit")
    ARCHIVED = "archived", _("Archived")
    # An archivist opened the archived (sealed) case file again to correct it; it keeps its archival code.
    REOPENED = "reopened", _("Reopened for correction")


class Action(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for archiving")
    CHECKED = "checked", _("Completeness check passed")
    REVIEW_STARTED = "review_started", _("Review started")
    RETURNED = "returned", _("Returned")
    ARCHIVED = "archived", _("Archived")
    REOPENED = "reopened", _("Reopened")
    RESEALED = "resealed", _("Sealed again")


class ArchivingSubmission(models.Model):
    case_file = models.OneToOneField(
        "casefiles.CaseFile", verbose_name=_("case file"), on_delete=models.PROTECT, related_name="archiving"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewing archivist"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_retention = models.CharField(_("proposed retention"), max_length=3, choices=Retention.choices)
    proposal_source = models.CharField(_("why this retention"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("archiving submission")
        verbose_name_plural = _("archiving submissions")

    def __str__(self):
        return f"{self.case_file} · {self.get_state_display()}"

    def events_in_order(self):
        return self.events.select_related("actor").order_by("at", "pk")

    def last_return(self):
        """The latest return, whose reasons the handling unit answers."""
        return self.events.filter(action=Action.RETURNED).order_by("-at", "-pk").first()


def is_archived(case_file):
    """Is ``case_file`` archived now: its submission archived, its status archived, its archival code given?"""
    from archive.models.codes import ArchivalCode
    from casefiles.models import CaseFile

    return (
        case_file.status == CaseFile.Status.ARCHIVED
        and ArchivingSubmission.objects.filter(case_file=case_file, state=State.ARCHIVED).exists()
        and ArchivalCode.objects.filter(case_file=case_file).exists()
    )


class ArchivingEvent(models.Model):
    submission = models.ForeignKey(ArchivingSubmission, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("step"), max_length=20, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    # None for the automatic completeness check.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reasons or answer"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("archiving step")
        verbose_name_plural = _("archiving steps")

    def __str__(self):
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"
