"""The counts of :mod:`casefiles.statistics.measures`, grouped in the database.

Each query counts one kind of thing (case files received, decisions, hearings,
deadlines, events) over the case files in ``scope`` and a date range, grouped
by a :data:`Key`: the case library the case file lies in (its agency's, the
defendant agency that owns it), its cause, its instance, and the year of the
date that places the thing in the period. Five queries answer any range; the
tables of :mod:`casefiles.statistics.figures` add the groups up.
"""

from collections import Counter, defaultdict
from typing import NamedTuple

from django.db.models import Count, DateField, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat, ExtractYear, Substr
from wagtail.models import Page

from casefiles import outcomes
from casefiles.models import CaseDeadline, CaseEvent, CaseEventKind, CaseFile, Hearing, Judgment
from casefiles.models.case_deadlines import MET_BY
from casefiles.models.pages import CASE_FILE_DEPTH, CASE_LIBRARY_DEPTH

RECOMMENDATION_ANSWER = "recommendation_answer"  # the deadline rule's code (000 第二十一条)

# Events counted as such, by the count they add to.
EVENT_COUNTS = {
    CaseEventKind.RECOMMENDATION_RECEIVED: "recommendations_received",
    CaseEventKind.RECOMMENDATION_ANSWERED: "recommendations_answered",
    CaseEventKind.PERFORMED: "performed",
}


class Key(NamedTuple):
    library_path: str
    cause_id: int
    instance: str
    year: int


def result_key(kind, result):
    """The count of concluded cases decided by a document of ``kind`` with ``result``."""
    return ("result", kind, result)


def library_path(prefix=""):
    """The path of the case library holding the case file at ``prefix`` + path."""
    return Substr(f"{prefix}path", 1, CASE_LIBRARY_DEPTH * Page.steplen)


def _grouped(queryset, prefix, date, *more):
    """``queryset`` grouped by Key (its case file at ``prefix``, the year of ``date``) and the fields ``more``."""
    return queryset.annotate(
        g_library=library_path(prefix),
        g_cause=F(f"{prefix}cause_id"),
        g_instance=F(f"{prefix}instance"),
        g_year=ExtractYear(date),
    ).values("g_library", "g_cause", "g_instance", "g_year", *more)


def _key(row):
    return Key(row["g_library"], row["g_cause"], row["g_instance"], row["g_year"])


def children(model):
    """Live pages of ``model`` directly under the CaseFile of the outer query (a path range, as treebeard does)."""
    first, last = Page.alphabet[0] * Page.steplen, Page.alphabet[-1] * Page.steplen
    return model.objects.filter(
        live=True,
        depth=CASE_FILE_DEPTH + 1,
        path__gte=Concat(OuterRef("path"), Value(first)),
        path__lte=Concat(OuterRef("path"), Value(last)),
    )


def decisive(field, output_field=None):
    """A subquery on CaseFile: ``field`` of its deciding judgment (outcomes.decisive_judgment's choice)."""
    judgments = children(Judgment).annotate(decided_on=Coalesce("date_served", "date_effective"))
    return Subquery(judgments.order_by(*outcomes.DECISIVE_ORDER).values(field)[:1], output_field=output_field)


def with_decision(case_files):
    """``case_files`` annotated with their deciding judgment's decided_on, kind, result, and more."""
    return case_files.annotate(
        decided_on=decisive("decided_on", DateField()),
        decisive_kind=decisive("kind"),
        decisive_result=decisive("result"),
    )


def new_cases(scope, start, end):
    rows = _grouped(CaseFile.objects.filter(pk__in=scope, date_received__range=(start, end)), "", "date_received")
    for row in rows.annotate(n=Count("pk")).order_by():
        yield _key(row), {"new_cases": row["n"]}


def decisions(scope, start, end):
    concluded = with_decision(CaseFile.objects.filter(pk__in=scope)).filter(decided_on__range=(start, end))
    rows = _grouped(concluded, "", "decided_on", "decisive_kind", "decisive_result")
    for row in rows.annotate(n=Count("pk")).order_by():
        kind, result, n = row["decisive_kind"], row["decisive_result"], row["n"]
        lost = outcomes.is_loss(result)
        merits = outcomes.is_on_the_merits(kind, result)
        yield (
            _key(row),
            {
                "concluded": n,
                "lost": n if lost else 0,
                "merits": n if merits else 0,
                "merits_lost": n if merits and lost else 0,
                result_key(kind, result): n,
            },
        )


def hearings(scope, start, end):
    held = Hearing.objects.filter(event__case_file__in=scope, event__date__range=(start, end))
    appeared = Q(head_appeared=True)
    rows = _grouped(held, "event__case_file__", "event__date").annotate(
        n_hearings=Count("pk"),
        n_head_appeared=Count("pk", filter=appeared),
        n_principal_appeared=Count("pk", filter=appeared & Q(head_is_principal=True)),
        n_head_spoke=Count("pk", filter=appeared & Q(head_spoke=True)),
    )
    codes = ("hearings", "head_appeared", "principal_appeared", "head_spoke")
    for row in rows.order_by():
        yield _key(row), {code: row[f"n_{code}"] for code in codes}


def deadlines(scope, start, end, today):
    """Deadlines an event meets, due in the range, met or past: due, and met on time."""
    due = CaseDeadline.objects.filter(case_file__in=scope, code__in=list(MET_BY), due__range=(start, end)).filter(
        Q(met_on__isnull=False) | Q(due__lt=today)
    )
    rows = _grouped(due, "case_file__", "due", "code").annotate(
        due_count=Count("pk"), on_time=Count("pk", filter=Q(met_on__lte=F("due")))
    )
    for row in rows.order_by():
        counts = {"deadlines_due": row["due_count"], "deadlines_met": row["on_time"]}
        if row["code"] == RECOMMENDATION_ANSWER:
            counts.update(recommendations_due=row["due_count"], recommendations_on_time=row["on_time"])
        yield _key(row), counts


def events(scope, start, end):
    recorded = CaseEvent.objects.filter(case_file__in=scope, kind__in=list(EVENT_COUNTS), date__range=(start, end))
    rows = _grouped(recorded, "case_file__", "date", "kind")
    for row in rows.annotate(n=Count("pk")).order_by():
        yield _key(row), {EVENT_COUNTS[row["kind"]]: row["n"]}


def count(scope, start, end, today):
    """{Key: Counter of count codes} for the case files in ``scope`` (a CaseFile queryset) from ``start`` to ``end``.

    ``today`` decides which open deadlines have passed.
    """
    scope = scope.values("pk")
    tallies = defaultdict(Counter)
    for rows in (
        new_cases(scope, start, end),
        decisions(scope, start, end),
        hearings(scope, start, end),
        deadlines(scope, start, end, today),
        events(scope, start, end),
    ):
        for key, counts in rows:
            tallies[key].update(counts)
    return dict(tallies)
