"""A case's deadlines, stored: what dashboards, calendars, reminders and exports read.

:func:`recompute_deadlines` asks the deadline engine (:mod:`casefiles.deadlines`)
for the deadlines of one case file from what is recorded of it — its events,
its published judgments and the rule profile of its agency — and brings its
:class:`CaseDeadline` rows in step. It runs whenever any of those change
(:mod:`casefiles.signal_handlers`).
"""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from casefiles import outcomes
from casefiles.deadlines import Condition, EventKind
from casefiles.models.events import CaseEventKind

# The rule of 004 第二十四条: archived within 10 working days of the closing document.
ARCHIVE_DEADLINE = "archive"

# Which recorded events meet a deadline, by the rule's code (see data/rule_profiles.yaml).
# A deadline is met on the latest day one of its events was recorded.
MET_BY = {
    "register": {CaseEventKind.REGISTERED},  # the papers are registered
    "forward_to_unit": {CaseEventKind.ASSIGNED},  # the papers reach the unit assigned to handle the case
    "defence_due": {CaseEventKind.DEFENCE_FILED},
    "appeal_window_judgment": {CaseEventKind.APPEAL_DECIDED},
    "appeal_window_ruling": {CaseEventKind.APPEAL_DECIDED},
    "appeal_opinion": {CaseEventKind.APPEAL_DECIDED},
    "recommendation_answer": {CaseEventKind.RECOMMENDATION_ANSWERED},
    ARCHIVE_DEADLINE: {CaseEventKind.ARCHIVED},  # recorded by the archiving workflow (archive.workflow.approve)
}

# The engine counts from one day per event: the first papers, else the latest of each kind.
EARLIEST_COUNTS = {EventKind.PAPERS_RECEIVED}


class CaseDeadline(models.Model):
    """One deadline of one case, as the rules in force and the recorded events give it."""

    case_file = models.ForeignKey(
        "casefiles.CaseFile", verbose_name=_("case file"), on_delete=models.CASCADE, related_name="deadlines"
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("deadline"), max_length=100)
    source = models.CharField(_("source"), max_length=200)
    due = models.DateField(_("due"), db_index=True)
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("Counted over a year whose official holiday arrangement has not been entered."),
    )
    counted_from = models.DateField(_("counted from"))
    met_on = models.DateField(_("met on"), null=True, blank=True)

    class Meta:
        verbose_name = _("case deadline")
        verbose_name_plural = _("case deadlines")
        ordering = ["due", "code"]
        constraints = [models.UniqueConstraint(fields=["case_file", "code"], name="case_deadline_code_unique")]

    def __str__(self):
        return f"{self.label} {self.due:%Y-%m-%d}"

    def is_overdue(self, today):
        return self.met_on is None and today > self.due


def profile_for_case(case_file):
    """The rule profile a case counts by: its library agency's, else the nearest parent agency's, else national."""
    from casefiles.models import CaseLibrary, RuleProfile
    from casefiles.models.pages import CASE_LIBRARY_DEPTH

    library = CaseLibrary.objects.filter(path=case_file.path[: CASE_LIBRARY_DEPTH * case_file.steplen]).first()
    agency, seen = (library.agency if library else case_file.handling_unit), set()
    while agency is not None and agency.pk not in seen:
        if agency.rule_profile_id:
            return agency.rule_profile
        seen.add(agency.pk)
        agency = agency.parent
    return RuleProfile.national()


def case_judgments(case_file):
    from casefiles.models import Judgment

    return list(Judgment.objects.child_of(case_file).live())


def events_of(case_file, judgments):
    """EventKind → date from the case's events, its judgments and the date its papers were received."""
    from casefiles.models import Judgment

    dates = {}
    for kind, day in case_file.events.filter(kind__in=EventKind.values).values_list("kind", "date"):
        dates.setdefault(kind, []).append(day)
    served = {Judgment.Kind.JUDGMENT: EventKind.JUDGMENT_SERVED, Judgment.Kind.RULING: EventKind.RULING_SERVED}
    for judgment in judgments:
        if judgment.date_served and judgment.kind in served:
            dates.setdefault(served[judgment.kind], []).append(judgment.date_served)
        if judgment.date_effective:
            dates.setdefault(EventKind.EFFECTIVE, []).append(judgment.date_effective)
    if EventKind.PAPERS_RECEIVED not in dates and case_file.date_received:
        dates[EventKind.PAPERS_RECEIVED] = [case_file.date_received]
    return {kind: (min(days) if kind in EARLIEST_COUNTS else max(days)) for kind, days in dates.items()}


def conditions_of(case_file, judgments, events):
    """Which rule conditions hold: lost (the deciding judgment's result), appealable (a first-instance decision)."""
    from casefiles.models import Instance, Judgment

    conditions = set()
    decisive = outcomes.decisive_judgment(judgments)
    if decisive is not None and outcomes.is_loss(decisive.result):
        conditions.add(Condition.LOST)
    first_decision = any(
        j.instance == Instance.FIRST and j.kind in (Judgment.Kind.JUDGMENT, Judgment.Kind.RULING) and j.date_served
        for j in judgments
    )
    served_event = EventKind.JUDGMENT_SERVED in events or EventKind.RULING_SERVED in events
    if first_decision or (case_file.instance == Instance.FIRST and served_event):
        conditions.add(Condition.APPEALABLE)
    return conditions


def met_of(case_file):
    latest = dict(
        case_file.events.order_by().values("kind").annotate(last=models.Max("date")).values_list("kind", "last")
    )
    met = {}
    for code, kinds in MET_BY.items():
        days = [latest[kind] for kind in kinds if kind in latest]
        if days:
            met[code] = max(days)
    return met


FIELDS = ["label", "source", "due", "provisional", "counted_from", "met_on"]


@transaction.atomic
def recompute_deadlines(case_file, calendar=None):
    """Bring ``case_file``'s CaseDeadline rows in step with its events, judgments and rules; returns the rows.

    Rows keep their ids while their rule's code applies; those of rules that no
    longer apply are deleted.
    """
    judgments = case_judgments(case_file)
    events = events_of(case_file, judgments)
    computed = profile_for_case(case_file).deadlines(
        events,
        calendar=calendar,
        met=met_of(case_file),
        conditions=conditions_of(case_file, judgments, events),
    )
    existing = {row.code: row for row in CaseDeadline.objects.filter(case_file=case_file)}
    new, changed = [], []
    for deadline in computed:
        values = {
            "label": deadline.label,
            "source": deadline.source,
            "due": deadline.due,
            "provisional": deadline.provisional,
            "counted_from": deadline.counted_from,
            "met_on": deadline.met_on,
        }
        row = existing.pop(deadline.code, None)
        if row is None:
            new.append(CaseDeadline(case_file=case_file, code=deadline.code, **values))
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            changed.append(row)
    if existing:
        CaseDeadline.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    if changed:
        CaseDeadline.objects.bulk_update(changed, FIELDS)
    if new:
        CaseDeadline.objects.bulk_create(new)
    return list(CaseDeadline.objects.filter(case_file=case_file))


def recompute_all_deadlines(case_files=None):
    """Recount the deadlines of ``case_files`` (all by default) over one calendar; returns how many."""
    from casefiles.models import CaseFile
    from casefiles.workdays import WorkingCalendar

    calendar = WorkingCalendar.load()
    count = 0
    for case_file in (case_files if case_files is not None else CaseFile.objects.all()).iterator():
        recompute_deadlines(case_file, calendar=calendar)
        count += 1
    return count
