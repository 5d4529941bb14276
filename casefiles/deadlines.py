"""Deadlines of a case, computed from rules as data.

A :class:`Rule` says how long after an event something is due (15 days after
the court papers arrive, the defence: 行政诉讼法 第六十七条), or how long before
another rule's deadline (5 working days before that, the materials to the
justice bureau: 004 第十条). Rules live in rule profiles, one per regulation
(:class:`~casefiles.models.RuleProfile`, loaded from ``data/rule_profiles.yaml``);
this module is the arithmetic over plain values, so anything that knows when a
case's events happened can ask for its deadlines::

    deadlines = compute_deadlines(
        profile.rules_in_force(),
        {EventKind.PAPERS_RECEIVED: date(2025, 9, 26)},
        calendar=WorkingCalendar.load(),
    )

Days are counted by :mod:`casefiles.workdays`, as the law counts them.
"""

import datetime
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from casefiles.workdays import WorkingCalendar


class EventKind(models.TextChoices):
    """What happens to a case that a period counts from."""

    PAPERS_RECEIVED = "papers_received", _("Court papers received")
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Handling unit assigned")
    DEFENCE_FILED = "defence_filed", _("Defence filed")
    HEARING = "hearing", _("Hearing")
    # Served a judgment or a ruling: derived from the two below when not given.
    DECISION_SERVED = "decision_served", _("Judgment or ruling served")
    JUDGMENT_SERVED = "judgment_served", _("Judgment served")
    RULING_SERVED = "ruling_served", _("Ruling served")
    EFFECTIVE = "effective", _("Decision took effect")
    RECOMMENDATION_RECEIVED = "recommendation_received", _("Judicial or procuratorial recommendation received")
    CLOSED = "closed", _("Closing document received")


class Unit(models.TextChoices):
    DAYS = "days", _("days")
    WORKING_DAYS = "working_days", _("working days")


class Direction(models.TextChoices):
    AFTER = "after", _("after an event")
    BEFORE = "before", _("before another deadline")


class Condition(models.TextChoices):
    """When a rule applies only to some cases; the caller says which hold."""

    LOST = "lost", _("only when the case is lost")
    APPEALABLE = "appealable", _("only when the decision can be appealed")


CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Rule:
    """One deadline rule: ``period`` ``unit`` after ``anchor``, or before the deadline of rule ``relative_to``."""

    code: str
    label: str
    period: int
    unit: str
    source: str
    direction: str = Direction.AFTER
    anchor: str = ""
    relative_to: str = ""
    applies_if: str = ""
    note: str = ""

    FIELDS = ("code", "label", "period", "unit", "source", "direction", "anchor", "relative_to", "applies_if", "note")

    @classmethod
    def from_values(cls, values):
        """A rule from a mapping of its fields (a form's cleaned data, a database row, the data file)."""
        rule = {field: values.get(field) or "" for field in cls.FIELDS}
        rule["period"] = values.get("period") or 0
        return cls(**rule)


@dataclass(frozen=True)
class Deadline:
    """When ``rule`` falls due for one case; ``depends_on`` is the deadline it counts back from."""

    rule: Rule
    due: datetime.date
    provisional: bool
    counted_from: datetime.date
    depends_on: "Deadline | None" = None
    met_on: datetime.date | None = None

    @property
    def code(self):
        return self.rule.code

    @property
    def label(self):
        return self.rule.label

    @property
    def source(self):
        return self.rule.source

    def is_overdue(self, today):
        return self.met_on is None and today > self.due


@dataclass(frozen=True)
class Problem:
    """Why a rule, or a set of rules, cannot be used: the rule's code, the field at fault, a message."""

    code: str
    field: str | None
    message: str


class RuleError(ValueError):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(f"{p.code}: {p.message}" for p in self.problems))


def check_rule(rule):
    """The problems of one rule on its own."""
    problems = []

    def problem(field, message):
        problems.append(Problem(rule.code, field, str(message)))

    if not CODE_PATTERN.match(rule.code or ""):
        problem("code", _("A code is lower-case letters, digits and underscores, starting with a letter."))
    if not rule.label:
        problem("label", _("Give the deadline a name."))
    if not isinstance(rule.period, int) or rule.period < 1:
        problem("period", _("A period is at least 1 day or working day."))
    if rule.unit not in Unit.values:
        problem("unit", _("Unknown unit “%(unit)s”.") % {"unit": rule.unit})
    if not rule.source:
        problem("source", _("Cite the provision the rule comes from, e.g. 001 第三十八条."))
    if rule.applies_if and rule.applies_if not in Condition.values:
        problem("applies_if", _("Unknown condition “%(condition)s”.") % {"condition": rule.applies_if})
    if rule.direction == Direction.AFTER:
        if not rule.anchor:
            problem("anchor", _("Choose the event the period counts from."))
        elif rule.anchor not in EventKind.values:
            problem("anchor", _("Unknown event “%(anchor)s”.") % {"anchor": rule.anchor})
        if rule.relative_to:
            problem("relative_to", _("A period after an event does not count back from another deadline."))
    elif rule.direction == Direction.BEFORE:
        if not rule.relative_to:
            problem("relative_to", _("Choose the deadline this one comes before."))
        elif rule.relative_to == rule.code:
            problem("relative_to", _("A deadline cannot come before itself."))
        if rule.anchor:
            problem("anchor", _("A period before another deadline counts from that deadline, not from an event."))
    else:
        problem("direction", _("Unknown direction “%(direction)s”.") % {"direction": rule.direction})
    return problems


def check_rules(rules):
    """The problems of a profile's rules in force, each rule on its own and together."""
    rules = list(rules)
    problems = [problem for rule in rules for problem in check_rule(rule)]
    by_code = {}
    for rule in rules:
        if rule.code in by_code:
            message = _("Two rules have the code “%(code)s”.") % {"code": rule.code}
            problems.append(Problem(rule.code, "code", str(message)))
        by_code[rule.code] = rule
    for rule in rules:
        if rule.direction == Direction.BEFORE and rule.relative_to and rule.relative_to != rule.code:
            if rule.relative_to not in by_code:
                message = _("There is no rule “%(code)s” to count back from.") % {"code": rule.relative_to}
                problems.append(Problem(rule.code, "relative_to", str(message)))
    for cycle in _cycles(by_code):
        message = _("These deadlines count back from each other in a circle: %(codes)s.") % {
            "codes": " → ".join(cycle + [cycle[0]])
        }
        problems.append(Problem(cycle[0], "relative_to", str(message)))
    return problems


def _cycles(by_code):
    """Each circle of "before" references once, as a list of codes (a rule before itself is not repeated)."""
    cycles, done = [], set()
    for start in by_code:
        path, position = [], {}
        code = start
        while code in by_code and code not in done and code not in position:
            position[code] = len(path)
            path.append(code)
            rule = by_code[code]
            code = rule.relative_to if rule.direction == Direction.BEFORE else None
        if code in position and len(path) - position[code] > 1:
            cycles.append(path[position[code] :])
        done.update(path)
    return cycles


def merge_rules(rule_lists):
    """The rules in force from a chain of profiles' own rules, base first: a later rule replaces one by code."""
    merged = {}
    for rules in rule_lists:
        for rule in rules:
            merged[rule.code] = rule
    return list(merged.values())


def with_derived_events(events):
    """``events`` without empty dates, plus DECISION_SERVED from a served judgment or ruling (the latest)."""
    events = {kind: day for kind, day in events.items() if day is not None}
    unknown = set(events) - set(EventKind.values)
    if unknown:
        raise ValueError(f"unknown event kinds: {sorted(unknown)}")
    if EventKind.DECISION_SERVED not in events:
        served = [events[kind] for kind in (EventKind.JUDGMENT_SERVED, EventKind.RULING_SERVED) if kind in events]
        if served:
            events[EventKind.DECISION_SERVED] = max(served)
    return events


def compute_deadlines(
    rules: Iterable[Rule],
    events: Mapping[str, datetime.date | None],
    *,
    calendar: WorkingCalendar | None = None,
    met: Mapping[str, datetime.date] | None = None,
    conditions: Collection[str] = (),
):
    """The deadlines ``rules`` give a case whose ``events`` (EventKind → date) happened, soonest first.

    A rule whose event has not happened, whose condition does not hold, or
    which counts back from such a rule, gives no deadline. ``met`` maps rule
    codes to the day the deadline was met. Raises :class:`RuleError` if the
    rules cannot be used together (:func:`check_rules`).
    """
    rules = list(rules)
    problems = check_rules(rules)
    if problems:
        raise RuleError(problems)
    calendar = calendar if calendar is not None else WorkingCalendar.load()
    events = with_derived_events(events)
    met = met or {}
    by_code = {rule.code: rule for rule in rules}
    resolved = {}

    def resolve(code):
        if code in resolved:
            return resolved[code]
        rule = by_code[code]
        deadline = None
        if not rule.applies_if or rule.applies_if in conditions:
            if rule.direction == Direction.AFTER:
                deadline = _after(rule, events.get(rule.anchor), calendar, met)
            else:
                deadline = _before(rule, resolve(rule.relative_to), calendar, met)
        resolved[code] = deadline
        return deadline

    order = {rule.code: index for index, rule in enumerate(rules)}
    deadlines = [deadline for deadline in map(resolve, by_code) if deadline is not None]
    return sorted(deadlines, key=lambda deadline: (deadline.due, order[deadline.code]))


def _after(rule, start, calendar, met):
    if start is None:
        return None
    count = calendar.add_days if rule.unit == Unit.DAYS else calendar.add_working_days
    counted = count(start, rule.period)
    return Deadline(rule, counted.date, counted.provisional, start, met_on=met.get(rule.code))


def _before(rule, later, calendar, met):
    if later is None:
        return None
    count = calendar.days_before if rule.unit == Unit.DAYS else calendar.working_days_before
    counted = count(later.due, rule.period)
    return Deadline(
        rule,
        counted.date,
        counted.provisional or later.provisional,
        later.due,
        depends_on=later,
        met_on=met.get(rule.code),
    )
