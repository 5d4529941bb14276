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


def test_compacting_again_and_again_keeps_the_index_readable():
    # Each compaction of a growing table adds levels to FTS5's structure record; SQLite 3.40 reads 2,000 of
    # them as malformed. Rows straight into the tables, two between compactions, make it grow.
    from search.backends import sqlite

    engine = get_backend().engine
    tables = (sqlite.CASE_TABLE, sqlite.GROUP_TABLE, sqlite.PAGE_TABLE)
    columns = {table: "body" for table in tables} | {sqlite.CASE_TABLE: "meta"}
    with connection.cursor() as cursor:
        for number in range(1300):
            for table, column in columns.items():
                for rowid in (2 * number + 1, 2 * number + 2):
                    cursor.execute(f"INSERT INTO {table} (rowid, {column}) VALUES (%s, %s)", [rowid, f"征收 w{rowid}"])
            engine.compact()
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH %s", ['"征收"'])
            assert cursor.fetchone()[0] == 2600
    assert IndexGeneration.objects.get().compactions < sqlite.REBUILD_EVERY
