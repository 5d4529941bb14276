"""What happened to a case, dated and attributed: the events its deadlines count from.

A :class:`CaseEvent` is one step of the case (court papers received, defence
filed, judgment served…). The kinds the deadline engine counts from keep the
values of :class:`casefiles.deadlines.EventKind`; the others record steps that
meet a deadline or that part C reports on. A hearing event carries a
:class:`Hearing`: who appeared for the agency and who represented it
(001 第二十七条, 003 第九条).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from casefiles.deadlines import EventKind


class CaseEventKind(models.TextChoices):
    """Every event of a case's life; the values shared with EventKind are those deadlines count from."""

    PAPERS_RECEIVED = EventKind.PAPERS_RECEIVED.value, EventKind.PAPERS_RECEIVED.label
    REGISTERED = EventKind.REGISTERED.value, EventKind.REGISTERED.label
    ASSIGNED = EventKind.ASSIGNED.value, EventKind.ASSIGNED.label
    DEFENCE_FILED = EventKind.DEFENCE_FILED.value, _("Defence and evidence filed")
    EXTENSION_REQUESTED = "extension_requested", _("Extension of the evidence period requested")
    HEARING = EventKind.HEARING.value, EventKind.HEARING.label
    JUDGMENT_SERVED = EventKind.JUDGMENT_SERVED.value, EventKind.JUDGMENT_SERVED.label
    RULING_SERVED = EventKind.RULING_SERVED.value, EventKind.RULING_SERVED.label
    APPEAL_DECIDED = "appeal_decided", _("Decided whether to appeal")
    EFFECTIVE = EventKind.EFFECTIVE.value, EventKind.EFFECTIVE.label
    PERFORMED = "performed", _("Decision performed")
    RECOMMENDATION_RECEIVED = EventKind.RECOMMENDATION_RECEIVED.value, EventKind.RECOMMENDATION_RECEIVED.label
    RECOMMENDATION_ANSWERED = "recommendation_answered", _("Recommendation answered")
    CLOSED = EventKind.CLOSED.value, EventKind.CLOSED.label
    ARCHIVED = "archived", _("Archived")


# Recorded through their own forms: a hearing with its appearances, an assignment by a supervisor;
# archived only by the archiving workflow (archive.workflow), when the archivist archives the case file.
OWN_FORM_KINDS = {CaseEventKind.HEARING, CaseEventKind.ASSIGNED, CaseEventKind.ARCHIVED}


class CaseEvent(models.Model):
    case_file = models.ForeignKey(
        "casefiles.CaseFile", verbose_name=_("case file"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=30, choices=CaseEventKind.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["date", "recorded_at", "pk"]
        indexes = [models.Index(fields=["case_file", "kind"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class Hearing(ClusterableModel):
    """Who appeared for the agency at one hearing (法释〔2020〕3号; 001 第十九条–第二十七条)."""

    event = models.OneToOneField(CaseEvent, on_delete=models.CASCADE, related_name="hearing")
    head_appeared = models.BooleanField(_("the agency's head appeared"), default=True)
    head_name = models.CharField(_("name of the appearing head"), max_length=50, blank=True)
    head_title = models.CharField(_("title of the appearing head"), max_length=100, blank=True)
    head_is_principal = models.BooleanField(_("principal head"), default=False)
    head_spoke = models.BooleanField(_("the head spoke in court"), default=False)
    absence_explanation = models.TextField(
        _("why the head did not appear"),
        blank=True,
        help_text=_("Required when no head appeared: the written explanation to the court."),
    )

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")

    def __str__(self):
        return str(self.event)

    def clean(self):
        errors = {}
        if self.head_appeared:
            if not self.head_name.strip():
                errors["head_name"] = _("Enter the name of the head who appeared.")
            if not self.head_title.strip():
                errors["head_title"] = _("Enter the title of the head who appeared.")
            self.absence_explanation = ""
        else:
            if not self.absence_explanation.strip():
                errors["absence_explanation"] = _(
                    "No head appeared: give the written explanation of why (002 第十六条; 001 第二十条)."
                )
            self.head_name = self.head_title = ""
            self.head_is_principal = self.head_spoke = False
        if errors:
            raise ValidationError(errors)
        check_agents([agent.kind for agent in self.agents.all()])


class HearingAgent(models.Model):
    """A litigation agent (诉讼代理人) at a hearing."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Agency staff")
        LAWYER = "lawyer", _("Outside lawyer")
        OTHER = "other", _("Other (legal adviser…)")

    hearing = ParentalKey(Hearing, on_delete=models.CASCADE, related_name="agents")
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"


MIN_AGENTS, MAX_AGENTS = 1, 2


def check_agents(kinds):
    """Refuse agents the regulations do not allow: 1 or 2, at least one of them the agency's staff."""
    kinds = list(kinds)
    if not MIN_AGENTS <= len(kinds) <= MAX_AGENTS:
        raise ValidationError(
            _("A hearing has 1 or 2 agents (001 第二十七条); %(count)d were given."),
            params={"count": len(kinds)},
            code="agent_count",
        )
    if HearingAgent.Kind.STAFF not in kinds:
        raise ValidationError(
            _(
                "At least one agent must be the agency's own staff, not only outside lawyers "
                "(001 第二十七条; 003 第九条)."
            ),
            code="only_lawyers",
        )


def record_event(case_file, kind, date, *, by, note=""):
    """Record an event of ``case_file`` (ValidationError, nothing saved, if it is not valid)."""
    event = CaseEvent(case_file=case_file, kind=kind, date=date, note=note, recorded_by=by)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def record_hearing(case_file, date, *, by, agents, note="", **appearance):
    """Record a hearing: who appeared (``appearance``: Hearing fields) and its ``agents`` (dicts of name, kind).

    Raises ValidationError, saving nothing, if the appearance or the agents break the rules.
    """
    event = CaseEvent(case_file=case_file, kind=CaseEventKind.HEARING, date=date, note=note, recorded_by=by)
    event.full_clean()
    hearing = Hearing(**appearance)
    hearing.agents = [HearingAgent(**agent) for agent in agents]
    hearing.full_clean(exclude=["event"])
    event.save()
    hearing.event = event
    hearing.save()
    return hearing
