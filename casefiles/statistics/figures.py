"""The statistics of a period as tables: in total, by agency, cause, instance and year, and the cases lost.

:func:`compute` runs the queries of :mod:`casefiles.statistics.counts` once
and adds their groups up into rows; each row holds the counts of
:mod:`casefiles.statistics.measures` and answers their rates. The agency of a
case file is the agency owning the case library it lies in: the defendant
agency it is registered with (应诉机关).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Max, OuterRef, Subquery
from django.utils.translation import gettext as _

from casefiles import outcomes
from casefiles.models import CaseEvent, CaseEventKind, CaseFile, CaseLibrary, Cause, Filing, FilingType, Instance
from casefiles.models.pages import Judgment
from casefiles.statistics import counts as queries
from casefiles.statistics.measures import RATE_BY_CODE, ratio

# Filings that analyse a loss (000 第十七条 结案报告; 002 第七条, 003 第十一条 败诉分析报告).
LOSS_REPORT_TYPES = [FilingType.LOSS_ANALYSIS_REPORT, FilingType.CLOSING_REPORT]


@dataclass
class Row:
    """One line of a table: what it is about, and its counts."""

    label: str
    counts: Counter = field(default_factory=Counter)
    key: object = None

    def __getitem__(self, code):
        return self.counts.get(code, 0)

    def ratio(self, rate):
        return ratio(self.counts, rate)

    def text(self, code):
        """A count as a number, a rate as "50.0%（2/4）"."""
        if code in RATE_BY_CODE:
            ratio = self.ratio(code)
            return f"{ratio.percent}（{ratio.numerator}/{ratio.denominator}）"
        return str(self[code])

    def texts(self, codes):
        return [self.text(code) for code in codes]


@dataclass
class ResultRow:
    kind: str
    result: str
    count: int

    @property
    def kind_label(self):
        return Judgment.Kind(self.kind).label if self.kind in Judgment.Kind.values else self.kind

    @property
    def result_label(self):
        return Judgment.Result(self.result).label if self.result in Judgment.Result.values else self.result

    @property
    def outcome_label(self):
        return outcomes.Outcome(outcomes.outcome_of(self.result)).label

    @property
    def on_the_merits(self):
        return outcomes.is_on_the_merits(self.kind, self.result)

    @property
    def sources(self):
        return f"{outcomes.rule_for(self.result).source}；{outcomes.merits_rule_for(self.result).source}"


@dataclass
class Statistics:
    period: object
    total: Row
    by_agency: list
    by_cause: list
    by_instance: list
    results: list


def agency_names():
    """{case library path: (agency id, agency name)}."""
    return {path: (pk, name) for path, pk, name in CaseLibrary.objects.values_list("path", "agency_id", "agency__name")}


def _rows(tallies, key_of, label_of, order_of, always=()):
    rows = {}
    for key in always:
        rows[key] = Row(label_of(key), Counter(), key)
    for group, counts in tallies.items():
        key = key_of(group)
        row = rows.get(key)
        if row is None:
            row = rows[key] = Row(label_of(key), Counter(), key)
        row.counts.update(counts)
    return sorted(rows.values(), key=lambda row: order_of(row.key))


def compute(scope, period, today, agencies=()):
    """The Statistics of the case files in ``scope`` (a CaseFile queryset) over ``period``.

    ``agencies`` (Agency objects) get a row even when they have nothing to count.
    """
    tallies = queries.count(scope, period.start, period.end, today)
    libraries = agency_names()
    total = Row(_("Total"), Counter())
    for counts in tallies.values():
        total.counts.update(counts)

    by_agency = _rows(
        tallies,
        key_of=lambda group: libraries.get(group.library_path, (None, _("(no agency)"))),
        label_of=lambda key: key[1],
        order_of=lambda key: key[1],
        always=[(agency.pk, agency.name) for agency in agencies],
    )
    causes = Cause.objects.filter(pk__in={group.cause_id for group in tallies}).select_related("parent")
    causes = {cause.pk: cause for cause in causes}
    by_cause = _rows(
        tallies,
        key_of=lambda group: group.cause_id,
        label_of=lambda key: str(causes[key]),
        order_of=lambda key: (causes[key].sort_order, str(causes[key])),
    )
    instance_order = list(Instance.values)
    by_instance = _rows(
        tallies,
        key_of=lambda group: group.instance,
        label_of=lambda key: Instance(key).label,
        order_of=instance_order.index,
        always=instance_order,
    )
    results = Counter()
    for counts in tallies.values():
        for code, n in counts.items():
            if isinstance(code, tuple):
                results[code[1:]] += n
    return Statistics(
        period=period,
        total=total,
        by_agency=by_agency,
        by_cause=by_cause,
        by_instance=by_instance,
        results=[
            ResultRow(kind, result, n)
            for (kind, result), n in sorted(results.items(), key=lambda item: (-item[1], item[0]))
        ],
    )


def total_of(rows):
    """A Row adding up ``rows``."""
    total = Row(_("Total"))
    for row in rows:
        total.counts.update(row.counts)
    return total


def trend(scope, periods, today):
    """A Row per period of ``periods`` (consecutive whole years), from one run of the queries."""
    tallies = queries.count(scope, periods[0].start, periods[-1].end, today)
    return _rows(
        tallies,
        key_of=lambda group: group.year,
        label_of=str,
        order_of=lambda year: year,
        always=[period.year for period in periods],
    )


@dataclass
class Loss:
    """A case lost in the period, with its deciding judgment (003 第二十四条: 败诉判决)."""

    case_file_id: int
    title: str
    case_number: str
    court: str
    agency: str
    handling_unit: str
    cause: str
    instance: str
    kind: str
    document_number: str
    result: str
    result_detail: str
    date_served: datetime.date | None
    date_effective: datetime.date | None
    performed_on: datetime.date | None
    loss_report: str

    @property
    def result_label(self):
        return Judgment.Result(self.result).label

    @property
    def kind_label(self):
        return Judgment.Kind(self.kind).label

    @property
    def instance_label(self):
        return Instance(self.instance).label

    @property
    def loss_source(self):
        return outcomes.rule_for(self.result).source


def losses(scope, period):
    """The cases lost in ``period`` among ``scope``, oldest decision first; one query."""
    performed = CaseEvent.objects.filter(case_file=OuterRef("pk"), kind=CaseEventKind.PERFORMED)
    performed = performed.order_by().values("case_file").annotate(last=Max("date")).values("last")
    report = queries.children(Filing).filter(filing_type__in=LOSS_REPORT_TYPES).order_by("-pk").values("title")[:1]
    rows = (
        queries.with_decision(CaseFile.objects.filter(pk__in=scope.values("pk")))
        .annotate(
            decisive_number=queries.decisive("document_number"),
            decisive_detail=queries.decisive("result_detail"),
            decisive_served=queries.decisive("date_served"),
            decisive_effective=queries.decisive("date_effective"),
            performed_on=Subquery(performed[:1]),
            loss_report=Subquery(report),
            library_path=queries.library_path(),
        )
        .filter(decided_on__range=(period.start, period.end), decisive_result__in=outcomes.loss_results())
        .select_related("court", "cause", "cause__parent", "handling_unit")
        .order_by("decided_on", "case_number")
    )
    libraries = agency_names()
    return [
        Loss(
            case_file_id=case_file.pk,
            title=case_file.title,
            case_number=case_file.case_number,
            court=case_file.court.name,
            agency=libraries.get(case_file.library_path, (None, ""))[1],
            handling_unit=case_file.handling_unit.name,
            cause=str(case_file.cause),
            instance=case_file.instance,
            kind=case_file.decisive_kind,
            document_number=case_file.decisive_number,
            result=case_file.decisive_result,
            result_detail=case_file.decisive_detail,
            date_served=case_file.decisive_served,
            date_effective=case_file.decisive_effective,
            performed_on=case_file.performed_on,
            loss_report=case_file.loss_report or "",
        )
        for case_file in rows
    ]
