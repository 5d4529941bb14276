"""Case-file evaluation (案卷评查, 001 第四十六条): rubrics, campaigns, scores, rectification.

* A :class:`Rubric` is one version of an evaluation standard: its items (each
  with its points, how they are deducted, whether it vetoes the file, and what
  the case data can decide of it) and its grade bands. A published version
  never changes; changing the standard is publishing a new version.
* A :class:`Campaign` evaluates the case files of a scope with one rubric
  version; each chosen case file is a :class:`CampaignFile`, scored by one or
  more evaluators, each an :class:`Evaluation` with an :class:`ItemScore` per
  item. A submitted evaluation keeps the items as they were scored (``snapshot``)
  and its score: nothing done to a rubric later changes it.
* A failed or flagged file sends a :class:`Rectification` (整改) to its handling unit.

Every step is an :class:`EvaluationEvent`, only ever added: who, when, why. The
steps are the service functions of :mod:`archive.evaluation`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class DeductionRule(models.TextChoices):
    FIXED = "fixed", _("Fixed: once, whatever the number of faults")
    PER_OCCURRENCE = "per_occurrence", _("For each fault")


class RubricState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Rubric(ClusterableModel):
    """One version of an evaluation standard (评查标准)."""

    code = models.SlugField(_("code"), max_length=50, help_text=_("The same for every version of one standard."))
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    state = models.CharField(_("state"), max_length=20, choices=RubricState.choices, default=RubricState.DRAFT)
    # [{"grade": "excellent", "min": 90}, …]: the best band whose minimum a score out of 100 reaches.
    grade_bands = models.JSONField(_("grade bands"), default=list)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="rubric_code_version_unique")]

    def __str__(self):
        return f"{self.name}（第{self.version}版）"

    @property
    def is_published(self):
        return self.state == RubricState.PUBLISHED

    def total_points(self):
        return sum((item.max_points for item in self.items.all()), Decimal(0))


class RubricItem(Orderable):
    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=50)
    section = models.CharField(_("section"), max_length=100)
    label = models.TextField(_("what is evaluated"))
    guidance = models.TextField(_("how points are deducted"), blank=True)
    source = models.CharField(_("source"), max_length=200)
    max_points = models.DecimalField(
        _("points"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    rule = models.CharField(_("deduction"), max_length=20, choices=DeductionRule.choices)
    deduct = models.DecimalField(
        _("points deducted"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    veto = models.BooleanField(_("veto"), default=False, help_text=_("A fault here fails the whole case file."))
    check_name = models.CharField(
        _("decided by the case data"),
        max_length=40,
        blank=True,
        help_text=_("The automatic check that prefills this item (archive/evaluation/checks.py)."),
    )

    panels = [
        FieldPanel(name)
        for name in (
            "code",
            "section",
            "label",
            "guidance",
            "source",
            "max_points",
            "rule",
            "deduct",
            "veto",
            "check_name",
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("rubric item")
        verbose_name_plural = _("rubric items")

    def __str__(self):
        return self.label


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    RUNNING = "running", _("Evaluators at work")
    CLOSED = "closed", _("Results published")


class Selection(models.TextChoices):
    ALL = "all", _("Every case file in scope")
    SAMPLE = "sample", _("A random sample per agency")


class ArchivedScope(models.TextChoices):
    ANY = "any", _("Archived or not")
    ARCHIVED = "archived", _("Archived only")
    NOT_ARCHIVED = "not_archived", _("Not archived only")


class Campaign(models.Model):
    """An evaluation campaign of the justice bureau (001 第四十六条: 定期组织行政应诉案卷评查)."""

    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), help_text=_("Evaluators may view their case files until this day."))
    rubric = models.ForeignKey(Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="campaigns")
    # Scope: empty means every one.
    agencies = models.ManyToManyField(
        "casefiles.Agency", verbose_name=_("handling units"), blank=True, related_name="+"
    )
    years = models.JSONField(_("years"), default=list, blank=True)
    causes = models.ManyToManyField("casefiles.Cause", verbose_name=_("causes"), blank=True, related_name="+")
    archived = models.CharField(_("archived"), max_length=20, choices=ArchivedScope.choices, default=ArchivedScope.ANY)
    selection = models.CharField(_("files chosen"), max_length=20, choices=Selection.choices, default=Selection.ALL)
    sample_size = models.PositiveIntegerField(_("files per agency"), null=True, blank=True)
    seed = models.CharField(_("random seed"), max_length=40, blank=True)
    evaluators_per_file = models.PositiveSmallIntegerField(
        _("evaluators per file"), default=2, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    evaluators = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("evaluators"), related_name="+")
    reconcile_over = models.DecimalField(
        _("reconcile when scores differ by more than"), max_digits=5, decimal_places=1, default=Decimal(10)
    )
    rectification_days = models.PositiveSmallIntegerField(_("days to rectify"), default=30)
    state = models.CharField(_("state"), max_length=20, choices=CampaignState.choices, default=CampaignState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation campaign")
        verbose_name_plural = _("evaluation campaigns")
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return self.name


class FileState(models.TextChoices):
    SCORING = "scoring", _("Being scored")
    RECONCILE = "reconcile", _("Scores differ: to reconcile")
    FINAL = "final", _("Scored")


class CampaignFile(models.Model):
    """A case file chosen for a campaign, and its final score once its evaluations are in."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="files")
    case_file = models.ForeignKey(
        "casefiles.CaseFile", verbose_name=_("case file"), on_delete=models.PROTECT, related_name="+"
    )
    # The handling unit when the file was chosen: the unit the results and the rectification are for.
    agency = models.ForeignKey(
        "casefiles.Agency", verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("state"), max_length=20, choices=FileState.choices, default=FileState.SCORING)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    vetoed = models.BooleanField(_("vetoed"), default=False)
    # {item code: points deducted} of the final result (the evaluators' mean, or the reconciliation).
    deductions = models.JSONField(_("points deducted"), default=dict, blank=True)
    flagged = models.BooleanField(_("flagged for rectification"), default=False)

    class Meta:
        verbose_name = _("case file evaluated")
        verbose_name_plural = _("case files evaluated")
        ordering = ["agency__name", "case_file__title", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "case_file"], name="campaign_file_unique")]

    def __str__(self):
        return f"{self.campaign} · {self.case_file}"

    @property
    def needs_rectification(self):
        return self.state == FileState.FINAL and (self.grade == Grade.FAIL or self.flagged)


class EvaluationState(models.TextChoices):
    ASSIGNED = "assigned", _("Not started")
    DRAFT = "draft", _("Draft saved")
    SUBMITTED = "submitted", _("Submitted")


class Evaluation(models.Model):
    """One evaluator's scoring of one campaign file (the assignment and its result)."""

    campaign_file = models.ForeignKey(CampaignFile, on_delete=models.CASCADE, related_name="evaluations")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), on_delete=models.PROTECT, related_name="+"
    )
    # The evaluator's view access to the case file, which ends with the campaign.
    grant = models.OneToOneField(
        "casefiles.CaseFileUserGrant", null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluation"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=EvaluationState.choices, default=EvaluationState.ASSIGNED
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    vetoed = models.BooleanField(_("vetoed"), default=False)
    flagged = models.BooleanField(_("ask for rectification"), default=False)
    comment = models.TextField(_("overall comment"), blank=True)
    # The items as scored, frozen at submission: {"rubric": …, "version": …, "items": [{code, label, …}]}.
    snapshot = models.JSONField(_("as submitted"), default=dict, blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["campaign_file", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign_file", "evaluator"], name="evaluation_file_evaluator_unique")
        ]

    def __str__(self):
        return f"{self.campaign_file} · {self.evaluator}"

    @property
    def is_submitted(self):
        return self.state == EvaluationState.SUBMITTED


class ItemScore(models.Model):
    """What an evaluator found on one rubric item: the faults, what the data said, and why they differ."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="item_scores")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    faults = models.PositiveSmallIntegerField(_("faults found"), default=0)
    note = models.TextField(_("note"), blank=True)
    # What the automatic check found (None: the item is not decided by data), and its evidence.
    checked_faults = models.PositiveSmallIntegerField(_("faults the data shows"), null=True, blank=True)
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    override_reason = models.TextField(_("why it differs from the data"), blank=True)

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["item__sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "item"], name="item_score_unique")]

    def __str__(self):
        return f"{self.evaluation_id}/{self.item_id}: {self.faults}"


class RectificationState(models.TextChoices):
    ISSUED = "issued", _("Waiting for the unit's answer")
    ANSWERED = "answered", _("Answered, waiting for the justice bureau")
    CLOSED = "closed", _("Closed")


class Rectification(models.Model):
    """A rectification notice (整改通知) to the handling unit of a failed or flagged file."""

    campaign_file = models.OneToOneField(CampaignFile, on_delete=models.CASCADE, related_name="rectification")
    agency = models.ForeignKey(
        "casefiles.Agency", verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="+"
    )
    problems = models.TextField(_("problems to rectify"))
    due = models.DateField(_("rectify by"))
    state = models.CharField(
        _("state"), max_length=20, choices=RectificationState.choices, default=RectificationState.ISSUED
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    answer = models.TextField(_("the unit's answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["state", "due", "pk"]

    def __str__(self):
        return f"{self.campaign_file} · {self.get_state_display()}"


class EvaluationAction(models.TextChoices):
    STARTED = "started", _("Campaign started")
    ASSIGNED = "assigned", _("Assigned")
    DRAFT_SAVED = "draft_saved", _("Draft saved")
    SUBMITTED = "submitted", _("Submitted")
    RECONCILED = "reconciled", _("Reconciled")
    FINALISED = "finalised", _("Final score")
    CLOSED = "closed", _("Campaign closed")
    RECTIFICATION_ISSUED = "rectification_issued", _("Rectification notice sent")
    RECTIFICATION_ANSWERED = "rectification_answered", _("Rectification answered")
    RECTIFICATION_RETURNED = "rectification_returned", _("Rectification returned")
    RECTIFICATION_CLOSED = "rectification_closed", _("Rectification closed")


class EvaluationEvent(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    campaign_file = models.ForeignKey(
        CampaignFile, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("step"), max_length=30, choices=EvaluationAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reasons"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("evaluation step")
        verbose_name_plural = _("evaluation steps")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"
