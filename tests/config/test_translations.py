"""Everything a user reads is translated into Chinese."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PROJECT = ["manage.py", "config", "templates", "locale", "pyproject.toml"]


def sources():
    """The project's own files that hold strings: its apps (as Django knows them) and the rest."""
    from django.apps import apps

    local_apps = [
        Path(app.path).relative_to(ROOT).parts[0] for app in apps.get_app_configs() if ROOT in Path(app.path).parents
    ]
    # A virtualenv inside the checkout (.venv) holds the installed apps: they are not the project's.
    return PROJECT + sorted({name for name in local_apps if not name.startswith(".")})


def statistics(po_file):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_the_catalogue_is_complete_and_valid():
    report = statistics(PO)
    assert "untranslated" not in report and "fuzzy" not in report, report


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    # Extract the strings again from a copy of the sources and check nothing new appears.
    for name in sources():
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "-v", "0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "ANJUAN_VAR_DIR": str(tmp_path / "var")},
    )
    assert result.returncode == 0, result.stderr
    report = statistics(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    assert "untranslated" not in report and "fuzzy" not in report, (
        f"Strings without a Chinese translation ({report.strip()}): run makemessages and translate them."
    )


@pytest.mark.django_db
def test_the_admin_speaks_chinese_and_english(client, world):
    world.case_file(handling_unit=world.land)
    client.force_login(world.user("officer_land"))
    assert "1 个案卷" in client.get("/admin/").content.decode()
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(world.user("officer_land"))
    profile.preferred_language = "en"
    profile.save()
    assert "1 case file" in client.get("/admin/").content.decode()
