"""Building the case-file page tree from code: libraries, case files and their documents.

Used by the demo seed, the tests and imports. Every page is saved as a
revision and published, as the editor would, so its history is complete.
"""

import io

from django.db import transaction
from wagtail.models import Page

from casefiles.models import (
    CaseFile,
    CaseLibrary,
    EvidenceItem,
    EvidenceList,
    Filing,
    Judgment,
    Party,
)
from casefiles.models.documents import store_document


def _publish(parent, page, user=None):
    parent.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    page.refresh_from_db()
    return page


def ensure_library(agency, user=None):
    """The case library of ``agency``, created under the tree root if missing."""
    library = CaseLibrary.objects.filter(agency=agency).first()
    if library is not None:
        return library
    root = Page.get_first_root_node()
    return _publish(root, CaseLibrary(title=agency.name, agency=agency), user)


@transaction.atomic
def create_case_file(library, *, parties, user=None, **fields):
    """Create and publish a case file in ``library``.

    ``parties`` is a list of dicts with role, kind, and name and/or agency.
    ``fields`` are CaseFile fields (title, case_number, court, instance, cause,
    handling_unit, date_received, officer, status). Raises ValidationError when
    the case number is malformed or already used at that court.
    """
    case_file = CaseFile(**fields)
    for order, party in enumerate(parties):
        case_file.parties.add(Party(sort_order=order, **party))
    # Slugs, paths and uniqueness are settled when the page is added under its parent.
    case_file.full_clean(exclude=["path", "depth", "url_path", "slug"], validate_unique=False)
    return _publish(library, case_file, user)


def _attach(page, files, user):
    return [
        store_document(page.case_file, io.BytesIO(data), filename, user=user, page=page, title=title)
        for filename, data, title in _normalise_files(files)
    ]


def _normalise_files(files):
    for entry in files or ():
        if len(entry) == 2:
            filename, data = entry
            yield filename, data, ""
        else:
            yield entry


@transaction.atomic
def add_filing(case_file, *, files=(), user=None, **fields):
    """Add a filing (诉讼文书) with its files: ``files`` are (filename, bytes[, title]) tuples."""
    filing = _publish(case_file, Filing(**fields), user)
    _attach(filing, files, user)
    return filing


@transaction.atomic
def add_judgment(case_file, *, files=(), user=None, **fields):
    judgment = Judgment(**fields)
    judgment.full_clean(exclude=["path", "depth", "url_path", "slug"], validate_unique=False)
    judgment = _publish(case_file, judgment, user)
    _attach(judgment, files, user)
    return judgment


@transaction.atomic
def add_evidence_list(case_file, *, items, files=(), user=None, **fields):
    """Add an evidence list; each item dict may name ``file``: the index of its document in ``files``."""
    evidence_list = _publish(case_file, EvidenceList(**fields), user)
    documents = _attach(evidence_list, files, user)
    # The items point at the stored files, so they come in a second revision.
    for order, item in enumerate(items):
        item = dict(item)
        file_index = item.pop("file", None)
        evidence_list.items.add(
            EvidenceItem(
                sort_order=order,
                document=documents[file_index] if file_index is not None else None,
                **item,
            )
        )
    evidence_list.save_revision(user=user, log_action=True).publish(user=user)
    evidence_list.refresh_from_db()
    return evidence_list
