"""Fixtures shared by the whole suite.

Tests use the real components: the real page tree, real files (made by the
fixture generator in casefiles.demo), the real permission layer. The task
backend is django-tasks' immediate backend unless a test asks for a worker,
and case files go to a temporary folder.
"""

import datetime
import logging
import os

import pytest
from django.contrib.auth import get_user_model

from casefiles import tree
from casefiles.models import Cause, Court, add_member, ensure_agency
from casefiles.roles import Role

# Every task, page and extraction logs a line at INFO; formatting and capturing
# them costs the suite about a tenth of its time. A failing test still shows
# warnings and errors, and LOG_LEVEL=INFO (read by the settings) brings the rest.
if "LOG_LEVEL" not in os.environ:
    logging.getLogger().setLevel(logging.WARNING)


@pytest.fixture(scope="session")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


def settings_for_tests(settings, media_root):
    """The settings every test runs with (a dict, for ``override_settings`` too)."""
    return {
        "TASKS": {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": settings.TASK_QUEUES}
        },
        # Extraction is tested in tests/ocr; elsewhere uploads need not wait for it.
        "OCR_ON_UPLOAD": False,
        "MEDIA_ROOT": media_root,
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "casefiles": {
                "BACKEND": "casefiles.storage.PrivateFileSystemStorage",
                "OPTIONS": {"location": str(media_root / "private")},
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "LANGUAGE_CODE": "zh-hans",
        "SEARCH_BACKEND": "embedded",
    }


@pytest.fixture(autouse=True)
def _test_settings(settings, media_root):
    for name, value in settings_for_tests(settings, media_root).items():
        setattr(settings, name, value)


class World:
    """Agencies, users of every role, a court, and helpers to make case files."""

    PASSWORD = "correct horse battery staple"

    def __init__(self):
        User = get_user_model()
        self.gov = ensure_agency("临江区人民政府", "government", fonds_code="J001")
        self.justice = ensure_agency("临江区司法局", "justice_bureau", parent=self.gov, fonds_code="J012")
        self.land = ensure_agency("临江区自然资源和规划局", "department", parent=self.gov, fonds_code="J023")
        self.market = ensure_agency("临江区市场监督管理局", "department", parent=self.gov, fonds_code="J031")
        self.street = ensure_agency("临江区城关街道办事处", "subdistrict", parent=self.gov, fonds_code="J045")
        self.court = Court.objects.create(name="明川市临江区人民法院", level="basic", code="鲁1503")
        self.court2 = Court.objects.create(name="明川市中级人民法院", level="intermediate", code="鲁15")
        self.cause = Cause.objects.get(name="征收或者征用房屋")
        self.users = {}
        for username, agency, role in [
            ("officer_land", self.land, Role.OFFICER),
            ("officer_market", self.market, Role.OFFICER),
            ("head_land", self.land, Role.HEAD),
            ("archivist_land", self.land, Role.ARCHIVIST),
            ("supervisor", self.justice, Role.SUPERVISOR),
            ("evaluator", self.justice, Role.EVALUATOR),
        ]:
            user = User.objects.create_user(username, password=self.PASSWORD, first_name=username)
            add_member(agency, user, role)
            self.users[username] = user
        self.users["nobody"] = User.objects.create_user("nobody", password=self.PASSWORD)
        self.users["admin"] = User.objects.create_superuser("admin", password=self.PASSWORD)
        self._numbers = 0

    def user(self, name):
        return self.users[name]

    def case_file(self, handling_unit=None, defendant=None, library_agency=None, **fields):
        """A published case file; by default handled by the land bureau and defended by it."""
        handling_unit = handling_unit or self.land
        defendant = defendant or handling_unit
        library = tree.ensure_library(library_agency or defendant)
        self._numbers += 1
        values = {
            "title": f"张某诉{defendant.name}房屋征收案{self._numbers}",
            "case_number": f"（2024）鲁1503行初{self._numbers}号",
            "court": self.court,
            "instance": "first",
            "cause": self.cause,
            "handling_unit": handling_unit,
            "date_received": datetime.date(2024, 3, 1),
        }
        values.update(fields)
        return tree.create_case_file(
            library,
            parties=[
                {"role": "plaintiff", "kind": "person", "name": "张某"},
                {"role": "defendant", "kind": "agency", "agency": defendant},
            ],
            **values,
        )


@pytest.fixture
def world(db):
    return World()


def pytest_addoption(parser):
    parser.addoption(
        "--only-database-tests",
        action="store_true",
        help="Run only the tests that use the database (CI's second database: the others answered on the first).",
    )


def uses_database(item):
    """Does the test touch the database (pytest-django's marker, or a fixture that needs it)?"""
    fixtures = getattr(item, "fixturenames", ())
    return (
        bool(item.get_closest_marker("django_db")) or "_django_db_helper" in fixtures or "django_db_setup" in fixtures
    )


def pytest_collection_modifyitems(config, items):
    if config.getoption("--only-database-tests"):
        kept = [item for item in items if uses_database(item)]
        config.hook.pytest_deselected(items=[item for item in items if not uses_database(item)])
        items[:] = kept

    # A transactional test flushes the database afterwards, and with it the data
    # migrations made (causes, Wagtail's root page); serialized_rollback brings
    # that back for the next one. One transactional test without it breaks the
    # ones after it, so none may leave it out.
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(f"{item.nodeid}: transactional tests need serialized_rollback=True")


# Figures tests measure (relevance, say), printed at the end of the run.
FIGURES = []


def report_figure(line):
    FIGURES.append(line)


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
