"""Assigning a case to its handling unit: the rules suggest, a supervisor decides.

The justice bureau designates the handling unit (003 第五条; 001 第十条（三）);
:func:`casefiles.handling_units.suggest_handling_unit` proposes one by the
rules, and :func:`assign_handling_unit` records the supervisor's decision — a
confirmation, or an override with its reason — changes the case file's
handling unit (which re-grants access through
:func:`casefiles.access.sync_automatic_grants`, as any change of handling unit
does) and records the ``assigned`` event its deadlines count from.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casefiles.models.events import CaseEvent, CaseEventKind


class Assignment(models.Model):
    case_file = models.ForeignKey(
        "casefiles.CaseFile", verbose_name=_("case file"), on_delete=models.CASCADE, related_name="assignments"
    )
    agency = models.ForeignKey(
        "casefiles.Agency", verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="+"
    )
    suggested_agency = models.ForeignKey(
        "casefiles.Agency",
        verbose_name=_("suggested unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rule = models.CharField(_("rule"), max_length=40, blank=True)
    rule_source = models.CharField(_("rule source"), max_length=200, blank=True)
    overridden = models.BooleanField(_("overrides the suggestion"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-assigned_at", "-pk"]

    def __str__(self):
        return f"{self.case_file} → {self.agency}"

    def clean(self):
        if self.overridden and not self.reason.strip():
            raise ValidationError(
                {"reason": _("The unit differs from the one the rules suggest: give the reason for the override.")}
            )


@transaction.atomic
def assign_handling_unit(case_file, agency, *, by, suggestion, reason="", date=None):
    """Make ``agency`` the handling unit of ``case_file`` as ``by`` decided; returns the Assignment.

    ``suggestion`` is what :func:`~casefiles.handling_units.suggest_handling_unit`
    proposed. Choosing another unit overrides it and needs a ``reason``
    (ValidationError otherwise; nothing is changed then).
    """
    assignment = Assignment(
        case_file=case_file,
        agency=agency,
        suggested_agency=suggestion.agency,
        rule=suggestion.rule,
        rule_source=suggestion.source,
        overridden=suggestion.agency is None or suggestion.agency.pk != agency.pk,
        reason=reason.strip(),
        assigned_by=by,
    )
    assignment.full_clean()
    assignment.save()
    if case_file.handling_unit_id != agency.pk:
        case_file.handling_unit = agency
        if (
            case_file.officer_id
            and not agency.memberships.filter(user_id=case_file.officer_id, role="officer").exists()
        ):
            case_file.officer = None  # an officer of the former unit no longer handles the case
        # Saved as a published revision, as the editor would: the live page and the editor agree,
        # and CaseFile.save() re-grants access to the new unit.
        case_file.save_revision(user=by, log_action=True).publish(user=by)
    CaseEvent.objects.create(
        case_file=case_file,
        kind=CaseEventKind.ASSIGNED,
        date=date or timezone.localdate(),
        recorded_by=by,
        note=_("Assigned to %(agency)s.") % {"agency": agency.name}
        + (f" {reason.strip()}" if assignment.overridden else ""),
    )
    return assignment
