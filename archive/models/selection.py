"""The annual selection of typical cases (评选, 001 第四十二条: 定期评选、发布).

A supervisor opens a :class:`Selection` for a year, puts published typical
cases on its shortlist (:class:`Candidate`) and names a panel; each panellist
scores each candidate (:class:`PanelScore`); closing it chooses the best
``seats`` by average score and publishes them together as a
TypicalCaseCollectionPage. The steps are :mod:`archive.typical.selection`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Panel scores are out of 10: Anjuan's default, the regulations set no scale.
MAX_SCORE = 10


class SelectionState(models.TextChoices):
    SHORTLISTING = "shortlisting", _("Shortlisting")
    SCORING = "scoring", _("Panel scoring")
    CLOSED = "closed", _("Chosen and published")


class Selection(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    seats = models.PositiveSmallIntegerField(_("cases to choose"), default=5, validators=[MinValueValidator(1)])
    state = models.CharField(
        _("state"), max_length=20, choices=SelectionState.choices, default=SelectionState.SHORTLISTING
    )
    panel = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("panel"), related_name="+", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    collection = models.OneToOneField(
        "archive.TypicalCaseCollectionPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="selection"
    )

    class Meta:
        verbose_name = _("typical-case selection")
        ordering = ["-year", "-pk"]

    def __str__(self):
        return self.name


class Candidate(models.Model):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="candidates")
    case = models.ForeignKey("archive.TypicalCasePage", on_delete=models.PROTECT, related_name="+")
    chosen = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["selection", "case"], name="selection_candidate_once")]

    def __str__(self):
        return str(self.case)


class PanelScore(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scores")
    panellist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(MAX_SCORE)])
    comment = models.TextField(blank=True)
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["candidate", "panellist"], name="panel_score_once")]

    def __str__(self):
        return f"{self.candidate}: {self.score}"
