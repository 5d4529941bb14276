"""SQLite: the full-text tables are compacted as case files are written, and searches find the same before and after."""

import pytest
from django.db import connection

from search import api
from search.backends import get_backend
from search.models import IndexGeneration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 tables are SQLite's")


def writes_since_compaction():
    return IndexGeneration.objects.get().written


def found(user, text):
    return sorted(hit.case_file_id for hit in api.search(user, text=text, per_page=100).hits)


def test_every_few_writes_compact_the_tables(world, django_capture_on_commit_callbacks, monkeypatch):
    from search.backends import sqlite

    monkeypatch.setattr(sqlite, "COMPACT_AFTER", 3)
    with django_capture_on_commit_callbacks(execute=True):
        case_files = [world.case_file() for _ in range(2)]
    assert writes_since_compaction() == 2
    supervisor = world.user("supervisor")
    before = found(supervisor, case_files[0].title)
    with django_capture_on_commit_callbacks(execute=True):
        case_files.append(world.case_file())
    assert writes_since_compaction() == 0  # the third write compacted the tables
    assert found(supervisor, case_files[0].title) == before
    assert found(supervisor, case_files[2].title)


def test_a_rebuild_ends_compacted(world, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        case_file = world.case_file()
    call_command("search_index", "rebuild", no_progress=True, verbosity=0)
    assert writes_since_compaction() == 0
    assert get_backend().status()["cases"] == 1
    assert found(world.user("supervisor"), case_file.title) == [case_file.pk]
