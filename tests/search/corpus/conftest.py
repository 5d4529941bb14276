"""The tests that search the corpus: built once for the whole package.

Building it (30 case files, their files stored, their text extracted and
indexed) is the slow part of the search tests, so every module here shares
one build. The package's tests run inside the transaction that holds it,
each in a savepoint of its own, and the transaction is rolled back when the
package ends, so nothing outside sees the corpus.
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from tests.conftest import settings_for_tests
from tests.search.conftest import build_corpus


@pytest.fixture(scope="package")
def search_corpus(django_db_setup, django_db_blocker, corpus_specs, corpus_files, media_root):
    """The corpus, built once for the package; its tests run inside the transaction that holds it."""
    with django_db_blocker.unblock(), override_settings(**settings_for_tests(settings, media_root)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_corpus(corpus_specs, corpus_files)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
