"""Reading settings from environment variables.

Every variable the settings read goes through :class:`Env`, which records its
name in :data:`READ`. The docker-compose test uses that record to prove that each
variable a deployment sets is one Anjuan actually reads.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

READ: dict[str, str] = {}
"""Name → one-line description of every environment variable read so far."""


class Env:
    def __init__(self, environ=None):
        self.environ = os.environ if environ is None else environ

    def _raw(self, name, doc):
        READ[name] = doc
        value = self.environ.get(name)
        return None if value is None or value.strip() == "" else value.strip()

    def str(self, name, default=None, *, doc=""):
        value = self._raw(name, doc)
        return default if value is None else value

    def bool(self, name, default=False, *, doc=""):
        value = self._raw(name, doc)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
        raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")

    def int(self, name, default=None, *, doc=""):
        value = self._raw(name, doc)
        if value is None:
            return default
        try:
            return int(value)
        except ValueError as e:
            raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from e

    def list(self, name, default=(), *, doc=""):
        value = self._raw(name, doc)
        if value is None:
            return list(default)
        return [item.strip() for item in value.split(",") if item.strip()]

    def path(self, name, default, *, doc=""):
        value = self._raw(name, doc)
        return Path(value) if value is not None else Path(default)

    def choice(self, name, choices, default, *, doc=""):
        value = self.str(name, default, doc=doc)
        if value not in choices:
            raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {value!r}")
        return value
