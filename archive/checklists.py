"""The automatic completeness check of a case file against the archiving checklist.

A document counts when its page is live in the case file and holds at least one
file: archiving keeps the originals (004 第二十四条: 法律文书原件…整理齐全), so a
page registered without its scan is reported too.
"""

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from archive.models.checklists import EVIDENCE_LIST, FILING_PREFIX, JUDGMENT, ChecklistItem
from casefiles.models import CaseDocument, EvidenceList, Filing, Judgment


@dataclass(frozen=True)
class ItemResult:
    code: str
    label: str
    source: str
    satisfied: bool
    reason: str = ""
    found: list = field(default_factory=list)


@dataclass(frozen=True)
class CheckResult:
    items: list

    @property
    def complete(self):
        return all(item.satisfied for item in self.items)

    @property
    def missing(self):
        return [item for item in self.items if not item.satisfied]

    def as_data(self):
        """For the event record: plain values."""
        return {"complete": self.complete, "items": [asdict(item) for item in self.items]}


def present_documents(case_file):
    """{document kind: [(page title, has files)]} for the live pages of ``case_file``."""
    with_files = set(
        CaseDocument.objects.filter(case_file=case_file, page__isnull=False).values_list("page_id", flat=True)
    )
    present = {}

    def add(kind, page):
        present.setdefault(kind, []).append((page.title, page.pk in with_files))

    for filing in Filing.objects.child_of(case_file).live().order_by("path"):
        add(f"{FILING_PREFIX}{filing.filing_type}", filing)
    for evidence_list in EvidenceList.objects.child_of(case_file).live().order_by("path"):
        add(EVIDENCE_LIST, evidence_list)
    for judgment in Judgment.objects.child_of(case_file).live().order_by("path"):
        add(JUDGMENT, judgment)
    return present


def check(case_file):
    """Check ``case_file`` against the checklist items that apply to it."""
    present = present_documents(case_file)
    results = []
    for item in ChecklistItem.objects.for_case_file(case_file):
        alternatives = list(item.alternatives.all())
        pages = [page for alternative in alternatives for page in present.get(alternative.kind, [])]
        filed = [title for title, has_files in pages if has_files]
        names = _(" or ").join(f"“{alternative.get_kind_display()}”" for alternative in alternatives)
        if filed:
            results.append(ItemResult(item.code, item.label, item.source, True, found=filed))
        elif pages:
            reason = _("%(titles)s registered but without a file; upload the scan of the original.") % {
                "titles": _(", ").join(f"“{title}”" for title, _has in pages)
            }
            results.append(ItemResult(item.code, item.label, item.source, False, reason))
        else:
            reason = _("Missing: %(names)s (%(source)s).") % {"names": names, "source": item.source}
            results.append(ItemResult(item.code, item.label, item.source, False, reason))
    return CheckResult(results)
