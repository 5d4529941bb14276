"""Archivists archiving at the same time get unique, gap-free item numbers (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from archive import workflow
from archive.models import ArchivalCode, ChecklistItem
from tests.archive.test_codes import judged

THREADS = 6


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises every write, so row locks (SELECT … FOR UPDATE) are not exercised",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_archiving_gives_unique_gap_free_numbers(world):
    ChecklistItem.objects.update(active=False)  # numbering is under test, not completeness
    archivist = world.user("archivist_land")
    submissions = []
    for _ in range(THREADS):
        submission = workflow.submit(judged(world), world.user("officer_land"))
        submissions.append(workflow.start_review(submission, archivist))

    barrier = threading.Barrier(THREADS)
    errors = []

    def approve(submission):
        try:
            barrier.wait(timeout=30)
            workflow.approve(submission, archivist, "D10")
        except Exception as e:  # reported below
            errors.append(e)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=approve, args=(s,)) for s in submissions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    numbers = sorted(ArchivalCode.objects.filter(fonds="J023", year=2024).values_list("item_number", flat=True))
    assert numbers == list(range(1, THREADS + 1))
    assert len(set(ArchivalCode.objects.values_list("code", flat=True))) == THREADS
