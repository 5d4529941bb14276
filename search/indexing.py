"""Keeping the search index current: what to index, and when.

Every change that alters what a case file's search document holds (see
:mod:`search.documents`) schedules :func:`search.tasks.index_case_file` for
it once the change commits. The task reads the case file as it is then, so
tasks may run in any order and any number of times: the last one leaves the
index as the database is.
"""

import logging

from django.db import transaction

from search import documents
from search.backends import get_backend

logger = logging.getLogger(__name__)


def index_case_file(case_file_id):
    """Bring the index in line with the case file now: (re)index it, or remove it when it is not live."""
    backend = get_backend()
    document = documents.build(case_file_id)
    if document is None:
        backend.remove(case_file_id)
        return False
    backend.index(document)
    return True


def schedule(case_file_id):
    """Index the case file once the current transaction commits (once, however often this is called)."""
    from search.tasks import index_case_file as task

    if case_file_id is None:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        getattr(callback, "case_file_id", None) == case_file_id and not callback.ran
        for _ids, callback, _robust in connection.run_on_commit
    ):
        return

    def enqueue():
        enqueue.ran = True
        task.enqueue(case_file_id)

    enqueue.case_file_id = case_file_id
    enqueue.ran = False
    transaction.on_commit(enqueue)


def case_files_showing(model_label, pk):
    """Ids of the live case files whose search document shows the name of this court, cause, agency or user."""
    from django.db.models import Q

    from casefiles.models import CaseFile

    condition = {
        "casefiles.court": Q(court_id=pk),
        "casefiles.cause": Q(cause_id=pk) | Q(cause__parent_id=pk),
        "casefiles.agency": Q(handling_unit_id=pk) | Q(parties__agency_id=pk),
        "auth.user": Q(officer_id=pk),
    }[model_label]
    return list(CaseFile.objects.filter(condition, live=True).values_list("pk", flat=True).distinct())


def stale(case_file_ids=None):
    """(to index, to remove).

    To index: live case files whose index entry is missing or out of date; to remove:
    entries of no live case file.
    """
    current = documents.signatures(case_file_ids)
    indexed = get_backend().indexed_signatures()
    if case_file_ids is not None:
        wanted = set(case_file_ids)
        indexed = {key: value for key, value in indexed.items() if key in wanted}
    to_index = sorted(
        case_file_id for case_file_id, signature in current.items() if indexed.get(case_file_id) != signature
    )
    to_remove = sorted(set(indexed) - set(current))
    return to_index, to_remove
