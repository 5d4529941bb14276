"""Which deadline reminders have been emailed, so that none is sent twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# ``days_before`` of the reminder sent once a deadline has passed unmet.
OVERDUE = 0


class DeadlineReminder(models.Model):
    """One reminder emailed to one user about one deadline, ``days_before`` working days ahead (0: overdue).

    ``due`` is the date the reminder was about: when the deadline moves (a
    later event recounts it), its reminders are due again.
    """

    deadline = models.ForeignKey(
        "casefiles.CaseDeadline", verbose_name=_("deadline"), on_delete=models.CASCADE, related_name="reminders"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="deadline_reminders",
    )
    days_before = models.PositiveSmallIntegerField(_("working days before"))
    due = models.DateField(_("due"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "user", "days_before", "due"], name="deadline_reminder_once")
        ]

    def __str__(self):
        return f"{self.deadline} → {self.user} ({self.days_before})"
