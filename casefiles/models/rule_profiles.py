"""Rule profiles: the deadlines of one regulation, as data supervisors edit.

One profile per regulation (data/rule_profiles.yaml seeds them). A local
regulation's profile builds on the national law's (``base``): its rules are in
force together with the base's, and one with the same code replaces the base's.
An agency counts its deadlines by its profile, or by the national law's.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from casefiles import deadlines
from casefiles.deadlines import Condition, Direction, EventKind, Rule, Unit, merge_rules

NATIONAL = "national"


class RuleProfileForm(WagtailAdminModelForm):
    """Checks the rules as they will be in force, in this profile and in those built on it."""

    def clean(self):
        cleaned_data = super().clean()
        rules = self.formsets["rules"]
        if not rules.is_valid():  # ClusterForm validates formsets after this clean(); the result is cached
            return cleaned_data
        forms = {}
        for form in rules.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data and not data.get("DELETE"):
                forms[data["code"]] = form
        own = [Rule.from_values(form.cleaned_data) for form in forms.values()]
        try:
            problems = check_profile(self.instance, cleaned_data.get("base"), own)
        except ValidationError:
            return cleaned_data  # a base that makes a loop: RuleProfile.clean() says so
        for profile, problem in problems:
            form = forms.get(problem.code) if profile is None else None
            if form is not None and problem.field in form.fields:
                form.add_error(problem.field, problem.message)
            elif profile is None:
                self.add_error(None, _("%(code)s: %(message)s") % {"code": problem.code, "message": problem.message})
            else:
                message = _("In “%(profile)s”, %(code)s: %(message)s") % {
                    "profile": profile.name,
                    "code": problem.code,
                    "message": problem.message,
                }
                self.add_error(None, message)
        return cleaned_data


class RuleProfile(ClusterableModel):
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("A short fixed name the data file and the code use, e.g. liaocheng."),
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    document = models.CharField(
        _("document"),
        max_length=300,
        blank=True,
        help_text=_("Who issued the regulation, when, and its document number."),
    )
    base = models.ForeignKey(
        "self",
        verbose_name=_("builds on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived",
        help_text=_("Its rules are in force here too, except those this profile replaces with the same code."),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("base")]),
        FieldPanel("document"),
        InlinePanel("rules", heading=_("Rules"), label=_("Rule")),
    ]
    base_form_class = RuleProfileForm

    class Meta:
        verbose_name = _("rule profile")
        verbose_name_plural = _("rule profiles")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.pk is not None and RuleProfile.objects.filter(pk=self.pk).exclude(code=self.code).exists():
            message = _("A profile's code cannot change: the data file and the code know it by it.")
            raise ValidationError({"code": message})
        _lineage_ids(self.pk, self.base_id, {})

    @classmethod
    def national(cls):
        return cls.objects.get(code=NATIONAL)

    @classmethod
    def for_agency(cls, agency):
        """The profile ``agency`` counts its deadlines by: its own, else the national law's."""
        return agency.rule_profile if agency.rule_profile_id else cls.national()

    def own_rules(self):
        return [rule.as_rule() for rule in self.rules.all()]

    def rules_in_force(self):
        """This profile's rules and its bases' (a rule replaces a base's rule with the same code)."""
        chain = []
        profile = self
        while profile is not None and profile not in chain:
            chain.append(profile)
            profile = profile.base
        return merge_rules(profile.own_rules() for profile in reversed(chain))

    def deadlines(self, events, **options):
        """The deadlines of a case with these ``events``: see :func:`casefiles.deadlines.compute_deadlines`."""
        return deadlines.compute_deadlines(self.rules_in_force(), events, **options)


class DeadlineRule(Orderable):
    profile = ParentalKey(RuleProfile, on_delete=models.CASCADE, related_name="rules")
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_(
            "A fixed name for the rule, e.g. defence_due; the same code in a profile that builds on "
            "another replaces that profile's rule."
        ),
    )
    label = models.CharField(_("deadline"), max_length=100, help_text=_("What is due, e.g. 提交答辩状和证据."))
    direction = models.CharField(_("counted"), max_length=10, choices=Direction.choices, default=Direction.AFTER)
    anchor = models.CharField(_("from event"), max_length=30, choices=EventKind.choices, blank=True)
    relative_to = models.SlugField(
        _("before the deadline"),
        max_length=40,
        blank=True,
        help_text=_("For a period before another deadline: that rule's code, e.g. defence_due."),
    )
    # Not a PositiveSmallIntegerField: its form field would refuse a negative number with a message about 0.
    period = models.SmallIntegerField(
        _("period"),
        validators=[MinValueValidator(1, _("A period is at least 1 day or working day."))],
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.DAYS)
    applies_if = models.CharField(_("applies"), max_length=20, choices=Condition.choices, blank=True)
    source = models.CharField(
        _("source"), max_length=200, help_text=_("The provision, e.g. 001 第三十八条 or 行政诉讼法 第六十七条.")
    )
    note = models.TextField(_("note"), blank=True, help_text=_("How the provision was read, where it is unclear."))

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("label")]),
        FieldRowPanel([FieldPanel("period"), FieldPanel("unit"), FieldPanel("direction")]),
        FieldRowPanel([FieldPanel("anchor"), FieldPanel("relative_to"), FieldPanel("applies_if")]),
        FieldPanel("source"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "code"],
                name="deadline_rule_code_unique",
                violation_error_message=_("This profile already has a rule with this code."),
            ),
            models.CheckConstraint(
                condition=models.Q(period__gte=1),
                name="deadline_rule_period_positive",
                violation_error_message=_("A period is at least 1 day or working day."),
            ),
        ]

    def __str__(self):
        return f"{self.label}（{self.source}）"

    def clean(self):
        errors = {}
        for problem in deadlines.check_rule(self.as_rule()):
            # The fields' own validation speaks for empty or out-of-range values.
            if problem.field in {"label", "period", "unit", "source"} or not getattr(self, problem.field):
                continue
            errors.setdefault(problem.field, []).append(problem.message)
        if errors:
            raise ValidationError(errors)

    def as_rule(self):
        return Rule.from_values(self.__dict__)


def _lineage_ids(pk, base_id, bases):
    """The ids from ``pk``'s base up to the root; ValidationError if the chain comes back to ``pk``.

    ``bases`` maps profile ids to their base ids (read from the database when missing).
    """
    chain = []
    current = base_id
    while current is not None:
        if current == pk or current in chain:
            raise ValidationError({"base": _("A profile cannot build on itself, directly or through others.")})
        chain.append(current)
        if current not in bases:
            bases[current] = RuleProfile.objects.filter(pk=current).values_list("base_id", flat=True).first()
        current = bases[current]
    return chain


def check_profile(profile, base, own_rules):
    """Problems with ``profile``'s rules were it given ``base`` and ``own_rules``, here and where it is built on.

    A list of (profile or None for this one, :class:`~casefiles.deadlines.Problem`).
    Raises ValidationError if ``base`` would make a loop.
    """
    profiles = {p.pk: p for p in RuleProfile.objects.exclude(pk=profile.pk).prefetch_related("rules")}
    bases = {pk: p.base_id for pk, p in profiles.items()}
    own = {pk: p.own_rules() for pk, p in profiles.items()}
    key = profile.pk if profile.pk is not None else object()
    bases[key] = base.pk if base is not None else None
    own[key] = list(own_rules)
    _lineage_ids(key, bases[key], bases)

    def in_force(pk):
        chain = [pk] + _lineage_ids(pk, bases[pk], bases)
        return merge_rules(own[ancestor] for ancestor in reversed(chain))

    problems = [(None, problem) for problem in deadlines.check_rules(in_force(key))]
    if profile.pk is not None:
        for pk, other in profiles.items():
            if profile.pk in _lineage_ids(pk, bases[pk], bases):
                problems += [(other, problem) for problem in deadlines.check_rules(in_force(pk))]
    return problems
