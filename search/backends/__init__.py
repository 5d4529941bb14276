"""The search backend Anjuan uses, chosen by the SEARCH_BACKEND setting."""

from django.conf import settings
from django.utils.module_loading import import_string

BACKENDS = {
    "embedded": "search.backends.embedded.EmbeddedBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}

_backend = None
_backend_name = None


def get_backend():
    """The configured backend (one instance per process)."""
    global _backend, _backend_name
    if _backend is None or _backend_name != settings.SEARCH_BACKEND:
        _backend = import_string(BACKENDS[settings.SEARCH_BACKEND])()
        _backend_name = settings.SEARCH_BACKEND
    return _backend
