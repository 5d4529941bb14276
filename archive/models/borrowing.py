"""Borrowing (借阅) an archived case file: a request, the archivist's decision, the loan and its end.

One :class:`Borrowing` per request carries its state and, once approved, the
grant that lets the borrower view the case file (a
:class:`casefiles.models.CaseFileUserGrant` with an end, read by
:mod:`casefiles.access` like any other grant): the loan ends by itself when
the grant's time is up, with no task to revoke it. Each step (requested,
approved, refused, returned) is a :class:`BorrowingEvent`, only ever added:
who, when, why. The steps are the service functions of :mod:`archive.borrowing`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BorrowingState(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the archivist")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    RETURNED = "returned", _("Returned early")


class BorrowingAction(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    RETURNED = "returned", _("Returned early")


def end_of(day):
    """The moment a loan "until ``day`` (inclusive)" ends: the start of the next day, local time."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


class Borrowing(models.Model):
    case_file = models.ForeignKey(
        "casefiles.CaseFile", verbose_name=_("case file"), on_delete=models.PROTECT, related_name="borrowings"
    )
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("borrower"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.TextField(_("purpose"))
    requested_until = models.DateField(_("requested until (inclusive)"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=20, choices=BorrowingState.choices, default=BorrowingState.REQUESTED
    )
    until = models.DateField(_("lent until (inclusive)"), null=True, blank=True)
    # The access the loan gives; it ends by itself at the end of ``until``.
    grant = models.OneToOneField(
        "casefiles.CaseFileUserGrant", null=True, blank=True, on_delete=models.SET_NULL, related_name="borrowing"
    )

    class Meta:
        verbose_name = _("borrowing")
        verbose_name_plural = _("borrowings")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["borrower", "state"]), models.Index(fields=["case_file", "state"])]

    def __str__(self):
        return f"{self.case_file} · {self.borrower} · {self.get_state_display()}"

    @property
    def ends_at(self):
        return end_of(self.until) if self.until else None

    def on_loan(self, now=None):
        """Is the case file lent now (approved, not returned, its time not up)?"""
        return self.state == BorrowingState.APPROVED and self.ends_at > (now or timezone.now())

    def status_label(self, now=None):
        """The state as the borrower sees it: an approved loan whose time is up has expired."""
        if self.state == BorrowingState.APPROVED and not self.on_loan(now):
            return _("Expired")
        if self.state == BorrowingState.APPROVED:
            return _("On loan")
        return self.get_state_display()

    def events_in_order(self):
        return self.events.select_related("actor").order_by("at", "pk")


class BorrowingEvent(models.Model):
    borrowing = models.ForeignKey(Borrowing, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("step"), max_length=20, choices=BorrowingAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reasons"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("borrowing step")
        verbose_name_plural = _("borrowing steps")

    def __str__(self):
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"
