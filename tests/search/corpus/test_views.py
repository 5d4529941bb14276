"""The admin search page and the document page viewer, through Django's test client."""

import io
import re
from urllib.parse import parse_qs, urlparse

import pytest
from PIL import Image

from search import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client, search_corpus):
    def login(name):
        client.force_login(search_corpus.world.user(name))
        return client

    return login


def hit_ids(response):
    return [int(value) for value in re.findall(r'data-case-file="(\d+)"', response.content.decode())]


def test_the_search_page_lists_what_the_api_finds(as_user, search_corpus):
    client = as_user("supervisor")
    response = client.get("/admin/search/", {"q": "征收"})
    assert response.status_code == 200
    expected = api.search(search_corpus.world.user("supervisor"), text="征收")
    assert hit_ids(response) == [hit.case_file_id for hit in expected.hits]
    html = response.content.decode()
    assert "<mark>征收</mark>" in html
    assert 'data-facet="year"' in html and 'class="anjuan-facet__count"' in html


def test_a_snippet_links_to_its_page_with_the_words_marked(as_user, search_corpus):
    client = as_user("supervisor")
    html = client.get("/admin/search/", {"q": "驳回原告"}).content.decode()
    links = re.findall(r'href="(/admin/search/documents/\d+/pages/\d+/\?q=[^"]+)"', html)
    assert links
    page = client.get(links[0].replace("&amp;", "&"))
    assert page.status_code == 200
    body = page.content.decode()
    assert re.search(r"<mark>驳\s*回\s*原\s*告</mark>", body)
    image_url = re.search(r'<img src="([^"]+image\.png)"', body).group(1)
    image = client.get(image_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).width == 1200


def test_facet_links_filter_and_clear(as_user):
    client = as_user("supervisor")
    html = client.get("/admin/search/", {"q": "法院"}).content.decode()
    year_section = html[html.index('data-facet="year"') :]
    link = re.search(r'<a href="([^"]+)"', year_section).group(1).replace("&amp;", "&")
    params = parse_qs(urlparse(link).query)
    assert params["q"] == ["法院"] and len(params["year"]) == 1
    filtered = client.get(link)
    assert 0 < len(hit_ids(filtered)) < len(hit_ids(client.get("/admin/search/", {"q": "法院", "per_page": 100})))
    assert 'aria-pressed="true"' in filtered.content.decode()


def test_an_officer_sees_only_their_case_files(as_user, search_corpus):
    officer = search_corpus.world.user("officer_market")
    client = as_user("officer_market")
    shown = hit_ids(client.get("/admin/search/", {"q": "", "per_page": 100}))
    from casefiles import access

    allowed = {case_file.pk for case_file in search_corpus.case_files if access.can(officer, access.VIEW, case_file)}
    assert set(shown) == allowed and len(allowed) < len(search_corpus.case_files)


def test_an_empty_result_suggests_what_to_loosen(as_user):
    client = as_user("supervisor")
    html = client.get("/admin/search/", {"q": "征收 飞机"}).content.decode()
    assert hit_ids(client.get("/admin/search/", {"q": "征收 飞机"})) == []
    suggestion = re.search(r'<ul class="anjuan-search__suggestions">\s*<li><a href="([^"]+)"', html)
    assert suggestion, html[:2000]
    assert hit_ids(client.get(suggestion.group(1).replace("&amp;", "&")))


@pytest.mark.parametrize(
    "text",
    ['"', "*", ":", "()", "NEAR(征收 驳回)", "AND OR -", "'; DROP TABLE search_indexedpage; --", "法院" * 5000],
)
def test_bad_input_gives_a_page_not_an_error(as_user, text):
    response = as_user("supervisor").get("/admin/search/", {"q": text})
    assert response.status_code == 200


def test_forged_parameters_are_explained(as_user):
    response = as_user("supervisor").get(
        "/admin/search/", {"q": "法院", "year": "x'; --", "page": "-3", "sort": "evil"}
    )
    assert response.status_code == 200
    assert response.content.decode().count("anjuan-search__notice") == 2


def test_pages_of_results(as_user):
    client = as_user("supervisor")
    first = client.get("/admin/search/", {"q": "法院", "per_page": 5})
    second = client.get("/admin/search/", {"q": "法院", "per_page": 5, "page": 2})
    assert len(hit_ids(first)) == 5 and len(hit_ids(second)) == 5
    assert not set(hit_ids(first)) & set(hit_ids(second))
    assert 'rel="next"' in first.content.decode()


def test_a_document_page_is_hidden_from_those_who_may_not_view_it(as_user, client, search_corpus):
    officer = search_corpus.world.user("officer_market")
    from casefiles import access
    from casefiles.models import CaseDocument

    hidden = next(
        document
        for document in CaseDocument.objects.all()
        if not access.can(officer, access.VIEW, document.case_file_id)
    )
    as_user("officer_market")
    for url in (
        f"/admin/search/documents/{hidden.pk}/pages/1/",
        f"/admin/search/documents/{hidden.pk}/pages/1/image.png",
    ):
        assert client.get(url).status_code == 404
    client.logout()
    response = client.get(f"/admin/search/documents/{hidden.pk}/pages/1/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_page_numbers_out_of_range_are_not_found(as_user):
    from casefiles.models import CaseDocument

    document = CaseDocument.objects.order_by("pk").first()
    client = as_user("supervisor")
    for number in (0, document.page_count + 1, 999999):
        assert client.get(f"/admin/search/documents/{document.pk}/pages/{number}/").status_code == 404
    assert client.get("/admin/search/documents/99999999/pages/1/").status_code == 404


def test_the_sidebar_search_box_searches_case_files(as_user):
    html = as_user("officer_land").get("/admin/").content.decode()
    assert "/admin/search/" in html
