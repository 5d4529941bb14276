"""The indexed case files' values kept in memory: kept while the index is unchanged, never stale after it changes."""

import pytest
from django.db import connection, transaction

from search import api, case_table
from search.backends import get_backend
from search.models import IndexedCase, IndexGeneration

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case_files = [world.case_file(), world.case_file()]
    assert IndexedCase.objects.count() == 2
    return case_files


def token():
    return IndexGeneration.objects.get().token


def years(user):
    [facet] = [facet for facet in api.search(user).facets if facet.name == "year"]
    return {value.value: value.count for value in facet.values}


def test_every_change_to_the_indexed_case_files_renews_the_token(indexed):
    seen = [token()]
    IndexedCase.objects.filter(pk=indexed[0].pk).update(year=2030)
    seen.append(token())
    get_backend().remove(indexed[1].pk)
    seen.append(token())
    assert len(set(seen)) == 3


def test_the_table_is_kept_while_the_index_is_unchanged(indexed):
    engine = get_backend().engine
    table = case_table.current(engine)
    assert case_table.current(engine) is table
    assert set(table.rows) == {case_file.pk for case_file in indexed}


def test_a_change_written_elsewhere_shows_in_the_next_search(world, indexed):
    supervisor = world.user("supervisor")
    assert years(supervisor) == {2024: 2}
    # As another process's index task would write it: straight into the table.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_indexedcase SET year = 2021 WHERE case_file_id = %s", [indexed[0].pk])
    assert years(supervisor) == {2021: 1, 2024: 1}


def test_a_rolled_back_change_leaves_no_stale_values(world, indexed):
    supervisor = world.user("supervisor")
    before = token()
    with transaction.atomic():
        IndexedCase.objects.filter(pk=indexed[0].pk).update(year=2030)
        assert years(supervisor) == {2030: 1, 2024: 1}
        transaction.set_rollback(True)
    assert token() == before
    assert years(supervisor) == {2024: 2}
