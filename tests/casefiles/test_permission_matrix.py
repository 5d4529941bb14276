"""The permission matrix: each role × each way in × (own case file, another unit's, none).

Generated from two tables: ACCESS says what each role holds on the two case
files, WAYS says what each way in must answer at each level of access. A new
view is a row in WAYS, a new role an entry in ACCESS.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casefiles import access, tree
from tests import files

# Levels of access a user may hold on a case file.
ANON = "anonymous"  # not logged in
NO_ADMIN = "no admin access"  # logged in, no Wagtail admin access at all
NONE = "none"  # admin access, nothing on this case file
VIEW = "view"
CHANGE = "change"
SHARE = "change and share"

# What a response may be.
SHOWN = "200 and shows the case"
ABSENT = "200 without the case"
FILE = "200 with the file's bytes"
OK = "200"
LOGIN = "redirect to login"
DENIED = "redirect to the dashboard (no permission)"
NOT_FOUND = "404"

# What each role holds on case A (handled by the land bureau) and case B (by
# the market bureau). Both lie in the district government's library.
ACCESS = {
    "anonymous": {"A": ANON, "B": ANON},
    "nobody": {"A": NO_ADMIN, "B": NO_ADMIN},
    "officer_land": {"A": CHANGE, "B": NONE},
    "officer_market": {"A": NONE, "B": CHANGE},
    "head_land": {"A": VIEW, "B": NONE},
    "archivist_land": {"A": VIEW, "B": NONE},
    "evaluator": {"A": NONE, "B": VIEW},  # granted by hand on B, until a date
    "supervisor": {"A": SHARE, "B": SHARE},
    "admin": {"A": SHARE, "B": SHARE},
}


def _same(anon, no_admin, none, view, change, share=None):
    return {ANON: anon, NO_ADMIN: no_admin, NONE: none, VIEW: view, CHANGE: change, SHARE: share or change}


# A way in that names the object in its URL.
DETAIL_READ = _same(LOGIN, NOT_FOUND, NOT_FOUND, SHOWN, SHOWN)
DETAIL_EDIT = _same(LOGIN, NOT_FOUND, NOT_FOUND, DENIED, SHOWN)
DETAIL_EDIT_OK = _same(LOGIN, NOT_FOUND, NOT_FOUND, DENIED, OK)
# A listing or search that may or may not include the object.
LISTING = _same(LOGIN, LOGIN, ABSENT, SHOWN, SHOWN)
LISTING_OF_CHANGEABLE = _same(LOGIN, LOGIN, {ABSENT, DENIED}, {DENIED, ABSENT}, SHOWN)

# name: (url of target t, expectations, method)
WAYS = {
    "explorer: the library's listing": (
        lambda t: f"/admin/pages/{t.library.pk}/",
        _same(LOGIN, NOT_FOUND, ABSENT, SHOWN, SHOWN),
    ),
    "explorer: the case file": (lambda t: f"/admin/pages/{t.case.pk}/", DETAIL_READ),
    "explorer: the case file's search": (lambda t: f"/admin/pages/{t.case.pk}/?q={t.marker}", DETAIL_READ),
    "edit the case file": (lambda t: f"/admin/pages/{t.case.pk}/edit/", DETAIL_EDIT),
    "edit a filing": (lambda t: f"/admin/pages/{t.filing.pk}/edit/", DETAIL_EDIT),
    "add a filing": (lambda t: f"/admin/pages/add/casefiles/filing/{t.case.pk}/", DETAIL_EDIT_OK),
    "preview (view draft)": (lambda t: f"/admin/pages/{t.case.pk}/view_draft/", DETAIL_EDIT),
    "page history": (lambda t: f"/admin/pages/{t.case.pk}/history/", DETAIL_EDIT),
    "page usage": (lambda t: f"/admin/pages/{t.filing.pk}/usage/", DETAIL_EDIT_OK),
    "revisions compare": (lambda t: f"/admin/pages/{t.case.pk}/revisions/compare/earliest...latest/", DETAIL_EDIT_OK),
    "page chooser: browse the library": (
        lambda t: f"/admin/choose-page/{t.library.pk}/",
        _same(LOGIN, NOT_FOUND, ABSENT, SHOWN, SHOWN),
    ),
    "page chooser: browse the case file": (lambda t: f"/admin/choose-page/{t.case.pk}/", DETAIL_READ),
    "page chooser: search": (lambda t: f"/admin/choose-page/search/?q={t.marker}", LISTING),
    "page chooser: chosen-multiple": (lambda t: f"/admin/choose-page/chosen-multiple/?id={t.case.pk}", DETAIL_READ),
    "document listing": (lambda t: "/admin/documents/", LISTING_OF_CHANGEABLE),
    "document listing search": (lambda t: f"/admin/documents/?q={t.marker}", LISTING_OF_CHANGEABLE),
    "document edit": (lambda t: f"/admin/documents/edit/{t.document.pk}/", DETAIL_EDIT),
    "document usage": (lambda t: f"/admin/documents/usage/{t.document.pk}/", DETAIL_EDIT_OK),
    "document delete": (lambda t: f"/admin/documents/delete/{t.document.pk}/", DETAIL_EDIT_OK),
    "document file URL": (lambda t: t.document.url, _same(LOGIN, NOT_FOUND, NOT_FOUND, FILE, FILE)),
    "document file URL, guessed name": (
        lambda t: f"/documents/{t.document.pk}/guess.pdf",
        _same(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ),
    "document earlier version": (
        lambda t: f"/admin/casefiles/documents/{t.document.pk}/versions/1/",
        _same(LOGIN, NOT_FOUND, NOT_FOUND, FILE, FILE),
    ),
    "document chooser": (lambda t: "/admin/documents/chooser/", LISTING),
    "document chooser search": (lambda t: f"/admin/documents/chooser/results/?q={t.marker}", LISTING),
    "document chooser: chosen": (lambda t: f"/admin/documents/chooser/chosen/{t.document.pk}/", DETAIL_READ),
    "document chooser: chosen-multiple": (
        lambda t: f"/admin/documents/chooser/chosen-multiple/?id={t.document.pk}",
        DETAIL_READ,
    ),
    "admin search (pages)": (lambda t: f"/admin/pages/search/?q={t.marker}", _same(LOGIN, LOGIN, ABSENT, SHOWN, SHOWN)),
    "admin API: the case file": (lambda t: f"/admin/api/main/pages/{t.case.pk}/", DETAIL_READ),
    "admin API: the library's children": (
        lambda t: f"/admin/api/main/pages/?child_of={t.library.pk}",
        _same(LOGIN, LOGIN, ABSENT, SHOWN, SHOWN),
    ),
    "admin API: documents": (lambda t: "/admin/api/main/documents/?fields=title", LISTING),
    "admin API: documents search": (lambda t: f"/admin/api/main/documents/?search={t.marker}&fields=title", LISTING),
    "admin API: a document": (lambda t: f"/admin/api/main/documents/{t.document.pk}/", DETAIL_READ),
    "case file overview": (lambda t: f"/admin/casefiles/{t.case.pk}/", DETAIL_READ),
    "sharing view": (lambda t: f"/admin/casefiles/{t.case.pk}/sharing/", DETAIL_READ),
    "bulk delete confirmation": (lambda t: f"/admin/bulk/wagtailcore/page/delete/?id={t.case.pk}", DETAIL_READ),
    "bulk document delete confirmation": (
        lambda t: f"/admin/bulk/casefiles/casedocument/delete/?id={t.document.pk}",
        DETAIL_READ,
    ),
    "site history report": (lambda t: "/admin/reports/site-history/", _same(LOGIN, LOGIN, ABSENT, SHOWN, SHOWN)),
    # The home page's deadline panel lists the open deadlines of the case files one may view (both cases'
    # deadlines are long overdue), and of no other.
    "dashboard": (lambda t: "/admin/", LISTING),
}

# Ways that change something: (url, form data, expectations).
WRITES = {
    "save the case file": (
        lambda t: f"/admin/pages/{t.case.pk}/edit/",
        lambda t: {"title": "x"},
        _same(LOGIN, NOT_FOUND, NOT_FOUND, DENIED, OK, OK),
    ),
    "grant access": (
        lambda t: f"/admin/casefiles/{t.case.pk}/sharing/",
        lambda t: {"action": "grant", "group": t.group.pk, "level": "view_casefile"},
        _same(LOGIN, NOT_FOUND, NOT_FOUND, DENIED, DENIED, OK),
    ),
    "delete a document": (
        lambda t: f"/admin/documents/delete/{t.document.pk}/",
        lambda t: {},
        _same(LOGIN, NOT_FOUND, NOT_FOUND, DENIED, OK),
    ),
}


class Target:
    """A case file with a filing and a document, all titled with a search word and a witness.

    Ways in search for ``marker``; a response shows the case when it holds
    ``witness``, a different word of the same titles, so that a query echoed
    back in the page does not count as a hit.
    """

    def __init__(self, world, marker, handling_unit, number):
        self.marker = marker
        self.witness = f"{marker}Z"
        self.case = world.case_file(
            handling_unit=handling_unit,
            defendant=world.gov,
            title=f"{marker} {self.witness} 张某诉临江区人民政府案",
            case_number=f"（2024）鲁1503行初{number}号",
        )
        self.library = self.case.get_parent()
        self.filing = tree.add_filing(
            self.case,
            title=f"{marker} {self.witness} 起诉状",
            filing_type="complaint",
            files=[(f"{marker}.pdf", files.text_pdf(marker), f"{marker} {self.witness} 起诉状扫描件")],
        )
        self.document = self.case.documents.get()
        self.file_bytes = self.document.file.open("rb").read()
        self.document.file.close()
        # An earlier version, so the version URL has something to serve.
        import io

        from casefiles.models.documents import replace_document_file

        replace_document_file(self.document, io.BytesIO(files.text_pdf(marker + "v2")), f"{marker}.pdf")
        self.document.refresh_from_db()
        self.version_bytes = self.file_bytes
        self.file_bytes = self.document.file.open("rb").read()
        self.document.file.close()
        self.group = world.land.role_group("head")


def classify(response, target, way):
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login")):
            return LOGIN
        if location == reverse("wagtailadmin_home"):
            return DENIED
        return f"redirect to {location}"
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 200:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if "version" in way:
            return FILE if body == target.version_bytes else "200 with other bytes"
        if way.startswith("document file"):
            return FILE if body == target.file_bytes else "200 with other bytes"
        if target.witness.encode() in body:
            return SHOWN
        return ABSENT
    return f"status {response.status_code}"


def matches(outcome, expected):
    if isinstance(expected, set):
        return outcome in expected
    if expected == OK:
        return outcome in (OK, SHOWN, ABSENT)
    return outcome == expected


@pytest.fixture
def targets(world):
    a = Target(world, "ALPHA7", world.land, 101)
    b = Target(world, "BRAVO7", world.market, 102)
    until = timezone.now() + datetime.timedelta(days=7)
    access.grant(b.case, access.VIEW, user=world.user("evaluator"), until=until, reason="2026年案卷评查")
    return {"A": a, "B": b}


def _client(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


@pytest.mark.parametrize("role", list(ACCESS))
def test_reading(role, world, targets, client, subtests):
    client = _client(client, world, role)
    for way, (url, expectations) in WAYS.items():
        for relation, target in targets.items():
            level = ACCESS[role][relation]
            with subtests.test(way=way, case=relation, level=level):
                outcome = classify(client.get(url(target)), target, way)
                assert matches(outcome, expectations[level]), f"{role} · {way} · case {relation}: {outcome}"


MISSING_ID = 987654


# A guessed id may get any answer that shows nothing: 404, Wagtail's
# no-permission redirect, an empty result, or the API's 400 for a missing parent.
SAFE_FOR_MISSING = {NOT_FOUND, DENIED, ABSENT, "status 400"}


@pytest.mark.parametrize("role", list(ACCESS))
def test_guessed_ids_find_nothing(role, world, targets, client, subtests):
    """Every way in that names an object, with an id that does not exist."""

    class Missing:
        marker = witness = "NOSUCH"
        case = filing = library = document = type(
            "Obj", (), {"pk": MISSING_ID, "url": f"/documents/{MISSING_ID}/x.pdf"}
        )()

    client = _client(client, world, role)
    for way, (url, _expectations) in WAYS.items():
        path = url(Missing)
        if str(MISSING_ID) not in path:
            continue
        with subtests.test(way=way):
            outcome = classify(client.get(path), Missing, way)
            public = way.startswith("document file URL")
            if role in ("anonymous", "nobody") and not public:
                assert outcome == LOGIN, f"{role} · {way}: {outcome}"
            else:
                assert outcome in SAFE_FOR_MISSING, f"{role} · {way}: {outcome}"


@pytest.mark.parametrize("role", list(ACCESS))
def test_writing(role, world, targets, client, subtests):
    client = _client(client, world, role)
    for way, (url, data, expectations) in WRITES.items():
        target = targets["B" if role in ("officer_market", "evaluator") else "A"]
        level = ACCESS[role]["B" if role in ("officer_market", "evaluator") else "A"]
        with subtests.test(way=way, level=level):
            outcome = classify(client.post(url(target), data(target)), target, way)
            assert matches(outcome, expectations[level]) or (
                expectations[level] == OK and outcome.startswith("redirect to")
            ), f"{role} · {way}: {outcome}"
