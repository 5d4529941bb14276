"""What the case data decides of a rubric item, with the evidence the evaluator is shown.

Each check reads what is recorded of the case file (its live documents, its
hearings and agents, its stored deadlines and events, its archiving) and says
how many faults it finds, or that the item does not apply to this case, or that
the data cannot decide (the evaluator decides). The evaluator sees the result
prefilled with its evidence and may override it, giving a reason.

Checks are named in the rubric data (``check:`` in data/rubric.yaml).
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from casefiles import outcomes
from casefiles.models import (
    CaseDeadline,
    CaseDocument,
    CaseEvent,
    CaseEventKind,
    EvidenceList,
    Filing,
    FilingType,
    Hearing,
    Judgment,
)
from casefiles.models.events import check_agents

# The five things a statement of defence must state (000 第十一条, 001 第十五条).
DEFENCE_ELEMENTS = 5
# Documents the agency files and seals (001 第十七条); the appearing head's certificate or the absence explanation.
SEALED_DOCUMENTS = [
    (FilingType.STATEMENT_OF_DEFENCE,),
    ("evidence_list",),
    (FilingType.REPRESENTATIVE_CERTIFICATE,),
    (FilingType.POWER_OF_ATTORNEY,),
    (FilingType.APPEARING_HEAD_CERTIFICATE, FilingType.HEAD_ABSENCE_EXPLANATION),
]
REPORT_TYPES = (FilingType.LOSS_ANALYSIS_REPORT, FilingType.CLOSING_REPORT)
RECOMMENDATION_TYPES = (FilingType.JUDICIAL_RECOMMENDATION, FilingType.PROCURATORIAL_RECOMMENDATION)


@dataclass(frozen=True)
class Finding:
    """What a check found: ``faults`` (None: the data cannot decide), whether the item applies, and why."""

    faults: int | None
    evidence: list = field(default_factory=list)
    applies: bool = True

    @classmethod
    def not_applicable(cls, why):
        return cls(faults=0, evidence=[why], applies=False)

    @classmethod
    def undecided(cls, why):
        return cls(faults=None, evidence=[why])


def _day(value):
    return value.isoformat() if value else _("no date")


class CaseData:
    """What the checks read of one case file, each read once."""

    def __init__(self, case_file):
        self.case_file = case_file

    @cached_property
    def filings(self):
        return list(Filing.objects.child_of(self.case_file).live().order_by("path"))

    @cached_property
    def evidence_lists(self):
        return list(EvidenceList.objects.child_of(self.case_file).live().order_by("path").prefetch_related("items"))

    @cached_property
    def judgments(self):
        return list(Judgment.objects.child_of(self.case_file).live().order_by("path"))

    @cached_property
    def pages_with_files(self):
        return set(CaseDocument.objects.filter(case_file=self.case_file).values_list("page_id", flat=True))

    @cached_property
    def hearings(self):
        return list(
            Hearing.objects.filter(event__case_file=self.case_file)
            .select_related("event")
            .prefetch_related("agents")
            .order_by("event__date", "pk")
        )

    @cached_property
    def events(self):
        return list(CaseEvent.objects.filter(case_file=self.case_file))

    @cached_property
    def deadlines(self):
        return {row.code: row for row in CaseDeadline.objects.filter(case_file=self.case_file)}

    def filed(self, *types):
        """The live filings of these types that hold a file."""
        return [f for f in self.filings if f.filing_type in types and f.pk in self.pages_with_files]

    def events_of(self, kind):
        return [event for event in self.events if event.kind == kind]


def _deadline_finding(row, met_label):
    if row.met_on is None:
        return Finding(
            1, [_("Due %(due)s (%(source)s): nothing recorded.") % {"due": _day(row.due), "source": row.source}]
        )
    if row.met_on > row.due:
        return Finding(
            1,
            [
                _("Due %(due)s (%(source)s): %(what)s on %(met)s, late.")
                % {"due": _day(row.due), "source": row.source, "what": met_label, "met": _day(row.met_on)}
            ],
        )
    return Finding(
        0,
        [
            _("Due %(due)s (%(source)s): %(what)s on %(met)s.")
            % {"due": _day(row.due), "source": row.source, "what": met_label, "met": _day(row.met_on)}
        ],
    )


def defence_document(data):
    found = data.filed(FilingType.STATEMENT_OF_DEFENCE)
    if not found:
        return Finding(DEFENCE_ELEMENTS, [_("No statement of defence with its file in the case file.")])
    titles = _(", ").join(f"“{filing.title}”" for filing in found)
    return Finding(
        0, [_("Statement of defence filed: %(titles)s. Check its contents in the document.") % {"titles": titles}]
    )


def evidence_list(data):
    lists = [item for item in data.evidence_lists if item.pk in data.pages_with_files or list(item.items.all())]
    if not lists:
        return Finding(DEFENCE_ELEMENTS, [_("No evidence list in the case file.")])
    faults, evidence = 0, []
    for evidence_list_page in lists:
        items = list(evidence_list_page.items.all())
        if not items:
            faults += 1
            evidence.append(_("“%(title)s” lists no evidence.") % {"title": evidence_list_page.title})
        for number, item in enumerate(items, start=1):
            missing = [
                label
                for label, value in ((_("source"), item.source), (_("what it proves"), item.purpose))
                if not value.strip()
            ]
            if missing:
                faults += 1
                evidence.append(
                    _("“%(title)s” no. %(number)s “%(name)s”: no %(missing)s.")
                    % {
                        "title": evidence_list_page.title,
                        "number": number,
                        "name": item.name,
                        "missing": _(", ").join(missing),
                    }
                )
    if not faults:
        count = sum(len(list(page.items.all())) for page in lists)
        evidence.append(_("%(count)s items of evidence, each with its source and what it proves.") % {"count": count})
    return Finding(faults, evidence)


def defence_on_time(data):
    row = data.deadlines.get("defence_due")
    if row is None:
        return Finding.undecided(_("No defence deadline is recorded (the date the papers were received is missing)."))
    return _deadline_finding(row, _("defence and evidence filed"))


def certificates(data):
    missing, present = [], []
    for kinds in SEALED_DOCUMENTS:
        if kinds == ("evidence_list",):
            found = [page.title for page in data.evidence_lists if page.pk in data.pages_with_files]
            label = _("Evidence list")
        else:
            found = [filing.title for filing in data.filed(*kinds)]
            label = _(" or ").join(str(FilingType(kind).label) for kind in kinds)
        (present if found else missing).append(label if not found else f"{label}：{_(', ').join(found)}")
    evidence = [_("Missing: %(names)s.") % {"names": _(", ").join(missing)}] if missing else []
    if present:
        evidence.append(_("Present: %(names)s. Check the agency's seal on each.") % {"names": _("; ").join(present)})
    return Finding(len(missing), evidence)


def _no_hearing():
    return Finding.not_applicable(_("No hearing is recorded."))


def head_identity(data):
    appeared = [hearing for hearing in data.hearings if hearing.head_appeared]
    if not appeared:
        return Finding.not_applicable(_("No head appeared at a recorded hearing."))
    certificates_filed = data.filed(FilingType.APPEARING_HEAD_CERTIFICATE)
    faults, evidence = 0, []
    for hearing in appeared:
        if not (hearing.head_name.strip() and hearing.head_title.strip()):
            faults = 1
            evidence.append(
                _("Hearing of %(date)s: the head's name or title is not recorded.") % {"date": _day(hearing.event.date)}
            )
        else:
            evidence.append(
                _("Hearing of %(date)s: %(name)s, %(title)s.")
                % {"date": _day(hearing.event.date), "name": hearing.head_name, "title": hearing.head_title}
            )
    if not certificates_filed:
        faults = 1
        evidence.append(_("No appearing head certificate in the case file."))
    return Finding(faults, evidence)


def head_appeared(data):
    if not data.hearings:
        return _no_hearing()
    absent = [hearing for hearing in data.hearings if not hearing.head_appeared]
    evidence = [
        _("Hearing of %(date)s: no head appeared (explanation: %(why)s).")
        % {"date": _day(hearing.event.date), "why": hearing.absence_explanation}
        for hearing in absent
    ] or [_("A head appeared at each of the %(count)s hearings.") % {"count": len(data.hearings)}]
    return Finding(len(absent), evidence)


def agents(data):
    if not data.hearings:
        return _no_hearing()
    faults, evidence = 0, []
    for hearing in data.hearings:
        listed = list(hearing.agents.all())
        names = _(", ").join(str(agent) for agent in listed) or _("none")
        try:
            check_agents(agent.kind for agent in listed)
        except ValidationError as error:
            faults += 1
            evidence.append(
                _("Hearing of %(date)s: agents %(names)s. %(problem)s")
                % {"date": _day(hearing.event.date), "names": names, "problem": " ".join(error.messages)}
            )
        else:
            evidence.append(
                _("Hearing of %(date)s: agents %(names)s.") % {"date": _day(hearing.event.date), "names": names}
            )
    return Finding(faults, evidence)


def head_spoke(data):
    appeared = [hearing for hearing in data.hearings if hearing.head_appeared]
    if not appeared:
        return Finding.not_applicable(_("No head appeared at a recorded hearing."))
    silent = [hearing for hearing in appeared if not hearing.head_spoke]
    evidence = [
        _("Hearing of %(date)s: the head did not speak.") % {"date": _day(hearing.event.date)} for hearing in silent
    ] or [_("The head spoke at each hearing they attended.")]
    return Finding(len(silent), evidence)


def loss_report(data):
    losses = [judgment for judgment in data.judgments if outcomes.is_loss(judgment.result)]
    if not losses:
        return Finding.not_applicable(_("The case was not lost."))
    reports = data.filed(*REPORT_TYPES)
    row = data.deadlines.get("loss_report")
    if not reports:
        due = _(" (due %(due)s, %(source)s)") % {"due": _day(row.due), "source": row.source} if row else ""
        return Finding(1, [_("The case was lost; no loss analysis or closing report is filed%(due)s.") % {"due": due}])
    first = min(reports, key=lambda filing: filing.document_date or filing.first_published_at.date())
    dated = first.document_date or first.first_published_at.date()
    if row is not None and dated > row.due:
        return Finding(
            1,
            [
                _("“%(title)s” is dated %(date)s, after its deadline %(due)s (%(source)s).")
                % {"title": first.title, "date": _day(dated), "due": _day(row.due), "source": row.source}
            ],
        )
    return Finding(0, [_("“%(title)s” is dated %(date)s.") % {"title": first.title, "date": _day(dated)}])


def recommendation(data):
    received = data.events_of(CaseEventKind.RECOMMENDATION_RECEIVED) or data.filed(*RECOMMENDATION_TYPES)
    if not received:
        return Finding.not_applicable(_("No judicial or procuratorial recommendation is recorded."))
    row = data.deadlines.get("recommendation_answer")
    if row is not None:
        return _deadline_finding(row, _("answered"))
    answered = data.events_of(CaseEventKind.RECOMMENDATION_ANSWERED) or data.filed(FilingType.RECOMMENDATION_REPLY)
    if answered:
        return Finding(0, [_("The recommendation was answered.")])
    return Finding(1, [_("A recommendation was received; no answer is recorded.")])


def archive_complete(data):
    from archive import checklists

    result = checklists.check(data.case_file)
    if result.complete:
        return Finding(0, [_("Every document the archiving checklist asks for is there.")])
    return Finding(len(result.missing), [item.reason for item in result.missing])


def archive_on_time(data):
    from archive.models import is_archived

    row = data.deadlines.get("archive")
    archived = data.events_of(CaseEventKind.ARCHIVED)
    if row is not None:
        return _deadline_finding(row, _("archived"))
    if not is_archived(data.case_file) and not archived:
        return Finding(1, [_("The case file is not archived.")])
    day = max(event.date for event in archived) if archived else None
    return Finding(0, [_("Archived on %(date)s; the agency's rules set no archiving deadline.") % {"date": _day(day)}])


CHECKS = {
    "defence_document": defence_document,
    "evidence_list": evidence_list,
    "defence_on_time": defence_on_time,
    "certificates": certificates,
    "head_identity": head_identity,
    "head_appeared": head_appeared,
    "agents": agents,
    "head_spoke": head_spoke,
    "loss_report": loss_report,
    "recommendation": recommendation,
    "archive_complete": archive_complete,
    "archive_on_time": archive_on_time,
}


def run(items, case_file):
    """{item code: Finding} of the items that name a check (an unknown check name is refused)."""
    data = CaseData(case_file)
    findings = {}
    for item in items:
        if not item.check_name:
            continue
        if item.check_name not in CHECKS:
            raise KeyError(f"rubric item {item.code}: unknown check {item.check_name!r}")
        findings[item.code] = CHECKS[item.check_name](data)
    return findings
