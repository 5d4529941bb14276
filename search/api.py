"""The one query API over case files: what the admin search page, the public
typical-case search and the API ask.

``search(user, text="征收", filters={"year": [2024]})`` gives the case files
``user`` may view that match, with their best pages, facet counts and, for an
empty result, what to loosen. See :class:`search.backends.base.SearchRequest`
for the filters and :class:`search.backends.base.SearchResults` for what comes
back.
"""

from search.backends import get_backend
from search.backends.base import FILTERS, SORTS, SearchRequest, SearchResults
from search.published import search_texts

__all__ = ["FILTERS", "SORTS", "SearchRequest", "SearchResults", "count", "search", "search_published"]


def _request(request, kwargs):
    if request is not None:
        return request
    filters = {name: tuple(values) for name, values in (kwargs.pop("filters", None) or {}).items() if values}
    return SearchRequest(filters=filters, **kwargs)


def search(user, request=None, *, problems=(), **kwargs):
    """Search as ``user``: a SearchRequest, or its fields as keyword arguments."""
    return get_backend().search(user, _request(request, kwargs), problems=problems)


def count(user, request=None, **kwargs):
    """How many case files the request finds for ``user``."""
    return get_backend().count(user, _request(request, kwargs))


def search_published(text, documents, snippet_field=None):
    """Search published texts (the public typical-case library): see :mod:`search.published`."""
    return search_texts(text, documents, snippet_field)
