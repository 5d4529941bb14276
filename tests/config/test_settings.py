"""The settings module, driven by environment variables."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import Env

ROOT = Path(__file__).resolve().parents[2]


def settings_with(environ):
    """Load config.settings in a fresh interpreter with ``environ``; return a few values."""
    code = (
        "import json, django.conf as c; from config import settings as s; "
        "print(json.dumps({'db': s.DATABASES['default']['ENGINE'], 'tasks': s.TASKS['default']['BACKEND'], "
        "'hosts': s.ALLOWED_HOSTS, 'debug': s.DEBUG, 'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE, "
        "'ssl': s.SECURE_SSL_REDIRECT, 'private': str(s.PRIVATE_MEDIA_ROOT), 'media': str(s.MEDIA_ROOT)}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={"PATH": "/usr/bin:/bin", **environ}, capture_output=True, text=True
    )
    if result.returncode:
        raise AssertionError(result.stderr)
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_defaults(tmp_path):
    values = settings_with({"ANJUAN_VAR_DIR": str(tmp_path)})
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["tasks"] == "django_tasks_db.DatabaseBackend"
    assert values["lang"] == "zh-hans" and values["tz"] == "Asia/Shanghai"
    assert values["debug"] is False and values["ssl"] is False
    assert values["private"] == str(tmp_path / "private") and values["media"] == str(tmp_path / "media")
    # A secret key was generated and kept, readable by the owner only.
    key = tmp_path / "secret_key"
    assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"


def test_deployment_variables(tmp_path):
    values = settings_with(
        {
            "ANJUAN_VAR_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://u:p@db:5432/anjuan",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "anjuan.example.gov.cn, localhost",
            "TASKS_BACKEND": "rq",
            "SECURE_SSL": "1",
        }
    )
    assert values["db"] == "django.db.backends.postgresql"
    assert values["tasks"] == "django_tasks_rq.RQBackend"
    assert values["hosts"] == ["anjuan.example.gov.cn", "localhost"]
    assert values["ssl"] is True


def test_bad_values_are_refused_with_the_variable_named():
    with pytest.raises(ImproperlyConfigured, match="TASKS_BACKEND"):
        Env({"TASKS_BACKEND": "celery"}).choice("TASKS_BACKEND", ["db", "rq"], "db")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        Env({"DEBUG": "maybe"}).bool("DEBUG")
    with pytest.raises(ImproperlyConfigured, match="ANJUAN_MAX_UPLOAD_MB"):
        Env({"ANJUAN_MAX_UPLOAD_MB": "lots"}).int("ANJUAN_MAX_UPLOAD_MB")
