"""What goes into a case file's volume, one entry per document (件), in the volume's order.

Each stored file of a live document page is one entry; a page with several
files gives several entries, in the order they were uploaded. The files of an
evidence list come as the list itself, then the evidence in the order of the
list's items, each titled by its item. Entries follow the sections of
:mod:`archive.volume.order`, within a section the order of its kinds, within a
kind their date, then the order they were registered in.

Pages registered without a file are not entries: :func:`pages_without_files`
lists them for the volume note.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from archive.models.checklists import EVIDENCE_LIST, FILING_PREFIX, JUDGMENT
from archive.volume import order
from casefiles.models import CaseDocument, EvidenceList, Filing, Judgment, Party


@dataclass
class Entry:
    kind: str
    title: str
    document_number: str
    responsible: str
    date: datetime.date | None
    document: CaseDocument | None  # None for the registration form Anjuan generates

    def sort_key(self, path, sequence):
        """Section, kind, date (undated last), the page's place in the tree, the entry's place in its page."""
        place = order.place(self.kind)
        return (place.section, place.rank, self.date is None, self.date or datetime.date.min, path, sequence)


class Responsibles:
    """Who a document is from when it does not say (the ``responsible`` rules of the order data)."""

    def __init__(self, case_file):
        parties = list(case_file.parties.select_related("agency"))
        defendants = [p.display_name for p in parties if p.role == Party.Role.DEFENDANT]
        self.names = {
            "court": case_file.court.name,
            "plaintiff": "、".join(p.display_name for p in parties if p.role == Party.Role.PLAINTIFF),
            "defendant": "、".join(defendants) or case_file.handling_unit.name,
            "": "",
        }

    def of(self, kind):
        return self.names[order.place(kind).responsible]


def _titled(page_title, document, count):
    if count == 1 or document.title == page_title:
        return page_title
    return _("%(page)s (%(file)s)") % {"page": page_title, "file": document.title}


def entries(case_file):
    """The entries of ``case_file``'s stored files, in the volume's order."""
    who = Responsibles(case_file)
    documents = {}
    for document in CaseDocument.objects.filter(case_file=case_file).order_by("created_at", "pk"):
        documents.setdefault(document.page_id, []).append(document)
    keyed = []

    def add(entry, path):
        # Entries of one page keep the order they are added in.
        keyed.append((entry.sort_key(path, len(keyed)), entry))

    for filing in Filing.objects.child_of(case_file).live():
        kind = f"{FILING_PREFIX}{filing.filing_type}"
        files = documents.pop(filing.pk, [])
        for document in files:
            entry = Entry(
                kind,
                _titled(filing.title, document, len(files)),
                filing.document_number,
                filing.issuing_body or who.of(kind),
                filing.document_date or filing.date_received,
                document,
            )
            add(entry, filing.path)
    for judgment in Judgment.objects.child_of(case_file).live():
        files = documents.pop(judgment.pk, [])
        for document in files:
            title = _titled(judgment.title, document, len(files))
            date = judgment.date_served or judgment.date_effective
            add(Entry(JUDGMENT, title, judgment.document_number, who.of(JUDGMENT), date, document), judgment.path)
    for evidence_list in EvidenceList.objects.child_of(case_file).live():
        for entry in _evidence_entries(evidence_list, documents.pop(evidence_list.pk, []), who):
            add(entry, evidence_list.path)
    # Files of no live page: filed under nothing, or under a page taken down.
    for files in documents.values():
        for document in files:
            add(Entry(order.UNFILED, document.title, "", "", None, document), "")
    keyed.sort(key=lambda pair: pair[0])
    return [entry for _key, entry in keyed]


def _evidence_entries(evidence_list, files, who):
    items = list(evidence_list.items.all().order_by("sort_order"))
    names = {}
    for item in items:
        if item.document_id:
            names.setdefault(item.document_id, []).append(item)
    listed = [document for document in files if document.pk not in names]
    evidence = sorted(
        (document for document in files if document.pk in names),
        key=lambda document: min(item.sort_order for item in names[document.pk]),
    )
    date = evidence_list.submitted_date
    for document in listed:
        title = _titled(evidence_list.title, document, len(listed))
        yield Entry(EVIDENCE_LIST, title, "", who.of(EVIDENCE_LIST), date, document)
    for document in evidence:
        its_items = names[document.pk]
        title = "、".join(item.name for item in its_items)
        responsible = next((item.source for item in its_items if item.source), "") or who.of(EVIDENCE_LIST)
        yield Entry(EVIDENCE_LIST, title, "", responsible, date, document)


def pages_without_files(case_file):
    """Titles of the live document pages of ``case_file`` that hold no file."""
    with_files = set(CaseDocument.objects.filter(case_file=case_file).values_list("page_id", flat=True))
    pages = [
        *Filing.objects.child_of(case_file).live(),
        *EvidenceList.objects.child_of(case_file).live(),
        *Judgment.objects.child_of(case_file).live(),
    ]
    return [page.title for page in sorted(pages, key=lambda page: page.path) if page.pk not in with_files]
