"""The demo's typical-case library: one case published through the whole process, one nomination in draft.

The published one is the demo's first concluded case file with a judgment: it
is nominated by its handling unit's officer, drafted, scanned for personal
information, every find accepted by the supervisor, redacted, submitted to the
review workflow and approved. Its documents' text is extracted here, at once,
so the draft has it (the demo's task worker would get there later).
Idempotent: nothing is done for a case file nominated already.
"""

from django.contrib.auth import get_user_model

from archive.models import Nomination, RedactionItem
from archive.models.typical import TypicalCasePage
from archive.typical import drafting, redacting
from casefiles.models import CaseFile, Filing, FilingType, Judgment
from ocr import runs

REASON = "被诉行政行为程序规范、证据充分，对同类案件具有示范意义。"
DRAFT_REASON = "涉及群众切身利益，败诉原因具有警示意义。"


def _extract(page):
    """Extract the text of the files under ``page`` now."""
    for document in page.case_documents.all():
        run = runs.start(document.pk)
        if run is not None:
            runs.extract_pages(run.pk, list(range(1, run.pages_total + 1)))


def _concluded_with_judgment():
    for case_file in CaseFile.objects.filter(status__in=("closed", "archived")).order_by("case_year", "pk"):
        judgment = Judgment.objects.child_of(case_file).filter(case_documents__isnull=False).first()
        if judgment is not None and not Nomination.objects.filter(case_file=case_file).exists():
            yield case_file, judgment


def _prepare(case_file, judgment):
    _extract(judgment)
    complaint = Filing.objects.child_of(case_file).filter(filing_type=FilingType.COMPLAINT).first()
    if complaint is not None:
        _extract(complaint)


def publish(case_file, officer, supervisor):
    """Nominate, redact (every find accepted), review and publish ``case_file``'s typical case."""
    page = drafting.nominate(case_file, officer, REASON).page
    for item in page.redaction.pending():
        redacting.decide(item, supervisor, RedactionItem.Decision.ACCEPTED)
    redacting.apply(page, supervisor)
    page = TypicalCasePage.objects.get(pk=page.pk)
    page.get_workflow().start(page, supervisor)
    task_state = TypicalCasePage.objects.get(pk=page.pk).current_workflow_task_state.specific
    task_state.task.specific.on_action(task_state, supervisor, "approve", comment="脱敏完整，同意发布。")
    return TypicalCasePage.objects.get(pk=page.pk)


def seed():
    """Create the demo's typical cases; returns the published one (None when there is nothing to nominate)."""
    if Nomination.objects.exists():
        return TypicalCasePage.objects.live().first()
    User = get_user_model()
    users = {user.username: user for user in User.objects.filter(username__in=("supervisor", "officer_land"))}
    if len(users) < 2:
        return None
    candidates = _concluded_with_judgment()
    first = next(candidates, None)
    if first is None:
        return None
    case_file, judgment = first
    # Its handling unit's officer nominates it when the demo has one there, else the supervisor.
    in_unit = case_file.handling_unit.memberships.filter(user=users["officer_land"]).exists()
    _prepare(case_file, judgment)
    published = publish(case_file, users["officer_land"] if in_unit else users["supervisor"], users["supervisor"])
    second = next(candidates, None)
    if second is not None:
        _prepare(*second)
        drafting.nominate(second[0], users["supervisor"], DRAFT_REASON)
    return published
