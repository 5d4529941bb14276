"""The Elasticsearch backend.

Without a server: the mapping and analyzers, the documents written for real
case files and grants, the request bodies searches send (words, phrases, case
numbers, AND/NOT/OR, filters and facets, order, pages, permissions), and how a
response Elasticsearch sends becomes results.

With a server (``ELASTICSEARCH_URL`` set and answering): the same hits and
misses as the embedded backend over the corpus (the tests of
``test_search.py``, run again here), permissions, the analyzers' tokens, and a
rebuild behind the alias.
"""

import datetime
import io
import re
import uuid

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser, Group
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from casefiles import access, case_numbers
from casefiles.models import CaseDocument
from casefiles.models.documents import store_document
from ocr import runs
from search import api, documents, groups, indexing
from search.backends import get_backend
from search.backends.base import FILTERS, MAX_PER_PAGE, SearchRequest
from search.backends.elasticsearch import (
    FACET_FIELDS,
    MAX_INNER_HITS,
    MAX_RESULT_WINDOW,
    NUMBER_BOOST,
    PHRASE_BOOST,
    ElasticsearchBackend,
    acl_filter,
    choose_analyzer,
    count_body,
    document_body,
    index_settings,
    mapping,
    query_body,
    results_from_response,
)
from search.query import parse
from tests import files
from tests.conftest import settings_for_tests
from tests.search.conftest import build_corpus
from tests.search.corpus import test_search

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 6, 1, 9, 0))


def walk(node):
    """Every dict inside a request body."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def found(body, kind):
    """The bodies of every ``kind`` query (match_phrase, terms, …) in a request body."""
    return [node[kind] for node in walk(body) if kind in node and isinstance(node[kind], dict)]


def phrases(body, field):
    """(text, slop) of every phrase query on ``field`` in a request body."""
    return [(spec[field]["query"], spec[field]["slop"]) for spec in found(body, "match_phrase") if field in spec]


def named(body, name):
    """The bodies of the queries named ``name``."""
    return [node for node in walk(body) if node.get("_name") == name]


def body_for(user, text="", **fields):
    return query_body(user, SearchRequest(text=text, **fields), NOW)


# --- The index --------------------------------------------------------------------------------


def test_the_main_analyzer_is_smartcn_when_the_server_has_its_plugin():
    # The plugin list is what Elasticsearch's _cat/plugins answers.
    assert choose_analyzer("auto", ["analysis-smartcn", "repository-s3"]) == "smartcn"
    assert choose_analyzer("auto", []) == "cjk"
    assert choose_analyzer("auto", ["analysis-icu"]) == "cjk"
    assert choose_analyzer("cjk", ["analysis-smartcn"]) == "cjk"
    assert choose_analyzer("smartcn", []) == "smartcn"


@pytest.mark.parametrize("analyzer", ["smartcn", "cjk"])
def test_every_text_has_the_main_analyzer_and_the_two_searching_subfields(analyzer):
    properties = mapping(analyzer)["properties"]
    for text in (properties["meta"], properties["pages"]["properties"]["text"]):
        assert text["type"] == "text" and text["analyzer"] == analyzer
        assert text["fields"]["cjk"]["analyzer"] == "anjuan_bigram"
        assert text["fields"]["chars"]["analyzer"] == "anjuan_chars"
        # Offsets in the postings: the unified highlighter marks exactly what matched.
        assert {text["index_options"], text["fields"]["cjk"]["index_options"]} == {"offsets"}
        assert text["fields"]["chars"]["index_options"] == "offsets"


def test_pages_and_expiring_grants_are_nested_and_every_filter_has_its_field():
    properties = mapping("cjk")["properties"]
    pages = properties["pages"]
    assert pages["type"] == "nested"
    assert pages["properties"]["group"]["type"] == "keyword"
    assert {pages["properties"][name]["type"] for name in ("document_id", "page_text_id")} == {"long"}
    assert {pages["properties"][name]["type"] for name in ("position", "number")} == {"integer"}
    assert properties["acl"]["type"] == "keyword"
    expiring = properties["acl_expiring"]
    assert expiring["type"] == "nested"
    assert expiring["properties"] == {"principal": {"type": "keyword"}, "until": {"type": "date"}}
    assert {spec.name for spec in FILTERS} == set(FACET_FIELDS)
    for field in [*FACET_FIELDS.values(), "cause_parent_id", "case_number", "case_number_key", "signature", "date"]:
        assert field in properties, field
    assert properties["case_number_key"]["type"] == "keyword"
    assert mapping("cjk")["dynamic"] == "strict"


def test_the_analyzers_make_pieces_as_the_embedded_index_does():
    index = index_settings()
    analysis = index["analysis"]
    bigram, chars = analysis["analyzer"]["anjuan_bigram"], analysis["analyzer"]["anjuan_chars"]
    assert bigram["tokenizer"] == chars["tokenizer"] == "standard"
    assert bigram["filter"] == ["cjk_width", "lowercase", "cjk_bigram"]
    assert "cjk_bigram" not in chars["filter"]
    assert bigram["char_filter"] == chars["char_filter"] == ["anjuan_layout", "anjuan_word_breaks"]
    # The layout filter's pattern (Java syntax, which Python's re reads the same way here) joins
    # Chinese runs across line ends and spaces, and nothing else.
    layout = analysis["char_filter"]["anjuan_layout"]
    joined = re.sub(layout["pattern"], layout["replacement"], "房屋征\n收 决定\u3000书 pdf 12\n号 a b")
    assert joined == "房屋征收决定书 pdf 12\n号 a b"
    # Punctuation inside a Latin word or number separates it, one character for one.
    breaks = analysis["char_filter"]["anjuan_word_breaks"]["mappings"]
    assert all(rule.endswith(" => \\u0020") and len(rule.split(" => ")[0]) == 1 for rule in breaks)
    assert {rule[0] for rule in breaks} >= {".", ",", "_", "'", ":"}
    assert index["max_result_window"] >= MAX_RESULT_WINDOW
    assert index["max_inner_result_window"] == MAX_INNER_HITS


# --- Documents -----------------------------------------------------------------------------------


def mapped(body, properties):
    """Is every field of ``body`` in the (strict) mapping?"""
    for name, value in body.items():
        assert name in properties, name
        inner = properties[name].get("properties")
        if inner is not None:
            for item in value if isinstance(value, list) else [value]:
                mapped(item, inner)


def test_a_document_splits_its_viewers_into_permanent_and_expiring(world):
    case_file = world.case_file()
    evaluator = world.user("evaluator")
    reviewers = Group.objects.create(name="reviewers")
    until = timezone.now() + datetime.timedelta(days=7)
    access.grant(case_file, access.VIEW, user=evaluator, until=until, by=world.user("supervisor"))
    access.grant(case_file, access.VIEW, group=reviewers, by=world.user("supervisor"))
    body = document_body(documents.build(case_file.pk))

    land_groups = {f"group:{pk}" for pk in world.user("officer_land").groups.values_list("pk", flat=True)}
    assert land_groups and land_groups <= set(body["acl"])
    assert f"group:{reviewers.pk}" in body["acl"]
    assert f"user:{evaluator.pk}" not in body["acl"]
    assert body["acl_expiring"] == [{"principal": f"user:{evaluator.pk}", "until": until.isoformat()}]
    market_groups = {f"group:{pk}" for pk in world.user("officer_market").groups.values_list("pk", flat=True)}
    assert not market_groups & set(body["acl"])
    mapped(body, mapping("cjk")["properties"])


def test_a_document_holds_the_details_line_by_line_and_every_page(world):
    case_file = world.case_file(date_received=datetime.date(2024, 5, 6))
    document = store_document(case_file, io.BytesIO(files.text_pdf()), "行政起诉状.pdf")
    runs.start(document.pk)  # the immediate task backend extracts the text layer now
    body = document_body(documents.build(case_file.pk))

    assert body["case_file_id"] == case_file.pk
    assert body["case_number_key"] == case_numbers.normalize(case_file.case_number)
    assert case_file.case_number in body["meta"] and case_file.title in body["meta"]
    assert all(line.strip() and "\n" not in line for line in body["meta"])
    assert body["year"] == 2024 and body["date"] == "2024-05-06"
    assert body["archived"] is False and body["result"] is None and body["outcome"] == "pending"
    assert body["defendant_ids"] == [world.land.pk]
    assert body["groups"] == [groups.META, groups.OTHER]
    (page,) = body["pages"]
    assert page["position"] == 1 and page["number"] == 1 and page["group"] == groups.OTHER
    assert page["document_id"] == document.pk and page["page_text_id"]
    assert "房屋征收决定" in re.sub(r"\s+", "", page["text"])
    mapped(body, mapping("smartcn")["properties"])


# --- Request bodies: words ------------------------------------------------------------------------


@pytest.fixture
def supervisor(request):
    world = request.getfixturevalue("search_corpus" if "search_corpus" in request.fixturenames else "world")
    return getattr(world, "world", world).user("supervisor")


def test_a_two_character_word_is_one_piece_in_details_and_pages(supervisor):
    body = body_for(supervisor, "法院")
    assert ("法院", 0) in phrases(body["query"], "meta.cjk")
    assert ("法院", 0) in phrases(body["query"], "pages.text.cjk")
    # Matching is the pieces' business; the main analyzer only adds to the score.
    words = [spec for spec in found(body["query"], "match") if "pages.text" in spec]
    assert words and words[0]["pages.text"] == {"query": "法院", "operator": "and"}
    assert not named(body, "number") and not named(body, "exact:0")


def test_a_phrase_whole_ranks_above_its_pieces_near_each_other(supervisor):
    body = body_for(supervisor, "房屋征收决定")
    query = parse("房屋征收决定")
    (term,) = query.terms
    loose = [slop for text, slop in phrases(body["query"], "pages.text.cjk") if text == "房屋征收决定" and slop]
    assert loose and loose[0] >= len(term.tokens)
    (whole,) = named(body, "exact:0")
    assert ("房屋征收决定", 0) in phrases(whole, "pages.text.cjk")
    boosts = [spec["boost"] for spec in found(body["query"], "constant_score") if "boost" in spec]
    assert PHRASE_BOOST in boosts


@pytest.mark.parametrize("text", ["征", "2024年", "鲁1503行"])
def test_words_with_a_lone_character_are_searched_character_by_character(supervisor, text):
    body = body_for(supervisor, text)
    assert phrases(body["query"], "pages.text.chars") and phrases(body["query"], "meta.chars")
    assert not [spec for spec in found(body["query"], "match_phrase") if "pages.text.cjk" in spec]


@pytest.mark.parametrize("style", ["〔{y}〕{rest}", "[{y}]{rest}", "（{y}）{rest}", "【{y}】{rest}", "({y}){rest}"])
def test_a_case_number_in_any_style_puts_its_case_file_first(supervisor, style):
    body = body_for(supervisor, style.format(y=2024, rest="鲁1503行初12号"))
    (number,) = named(body, "number")
    assert number["filter"] == {"terms": {"case_number_key": [case_numbers.normalize("（2024）鲁1503行初12号")]}}
    assert number["boost"] == NUMBER_BOOST


def test_and_not_or(supervisor):
    both = body_for(supervisor, "征收 驳回")
    (clause,) = named(both, "clause:0")
    assert len(clause["must"]) == 2 and not clause.get("must_not")

    without = body_for(supervisor, "征收 -驳回")
    (clause,) = named(without, "clause:0")
    assert len(clause["must"]) == 1
    assert ("驳回", 0) in phrases(clause["must_not"], "pages.text.cjk")
    assert not [text for text, _slop in phrases(clause["must"], "pages.text.cjk") if text == "驳回"]
    assert named(body_for(supervisor, "征收 NOT 驳回"), "clause:0")[0]["must_not"]

    either = body_for(supervisor, "拆除 OR 许可")
    (best,) = found(either["query"], "dis_max")
    assert [query["bool"]["_name"] for query in best["queries"]] == ["clause:0", "clause:1"]


def test_no_words_match_everything_and_ask_for_no_pages(supervisor):
    body = body_for(supervisor, "")
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert not found(body, "nested") and "highlight" not in body
    assert body["aggs"]["facet:doc_type"]["aggs"]["values"] == {"terms": {"field": "groups", "size": 1000}}


# --- Request bodies: filters, facets, order, pages ---------------------------------------------------


def test_filters_apply_after_the_facets_each_facet_counting_without_its_own(supervisor, world):
    filters = {"year": (2024,), "court": (world.court.pk,), "doc_type": ("judgment",), "cause": (world.cause.pk,)}
    body = body_for(supervisor, "驳回", filters=filters)
    post = body["post_filter"]["bool"]["filter"]
    assert {"terms": {"year": [2024]}} in post and {"terms": {"court_id": [world.court.pk]}} in post
    causes = [spec for spec in found(post, "terms") if "cause_parent_id" in spec]
    assert causes == [{"cause_parent_id": [world.cause.pk]}]  # a parent cause finds its children
    for spec in FILTERS:
        facet = body["aggs"][f"facet:{spec.name}"]
        scope = facet["filter"]
        assert ({"terms": {"year": [2024]}} in found(scope, "bool")[0].get("filter", [])) == (spec.name != "year")
        if spec.name == "doc_type":
            assert set(facet["aggs"]["values"]["filters"]["filters"]) == set(groups.KEYS)
        else:
            assert facet["aggs"]["values"]["terms"]["field"] == FACET_FIELDS[spec.name]
    # The document type narrows to matches inside that kind of document, and shows only its pages.
    (judgment,) = [node for node in walk(post) if {"term": {"pages.group": "judgment"}} in node.get("filter", [])]
    assert ("驳回", 0) in phrases(judgment, "pages.text.cjk")
    (inner,) = [node["nested"] for node in walk(body["query"]) if "inner_hits" in node.get("nested", {})]
    assert {"terms": {"pages.group": ["judgment"]}} in inner["query"]["bool"]["filter"]


def test_archived_filters_by_a_boolean(supervisor):
    body = body_for(supervisor, "", filters={"archived": ("yes",)})
    assert body["post_filter"]["bool"]["filter"] == [{"terms": {"archived": [True]}}]
    assert body["aggs"]["facet:archived"]["filter"] == {"match_all": {}}


def test_sort_by_relevance_or_date(supervisor):
    relevance = body_for(supervisor, "法院")["sort"]
    assert relevance[0] == {"_score": {"order": "desc"}}
    date = body_for(supervisor, "法院", sort="date")["sort"]
    assert date[0] == {"date": {"order": "desc", "missing": "_last"}}
    assert date[-1] == relevance[-1] == {"case_file_id": {"order": "desc"}}


def test_pages_of_results(supervisor):
    body = body_for(supervisor, "法院", page=3, per_page=7)
    assert (body["from"], body["size"], body["track_total_hits"]) == (14, 7, True)
    huge = body_for(supervisor, "法院", page=10**6, per_page=10**6)
    assert huge["size"] == MAX_PER_PAGE and huge["from"] + huge["size"] <= MAX_RESULT_WINDOW


def test_best_pages_come_highlighted_and_escaped(supervisor):
    body = body_for(supervisor, "征收", pages_per_hit=5)
    (inner,) = [node["nested"]["inner_hits"] for node in walk(body["query"]) if "inner_hits" in node.get("nested", {})]
    assert inner["size"] == 5 and inner["_source"] is False
    assert {"pages.group", "pages.document_id", "pages.number"} <= set(inner["docvalue_fields"])
    for highlight in (inner["highlight"], body["highlight"]):
        assert highlight["type"] == "unified" and highlight["encoder"] == "html"
        assert highlight["pre_tags"] == ["<mark>"] and highlight["post_tags"] == ["</mark>"]
    assert set(inner["highlight"]["fields"]) == {"pages.text.chars", "pages.text.cjk"}
    assert set(body["highlight"]["fields"]) == {"meta.chars", "meta.cjk"}
    every = body_for(supervisor, "征收", pages_per_hit=10**6)
    assert [node["nested"]["inner_hits"]["size"] for node in walk(every) if "inner_hits" in node.get("nested", {})] == [
        MAX_INNER_HITS
    ]


def test_a_list_without_facets_or_pages_asks_for_neither(supervisor):
    body = body_for(supervisor, "征收", filters={"year": (2024,)}, facets=False, pages_per_hit=0)
    assert not [node for node in walk(body["query"]) if "inner_hits" in node.get("nested", {})]
    # Only the selected filter's count stays: an empty result's suggestions say what dropping it would find.
    assert set(body["aggs"]) == {"facet:year"}
    assert "aggs" not in body_for(supervisor, "征收", facets=False)
    assert body["post_filter"]["bool"]["filter"] == [{"terms": {"year": [2024]}}]


# --- Request bodies: permissions ---------------------------------------------------------------------


def acl_of(body):
    return [node for node in walk(body) if "acl" in node.get("terms", {})]


def test_who_sees_every_case_file_is_not_filtered(world):
    for name in ("supervisor", "admin"):
        user = world.user(name)
        assert acl_filter(user, NOW) is None
        assert not acl_of(body_for(user, "法院")) and not found(body_for(user, "法院"), "match_none")


def test_a_user_sees_what_they_or_their_groups_were_granted(world):
    officer = world.user("officer_land")
    principals = access.principals(officer)
    assert any(name.startswith("group:") for name in principals)
    for body in (body_for(officer, "法院"), count_body(officer, SearchRequest(text="法院"), NOW)):
        (terms,) = acl_of(body)
        assert terms["terms"]["acl"] == principals
        (expiring,) = [node["nested"] for node in walk(body) if node.get("nested", {}).get("path") == "acl_expiring"]
        rules = expiring["query"]["bool"]["filter"]
        assert {"terms": {"acl_expiring.principal": principals}} in rules
        assert {"range": {"acl_expiring.until": {"gt": NOW.isoformat()}}} in rules
        # In the query itself, so totals, facets, hits and suggestions all respect it.
        assert body["query"]["bool"]["filter"][0] == acl_filter(officer, NOW)


def test_inactive_and_anonymous_users_see_nothing(world):
    officer = world.user("officer_land")
    officer.is_active = False
    for user in (officer, AnonymousUser(), None):
        assert acl_filter(user, NOW) == {"match_none": {}}
        assert body_for(user, "法院")["query"]["bool"]["filter"][0] == {"match_none": {}}


# --- Responses ------------------------------------------------------------------------------------


def test_a_response_becomes_hits_pages_and_facets(world, supervisor):
    case_file, other = world.case_file(), world.case_file(handling_unit=world.market)
    document = store_document(case_file, io.BytesIO(files.text_pdf()), "行政判决书.pdf")
    request = SearchRequest(text="房屋征收决定 （2024）鲁1503行初1号", filters={"year": (2023,)}, pages_per_hit=2)
    query = parse(request.text)
    # As Elasticsearch answers query_body(): named queries, inner hits with doc values, highlights, aggregations.
    response = {
        "hits": {
            "total": {"value": 2, "relation": "eq"},
            "hits": [
                {
                    "_id": str(other.pk),
                    "_score": NUMBER_BOOST + 3.5,
                    "matched_queries": ["number"],
                    "highlight": {"meta.cjk": ["<mark>2024</mark>鲁1503行初1号"]},
                },
                {
                    "_id": str(case_file.pk),
                    "_score": PHRASE_BOOST + 7.25,
                    "matched_queries": ["clause:0", "exact:0", "group:judgment", "group:meta", "meta:0"],
                    "highlight": {"meta.chars": ["张某诉<mark>房屋</mark><mark>征收决定</mark>案 &lt;1&gt;"]},
                    "inner_hits": {
                        "pages": {
                            "hits": {
                                "hits": [
                                    {
                                        "_score": 22.0,
                                        "fields": {
                                            "pages.position": [2],
                                            "pages.group": ["judgment"],
                                            "pages.document_id": [document.pk],
                                            "pages.number": [2],
                                        },
                                        "highlight": {
                                            "pages.text.chars": ["撤销\n被告的<mark>房屋征收决定</mark>。"],
                                            "pages.text.cjk": ["not used when the exact one is there"],
                                        },
                                    },
                                    {
                                        "_score": 10.0,
                                        "fields": {
                                            "pages.position": [1],
                                            "pages.group": ["judgment"],
                                            "pages.document_id": [document.pk],
                                            "pages.number": [1],
                                        },
                                        "highlight": {"pages.text.cjk": ["<mark>房屋</mark>及<mark>征收</mark>"]},
                                    },
                                ]
                            }
                        }
                    },
                },
            ],
        },
        "aggregations": {
            "facet:year": {"doc_count": 5, "values": {"buckets": [{"key": 2024, "doc_count": 5}]}},
            "facet:court": {"doc_count": 2, "values": {"buckets": [{"key": world.court.pk, "doc_count": 2}]}},
            "facet:archived": {
                "doc_count": 2,
                "values": {"buckets": [{"key": 0, "key_as_string": "false", "doc_count": 2}]},
            },
            "facet:doc_type": {
                "doc_count": 2,
                "values": {
                    "buckets": {"meta": {"doc_count": 2}, "judgment": {"doc_count": 1}, "other": {"doc_count": 0}}
                },
            },
        },
    }
    results = results_from_response(request, query, response, ["a notice"])
    assert results.backend == "elasticsearch" and results.total == 2 and results.notices == ["a notice"]
    first, second = results.hits
    assert (first.case_file_id, first.tier, first.groups, first.score) == (other.pk, "number", ["meta"], 3.5)
    assert first.case_file == other
    assert [page.is_details for page in first.pages] == [True]
    assert (second.tier, second.groups, second.score) == ("phrase", ["meta", "judgment"], 7.25)
    # The page holding the phrase whole, the details (one term), then the page with its pieces.
    assert [(page.group, page.number) for page in second.pages] == [("judgment", 2), ("meta", None)]
    assert second.pages[0].document_id == document.pk and second.pages[0].document_title == document.title
    assert str(second.pages[0].snippets[0]) == "撤销 被告的<mark>房屋征收决定</mark>。"
    assert str(second.pages[1].snippets[0]) == "张某诉<mark>房屋征收决定</mark>案 &lt;1&gt;"
    facets = results.facets_by_name
    assert [(value.value, value.count, value.selected) for value in facets["year"].values] == [
        (2024, 5, False),
        (2023, 0, True),
    ]
    assert [(value.value, value.label, value.count) for value in facets["court"].values] == [
        (world.court.pk, world.court.name, 2)
    ]
    assert [(value.value, value.count) for value in facets["archived"].values] == [("no", 2)]
    assert [(value.value, value.count) for value in facets["doc_type"].values] == [("meta", 2), ("judgment", 1)]

    # No best pages of other kinds when a document type is chosen.
    judgments = SearchRequest(text=request.text, filters={"doc_type": ("judgment",)}, pages_per_hit=5)
    narrowed = results_from_response(judgments, query, response)
    assert {page.group for page in narrowed.hits[1].pages} == {"judgment"}
    assert len(narrowed.hits[1].pages) == 2


# --- The backend without a server ----------------------------------------------------------------


def test_the_backend_is_chosen_by_the_setting(settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    backend = get_backend()
    assert isinstance(backend, ElasticsearchBackend) and backend.name == "elasticsearch"
    settings.ELASTICSEARCH_URL = None
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        backend.client  # noqa: B018


def test_a_search_says_so_when_elasticsearch_does_not_answer(settings, supervisor):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.ELASTICSEARCH_TIMEOUT = 2
    results = api.search(supervisor, text="法院")
    assert results.total == 0 and not results.hits and not results.suggestions
    assert results.notices and results.backend == "elasticsearch"


# --- With a server -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def elasticsearch_server():
    """The Elasticsearch of ELASTICSEARCH_URL, or the test is skipped."""
    from elasticsearch import Elasticsearch

    url = django_settings.ELASTICSEARCH_URL
    reason = "ELASTICSEARCH_URL does not answer"
    if not url:
        pytest.skip(f"{reason} (it is not set)")
    client = Elasticsearch(url, request_timeout=5)
    try:
        client.info()
    except Exception as error:  # noqa: BLE001 — any failure means no server to test against
        pytest.skip(f"{reason} ({url}: {type(error).__name__})")
    return client


def _delete_indexes(client, alias):
    # By name: Elasticsearch 8 refuses to delete indexes by wildcard.
    for name in client.options(ignore_status=404).indices.get(index=f"{alias}-*").body:
        client.options(ignore_status=404).indices.delete(index=name)


@pytest.fixture(scope="module")
def corpus_alias(elasticsearch_server):
    alias = f"anjuan-test-{uuid.uuid4().hex[:12]}"
    yield alias
    _delete_indexes(elasticsearch_server, alias)


@pytest.fixture
def es_alias(elasticsearch_server, _test_settings, settings):
    """A fresh alias of this test's own, searched through the Elasticsearch backend."""
    alias = f"anjuan-test-{uuid.uuid4().hex[:12]}"
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_INDEX = alias
    yield alias
    _delete_indexes(elasticsearch_server, alias)


@pytest.fixture(scope="module")
def search_corpus(
    elasticsearch_server, corpus_alias, django_db_setup, django_db_blocker, corpus_specs, corpus_files, media_root
):
    """The corpus of test_search.py, indexed in Elasticsearch under this module's alias."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            **{
                **settings_for_tests(django_settings, media_root),
                "SEARCH_BACKEND": "elasticsearch",
                "ELASTICSEARCH_INDEX": corpus_alias,
            }
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            corpus = build_corpus(corpus_specs, corpus_files)
            get_backend().refresh()
            yield corpus
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _search_the_corpus_in_elasticsearch(request, _test_settings, settings):
    if "search_corpus" in request.fixturenames:
        settings.SEARCH_BACKEND = "elasticsearch"
        settings.ELASTICSEARCH_INDEX = request.getfixturevalue("corpus_alias")


# Every hit-and-miss table of the embedded backend's tests, against Elasticsearch.
for _name in dir(test_search):
    if _name.startswith("test_"):
        globals()[_name] = getattr(test_search, _name)


def search_ids(user, text="", **fields):
    return {hit.case_file_id for hit in api.search(user, text=text, per_page=100, **fields).hits}


def test_the_analyzers_tokenize_chinese_and_latin_as_the_embedded_index(es_alias, world, elasticsearch_server):
    case_file = world.case_file()
    indexing.index_case_file(case_file.pk)  # creates the first index behind the alias
    backend = get_backend()

    def tokens(analyzer, text):
        answer = elasticsearch_server.indices.analyze(index=es_alias, analyzer=analyzer, text=text)
        return [token["token"] for token in answer["tokens"]]

    assert tokens("anjuan_bigram", "人民法院") == ["人民", "民法", "法院"]
    assert "征收" in tokens("anjuan_bigram", "房屋征\n收决定")
    assert tokens("anjuan_bigram", "ＰＤＦ 2024.12，1,503") == ["pdf", "2024", "12", "1", "503"]
    assert tokens("anjuan_chars", "征收2024年") == ["征", "收", "2024", "年"]
    plugins = [row["component"] for row in elasticsearch_server.cat.plugins(format="json")]
    expected = choose_analyzer(django_settings.ELASTICSEARCH_ANALYZER, plugins)
    assert backend.status()["analyzer"] == expected


def test_a_user_finds_only_what_they_may_view(es_alias, world):
    land = world.case_file(title="张某诉临江区自然资源和规划局房屋征收决定案")
    market = world.case_file(handling_unit=world.market, title="李某诉临江区市场监督管理局行政处罚案")
    for case_file in (land, market):
        indexing.index_case_file(case_file.pk)
    backend = get_backend()
    backend.refresh()
    assert search_ids(world.user("supervisor"), "临江区") == {land.pk, market.pk}
    assert search_ids(world.user("officer_land"), "临江区") == {land.pk}
    assert search_ids(world.user("officer_market"), "临江区") == {market.pk}
    assert search_ids(world.user("evaluator"), "临江区") == set()
    results = api.search(world.user("officer_land"), text="")
    assert results.total == 1
    assert sum(value.count for value in results.facets_by_name["handling_unit"].values) == 1
    assert api.count(world.user("officer_market"), SearchRequest(text="房屋征收决定")) == 0
    # An empty result's suggestions count only what the user may view.
    narrowed = api.search(world.user("officer_market"), text="临江区", filters={"year": [2021]})
    assert narrowed.total == 0 and all(s.count <= 1 for s in narrowed.suggestions)
    officer = world.user("officer_land")
    officer.is_active = False
    assert search_ids(officer, "") == set()


def test_a_grant_with_an_end_shows_the_case_file_until_it_ends(es_alias, world, elasticsearch_server):
    case_file = world.case_file()
    indexing.index_case_file(case_file.pk)
    evaluator = world.user("evaluator")
    backend = get_backend()
    backend.refresh()
    assert search_ids(evaluator) == set()
    until = timezone.now() + datetime.timedelta(hours=2)
    access.grant(case_file, access.VIEW, user=evaluator, until=until, by=world.user("supervisor"))
    access.forget(evaluator)
    backend.update_access(case_file.pk)  # the acl fields only
    backend.refresh()
    assert search_ids(evaluator) == {case_file.pk}
    later = timezone.now() + datetime.timedelta(hours=3)
    answer = elasticsearch_server.search(index=es_alias, body=query_body(evaluator, SearchRequest(), later))
    assert answer["hits"]["total"]["value"] == 0
    access.revoke(case_file, user=evaluator, by=world.user("supervisor"))
    access.forget(evaluator)
    backend.update_access(case_file.pk)
    backend.refresh()
    assert search_ids(evaluator) == set()


def test_a_rebuild_swaps_the_alias_while_searches_go_on(es_alias, world, elasticsearch_server):
    first, second = world.case_file(), world.case_file()
    backend = get_backend()
    backend.index(documents.build(first.pk))
    backend.refresh()
    (old,) = backend._live()
    supervisor = world.user("supervisor")
    assert search_ids(supervisor) == {first.pk}

    handle = backend.begin_rebuild()
    assert handle != old and backend.status()["rebuilding"] == handle
    backend.index(documents.build(first.pk), into=handle)
    backend.index(documents.build(second.pk))  # an ordinary write meanwhile: to both indexes
    backend.refresh()
    assert search_ids(supervisor) == {first.pk, second.pk}  # still the old index, kept current
    backend.end_rebuild(handle, keep=[first.pk])

    assert backend._live() == [handle]
    assert not elasticsearch_server.indices.exists(index=old)
    assert search_ids(supervisor) == {first.pk, second.pk}  # written meanwhile, so kept
    assert set(backend.indexed_signatures()) == {first.pk, second.pk}
    assert backend.status()["cases"] == 2 and "rebuilding" not in backend.status()

    abandoned = backend.begin_rebuild()
    backend.abandon_rebuild(abandoned)
    assert not elasticsearch_server.indices.exists(index=abandoned) and backend._live() == [handle]
    backend.remove(second.pk)
    backend.refresh()
    assert search_ids(supervisor) == {first.pk}


def test_document_titles_come_with_best_pages(es_alias, world):
    case_file = world.case_file()
    document = store_document(case_file, io.BytesIO(files.text_pdf()), "行政起诉状.pdf")
    runs.start(document.pk)
    indexing.index_case_file(case_file.pk)
    get_backend().refresh()
    (hit,) = api.search(world.user("supervisor"), text="房屋征收决定").hits
    pages = [page for page in hit.pages if not page.is_details]
    assert pages and pages[0].document_title == CaseDocument.objects.get().title
    assert "<mark>" in str(pages[0].snippets[0])
