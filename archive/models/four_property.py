"""The four-property check (四性检测) reports kept with a case file.

A :class:`FourPropertyReport` is one run of the checks of
:mod:`archive.four_property` on a case file: when it was archived, sealed
again, or when an archivist asked. Each :class:`FourPropertyResult` row is one
check as it was defined then (category, level, the clause it cites) with its
outcome and the problems found. Reports are only ever added.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    AUTHENTICITY = "authenticity", _("Authenticity")
    INTEGRITY = "integrity", _("Integrity")
    USABILITY = "usability", _("Usability")
    SECURITY = "security", _("Security")


class Level(models.TextChoices):
    ERROR = "error", _("Must pass")
    WARNING = "warning", _("Warning")


class FourPropertyReport(models.Model):
    class Occasion(models.TextChoices):
        ARCHIVING = "archiving", _("Archiving")
        RESEALING = "resealing", _("Sealing again")
        ON_REQUEST = "on_request", _("Asked by the archivist")

    case_file = models.ForeignKey(
        "casefiles.CaseFile",
        verbose_name=_("case file"),
        on_delete=models.PROTECT,
        related_name="four_property_reports",
    )
    occasion = models.CharField(_("occasion"), max_length=20, choices=Occasion.choices)
    run_at = models.DateTimeField(_("run at"), default=timezone.now)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("run by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # No check of level "error" failed: the case file may be sealed.
    passed = models.BooleanField(_("passed"))
    files_checked = models.PositiveIntegerField(_("files checked"), default=0)

    class Meta:
        verbose_name = _("four-property check report")
        verbose_name_plural = _("four-property check reports")
        ordering = ["-run_at", "-pk"]

    def __str__(self):
        return f"{self.case_file} · {self.run_at:%Y-%m-%d %H:%M}"

    def results_in_order(self):
        return self.results.order_by("sort_order", "pk")

    def failures(self):
        return [result for result in self.results_in_order() if not result.passed]


class FourPropertyResult(models.Model):
    report = models.ForeignKey(FourPropertyReport, on_delete=models.CASCADE, related_name="results")
    sort_order = models.PositiveIntegerField(default=0)
    code = models.CharField(_("check"), max_length=60)
    category = models.CharField(_("property"), max_length=20, choices=Category.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    label = models.CharField(_("what is checked"), max_length=200)
    clause = models.CharField(_("standard"), max_length=300)
    passed = models.BooleanField(_("passed"))
    problems = models.JSONField(_("problems"), default=list, blank=True)

    class Meta:
        verbose_name = _("four-property check result")
        verbose_name_plural = _("four-property check results")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.label}: {'✓' if self.passed else '✗'}"

    @property
    def blocks(self):
        """A failed check that stops the case file from being sealed."""
        return not self.passed and self.level == Level.ERROR
