"""What the index holds of a case file: its details, its pages' text, who may see it.

:func:`build` reads one case file as the search backends index it;
:func:`signatures` tells cheaply, for many case files at once, whether what
was indexed is still what the database holds.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Substr
from wagtail.models import Page

from casefiles import access, outcomes
from casefiles.models import (
    Agency,
    CaseDocument,
    CaseFile,
    CaseFileGroupGrant,
    CaseFileUserGrant,
    Cause,
    Court,
    EvidenceList,
    Filing,
    Judgment,
    Party,
)
from casefiles.models.pages import CASE_FILE_DEPTH, CASE_LIBRARY_DEPTH
from ocr.models import ExtractionRun, PageText
from search import groups, tokens

# Page positions within a case file live in the low bits of an index row's id.
POSITION_BITS = 20
MAX_POSITION = (1 << POSITION_BITS) - 1


def row_id(case_file_id, position):
    return (case_file_id << POSITION_BITS) + position


def row_range(case_file_id):
    return row_id(case_file_id, 0), row_id(case_file_id, MAX_POSITION)


@dataclass
class IndexedText:
    """One searchable text of a case file: a page of a document, or (position 0) the case's details."""

    position: int
    group: str
    text: str
    document_id: int | None = None
    page_text_id: int | None = None
    number: int | None = None  # page number in the document

    @property
    def tokens(self):
        if self.position == 0:
            return tokens.index_texts(self.text.split("\n"))
        return tokens.index_text(self.text)


@dataclass
class SearchDocument:
    case_file_id: int
    title: str
    case_number: str
    case_number_key: str
    year: int | None
    cause_id: int
    cause_parent_id: int | None
    court_id: int
    instance: str
    handling_unit_id: int
    library_agency_id: int | None
    defendant_ids: list
    status: str
    archived: bool
    outcome: str
    result: str
    date: datetime.date | None
    texts: list  # IndexedText, position 0 first
    viewers: list  # (principal, expires_at or None)
    signature: str = ""
    groups_present: set = field(default_factory=set)

    @property
    def meta_text(self):
        return self.texts[0].text

    def texts_in(self, group):
        return [text for text in self.texts if text.group == group]


def _live_case_file(case_file_id):
    return (
        CaseFile.objects.filter(pk=case_file_id, live=True)
        .select_related("court", "cause__parent", "handling_unit", "officer")
        .first()
    )


def build(case_file_id):
    """The search document of a case file, or None when it is not live (or gone)."""
    case_file = _live_case_file(case_file_id)
    if case_file is None:
        return None
    children = list(Page.objects.child_of(case_file).filter(live=True).order_by("path").specific())
    parties = list(case_file.parties.select_related("agency").order_by("sort_order"))
    judgments = [page for page in children if isinstance(page, Judgment)]
    decisive = outcomes.decisive_judgment(judgments)
    result = decisive.result if decisive else ""
    library = case_file.get_parent().specific

    meta = _meta_lines(case_file, parties, children)
    texts = [IndexedText(position=0, group=groups.META, text="\n".join(meta))]
    live_pages = {page.pk: page for page in children}
    documents = (
        CaseDocument.objects.filter(case_file=case_file)
        .filter(Q(page__isnull=True) | Q(page_id__in=live_pages))
        .order_by("page__path", "pk")
    )
    current_runs = dict(
        ExtractionRun.objects.filter(document__in=documents, is_current=True).values_list("document_id", "pk")
    )
    page_texts = {}
    for page_text in PageText.objects.filter(run_id__in=current_runs.values()).order_by("number"):
        page_texts.setdefault(page_text.run_id, []).append(page_text)
    position = 0
    for document in documents:
        meta_titles = document.title
        texts[0].text += "\n" + meta_titles
        group = groups.group_of_page(live_pages.get(document.page_id))
        for page_text in page_texts.get(current_runs.get(document.pk), []):
            position += 1
            if position > MAX_POSITION:
                break
            texts.append(
                IndexedText(
                    position=position,
                    group=group,
                    text=page_text.text,
                    document_id=document.pk,
                    page_text_id=page_text.pk,
                    number=page_text.number,
                )
            )
    return SearchDocument(
        case_file_id=case_file.pk,
        title=case_file.title,
        case_number=case_file.case_number,
        case_number_key=case_file.case_number_key,
        year=case_file.case_year,
        cause_id=case_file.cause_id,
        cause_parent_id=case_file.cause.parent_id,
        court_id=case_file.court_id,
        instance=case_file.instance,
        handling_unit_id=case_file.handling_unit_id,
        library_agency_id=getattr(library, "agency_id", None),
        defendant_ids=sorted({party.agency_id for party in parties if party.role == "defendant" and party.agency_id}),
        status=case_file.status,
        archived=case_file.status == CaseFile.Status.ARCHIVED,
        outcome=outcomes.outcome_of(result),
        result=result,
        date=case_file.date_received,
        texts=texts,
        viewers=access.viewers(case_file.pk),
        signature=signatures([case_file.pk]).get(case_file.pk, ""),
        groups_present={text.group for text in texts},
    )


def _meta_lines(case_file, parties, children):
    """The case's details as lines of text: what is searched and shown as 案卷信息."""
    from django.utils.translation import gettext as _

    lines = [
        case_file.title,
        case_file.case_number,
        f"{case_file.court.name} · {case_file.cause} · {case_file.get_instance_display()}",
    ]
    for party in parties:
        lines.append(f"{party.get_role_display()}：{party.display_name}")
    lines.append(_("Handling unit: %(name)s") % {"name": case_file.handling_unit.name})
    if case_file.officer_id:
        lines.append(_("Case officer: %(name)s") % {"name": case_file.officer.get_full_name()})
    for page in children:
        line = [page.title]
        if isinstance(page, Filing):
            line += [page.document_number, page.issuing_body, page.note]
        elif isinstance(page, Judgment):
            line += [page.document_number, page.get_result_display(), page.result_detail]
        elif isinstance(page, EvidenceList):
            for item in page.items.all():
                lines.append(" ".join(filter(None, [item.name, item.source, item.purpose])))
        lines.append(" ".join(filter(None, line)))
    return [line for line in lines if line.strip()]


# --- Signatures: is the index still current? ---------------------------------------


def signatures(case_file_ids=None):
    """{case file id: signature} of the live case files (all of them, or those given).

    A signature changes whenever anything :func:`build` reads changes: a page
    revision or its publication, a party, a document's title, file or filing,
    a finished extraction, a grant, or the name of a court, cause, agency or
    officer.
    """
    if case_file_ids is None:
        case_file_ids = CaseFile.objects.filter(live=True).values_list("pk", flat=True).order_by("pk")
    case_file_ids = list(case_file_ids)
    names = _names()
    result = {}
    for start in range(0, len(case_file_ids), SIGNATURE_BATCH):
        result.update(_signatures(case_file_ids[start : start + SIGNATURE_BATCH], names))
    return result


SIGNATURE_BATCH = 500


def _signatures(case_file_ids, names):
    case_files = CaseFile.objects.filter(live=True, pk__in=case_file_ids)
    rows = list(
        case_files.values_list(
            "pk",
            "path",
            "latest_revision_id",
            "court_id",
            "cause_id",
            "handling_unit_id",
            "officer_id",
            "status",
        )
    )
    if not rows:
        return {}
    ids = [row[0] for row in rows]
    parts = {row[0]: [("case", row[2:])] for row in rows}
    by_path = {row[1]: row[0] for row in rows}
    step = CaseFile.steplen
    library_paths = {row[1][: CASE_LIBRARY_DEPTH * step] for row in rows}
    libraries = dict(Page.objects.filter(path__in=library_paths).values_list("path", "pk"))
    for row in rows:
        parts[row[0]].append(("library", libraries.get(row[1][: CASE_LIBRARY_DEPTH * step])))
    children = (
        Page.objects.filter(depth=CASE_FILE_DEPTH + 1)
        .annotate(case_path=Substr("path", 1, CASE_FILE_DEPTH * step))
        .filter(case_path__in=list(by_path))
    )
    for path, pk, revision, live in children.values_list("path", "pk", "latest_revision_id", "live"):
        case_file_id = by_path.get(path[: CASE_FILE_DEPTH * step])
        if case_file_id is not None:
            parts[case_file_id].append(("page", pk, revision, live))
    for case_file_id, role, kind, name, agency_id in Party.objects.filter(case_file_id__in=ids).values_list(
        "case_file_id", "role", "kind", "name", "agency_id"
    ):
        parts[case_file_id].append(("party", role, kind, name, agency_id))
    current = dict(
        ExtractionRun.objects.filter(document__case_file_id__in=ids, is_current=True).values_list("document_id", "pk")
    )
    for case_file_id, pk, title, page_id, sha256 in CaseDocument.objects.filter(case_file_id__in=ids).values_list(
        "case_file_id", "pk", "title", "page_id", "sha256"
    ):
        parts[case_file_id].append(("document", pk, title, page_id, sha256, current.get(pk)))
    for model, holder in ((CaseFileUserGrant, "user_id"), (CaseFileGroupGrant, "group_id")):
        for case_file_id, holder_id, permission_id, expires_at in model.objects.filter(
            content_object_id__in=ids
        ).values_list("content_object_id", holder, "permission_id", "expires_at"):
            parts[case_file_id].append(("grant", holder, holder_id, permission_id, str(expires_at)))
    result = {}
    for case_file_id, items in parts.items():
        digest = hashlib.sha1(usedforsecurity=False)
        digest.update(f"v{tokens.VERSION}".encode())
        for item in sorted(items, key=repr):
            digest.update(repr(item).encode())
        case_row = items[0][1]
        for kind, ident in (
            ("court", case_row[1]),
            ("cause", case_row[2]),
            ("agency", case_row[3]),
            ("user", case_row[4]),
        ):
            digest.update(repr(names.get((kind, ident))).encode())
        for item in items:
            if item[0] == "party" and item[4]:
                digest.update(repr(names.get(("agency", item[4]))).encode())
        result[case_file_id] = digest.hexdigest()
    return result


def _names():
    names = {}
    for kind, queryset in (
        ("court", Court.objects.values_list("pk", "name")),
        ("cause", Cause.objects.values_list("pk", "name", "parent__name")),
        ("agency", Agency.objects.values_list("pk", "name")),
        ("user", get_user_model().objects.values_list("pk", "first_name", "last_name")),
    ):
        for pk, *values in queryset:
            names[(kind, pk)] = tuple(values)
    return names
