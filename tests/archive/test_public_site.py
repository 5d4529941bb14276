"""The public typical-case site, for anonymous users: what it shows, what it finds, what it refuses."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from archive.typical import drafting
from tests.archive.typical import publish_through_review, redact_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(world, concluded):
    supervisor = world.user("supervisor")
    page = drafting.nominate(concluded, supervisor, "征收程序规范。").page
    redact_everything(page, supervisor)
    return publish_through_review(page, supervisor)


@pytest.fixture
def unpublished(world, closed_case):
    return drafting.nominate(closed_case(), world.user("supervisor"), "草稿").page


def test_home_library_and_case_pages_are_public(client, published):
    home = client.get("/")
    assert home.status_code == 200
    assert published.title in home.content.decode()
    listing = client.get("/cases/")
    assert listing.status_code == 200 and published.title in listing.content.decode()
    page = client.get(published.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert f"<title>{published.title}" in html
    assert '<meta name="description" content="' in html and '<html lang="zh-Hans">' in html
    assert "王建国" not in html and "13812345678" not in html
    assert "基本案情" in html and "典型意义" in html


def test_a_draft_is_not_public(client, unpublished, published):
    assert client.get(f"/cases/{unpublished.slug}/").status_code == 404
    assert unpublished.title not in client.get("/cases/").content.decode()


def test_search_finds_only_published_cases(client, published, unpublished):
    found = client.get("/cases/", {"q": "征收决定"}).content.decode()
    assert published.title in found and "<mark>" in found
    assert unpublished.title not in found
    # The draft's own texts are not searched; nor is the unredacted name anywhere.
    assert published.title not in client.get("/cases/", {"q": "王建国"}).content.decode()
    for query in ['" * : ( ) NEAR AND OR -', "x" * 10000, "'; DROP TABLE archive_nomination; --", ""]:
        assert client.get("/cases/", {"q": query}).status_code == 200


def test_filters(client, published):
    assert published.title in client.get("/cases/", {"year": "2024", "court_level": "basic"}).content.decode()
    assert published.title not in client.get("/cases/", {"year": "2019"}).content.decode()
    assert client.get("/cases/", {"year": "abc", "page": "999"}).status_code == 200


def test_the_atom_feed(client, published, unpublished):
    response = client.get("/cases/feed/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [
        entry.findtext("{http://www.w3.org/2005/Atom}title")
        for entry in feed.iter("{http://www.w3.org/2005/Atom}entry")
    ]
    assert titles == [published.title]


def test_the_sitemap_lists_public_pages_only(client, published, unpublished):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert published.url in body and "/cases/" in body
    assert unpublished.slug not in body and published.source_case_file.slug not in body
    assert (
        client.get(published.url).content.decode().count('rel="canonical" href="http://testserver' + published.url) == 1
    )


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _concrete(route, ids):
    """A path for a URL pattern, every parameter filled with an existing id or a plausible value."""
    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    route = re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids), route)
    route = re.sub(r"<(?:str|slug|path|uuid):(\w+)>", "1", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    route = re.sub(r"[\\^$?*+()\[\]]", "", route)
    return "/" + route


def test_anonymous_requests_to_every_internal_url_are_refused(client, published, unpublished, world):
    """Every URL pattern but the public pages, with real ids: never a 200 for an anonymous user."""
    case_file = published.source_case_file
    document = case_file.documents.first()
    public_prefixes = (
        "sitemap.xml",
        "_util/login",
        "_util/authenticate_with_password",
        "admin/sprite",
        "admin/login",
        "admin/password_reset",
        "admin/jsi18n",
        "documents/authenticate_with_password",
    )
    checked = 0
    for route in set(_patterns(get_resolver())):
        if route.startswith(public_prefixes) or route in ("", "^((?:[\\w\\-]+/)*)$"):
            continue
        for object_id in {case_file.pk, document.pk, unpublished.pk, 1}:
            path = _concrete(route, object_id)
            response = client.get(path)
            checked += 1
            assert response.status_code in (301, 302, 400, 401, 403, 404, 405), (path, response.status_code)
            if response.status_code in (301, 302):
                assert "/admin/login/" in response["Location"] or response["Location"].rstrip("/") == path.rstrip(
                    "/"
                ), path
    assert checked > 300
    # Guessed page paths: the case library tree has no public URL.
    for path in (case_file.url_path, f"/cases/{unpublished.slug}/", "/cases/feed/../../admin/", "/public/"):
        assert client.get(path).status_code in (301, 302, 404), path
