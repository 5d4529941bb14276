"""The Elasticsearch backend: one document per case file, searched within permissions.

A case file is one Elasticsearch document: the values searches filter and
count by, its details (``meta``, a value per line), its pages (``pages``,
nested, one per page of text) and who may view it (``acl``: principals whose
access has no end; ``acl_expiring``: principals with an end date). Every
request carries the user's permissions as a filter, so totals, facet counts,
hits and suggestions only ever count case files the user may view.

Text is analysed three ways (see :func:`mapping`):

``text``
    the main analyzer: ``smartcn`` when the analysis-smartcn plugin is
    installed (it knows Chinese words), the built-in ``cjk`` otherwise. It only
    adds to the ranking.
``text.cjk``
    two-character pieces (人民法院 → 人民 民法 法院), the same pieces the embedded
    index keeps: a two-character word finds every page holding it, a longer
    word is its pieces in a row.
``text.chars``
    a token per Chinese character, for words with a single character in them
    (征, 2024年) and for exact highlights.

The last two join Chinese runs across line ends and spaces (layout, not
words) and break Latin words at punctuation, as :mod:`search.tokens` does, so
both backends find the same case files.

Searches go to an alias (``ELASTICSEARCH_INDEX``) of a versioned index
(``<alias>-<timestamp>``). A rebuild fills a new index behind a second alias
(``<alias>-building``) while searches go on against the old one; other writes
go to both meanwhile. Its end swaps the alias in one atomic call and deletes
the old index.

Everything that needs no server is a function of its arguments:
:func:`mapping`, :func:`index_settings`, :func:`document_body`,
:func:`acl_filter`, :func:`query_body`, :func:`count_body` and
:func:`results_from_response`.
"""

import logging
import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from elasticsearch import Elasticsearch, NotFoundError, TransportError, helpers
from elasticsearch.dsl import A, Mapping, Q, Search, analyzer, char_filter
from elasticsearch.dsl.field import Boolean, Date, Integer, Keyword, Long, Nested, Text

from search import groups, tokens
from search.backends.base import (
    FILTERS,
    FILTERS_BY_NAME,
    MAX_PAGE,
    MAX_PER_PAGE,
    CaseHit,
    Facet,
    FacetValue,
    PageHit,
    SearchResults,
    facet_labels,
    facet_order,
    suggestions,
)
from search.highlight import SNIPPET_AFTER, SNIPPET_BEFORE, SNIPPETS_PER_PAGE
from search.query import parse

logger = logging.getLogger(__name__)

# --- Analysis ------------------------------------------------------------------------

SMARTCN = "smartcn"
CJK = "cjk"
SMARTCN_PLUGIN = "analysis-smartcn"

# Spaces and line ends between Chinese characters are layout: dropped, so that
# a run of Chinese goes on across them (offsets still point into the text).
LAYOUT = char_filter(
    "anjuan_layout",
    "pattern_replace",
    pattern=rf"(?<=[{tokens.HAN}])[\s\u00a0\u3000]+(?=[{tokens.HAN}])",
    replacement="",
)
# Punctuation the standard tokenizer keeps inside a word (2024.12, 1,503, a_b)
# separates words here, as in search.tokens. One character for one: offsets hold.
WORD_BREAKS = char_filter(
    "anjuan_word_breaks",
    "mapping",
    mappings=[f"{mark} => \\u0020" for mark in ".,;:'’_·．，；：＇＿"],
)
BIGRAMS = analyzer(
    "anjuan_bigram",
    tokenizer="standard",
    char_filter=[LAYOUT, WORD_BREAKS],
    filter=["cjk_width", "lowercase", "cjk_bigram"],
)
CHARACTERS = analyzer(
    "anjuan_chars",
    tokenizer="standard",
    char_filter=[LAYOUT, WORD_BREAKS],
    filter=["cjk_width", "lowercase"],
)

# Subfields of every text field, and what they are for.
BIGRAM_FIELD = "cjk"  # two-character pieces: what matches
CHAR_FIELD = "chars"  # single characters: words with one in them, exact highlights
META = "meta"
PAGE_TEXT = "pages.text"

# --- Ranking ----------------------------------------------------------------------

# A case number's case file first, then case files holding a clause's every
# phrase whole, then the rest; relevance orders each tier.
NUMBER_BOOST = 1_000_000.0
PHRASE_BOOST = 10_000.0
# A phrase's pieces found near each other but not in a row: at most this many other tokens between.
NEAR_SLACK = 4
# Best pages: how many of the query's terms a text holds, then how many whole.
TERM_SCORE = 10.0
EXACT_SCORE = 1.0

# --- Limits -----------------------------------------------------------------------

MAX_RESULT_WINDOW = MAX_PAGE * MAX_PER_PAGE
MAX_INNER_HITS = 1000
MAX_PAGES_PER_CASE = 100_000
FACET_SIZE = 1000
BULK_DOCS = 200

FACET_FIELDS = {
    "year": "year",
    "cause": "cause_id",
    "court": "court_id",
    "instance": "instance",
    "handling_unit": "handling_unit_id",
    "defendant": "defendant_ids",
    "outcome": "outcome",
    "result": "result",
    "doc_type": "groups",
    "archived": "archived",
}

HIGHLIGHT = {
    "type": "unified",
    "encoder": "html",
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "fragment_size": SNIPPET_BEFORE + SNIPPET_AFTER,
    "number_of_fragments": SNIPPETS_PER_PAGE,
    "boundary_scanner": "sentence",
    "boundary_scanner_locale": "zh-CN",
    "no_match_size": 0,
}

EMPTY_RESPONSE = {"hits": {"total": {"value": 0}, "hits": []}, "aggregations": {}}


# --- Index ------------------------------------------------------------------------------


def choose_analyzer(setting, plugins):
    """The main Chinese analyzer: ``setting`` (auto, smartcn or cjk) and the server's plugin components."""
    if setting in (SMARTCN, CJK):
        return setting
    return SMARTCN if SMARTCN_PLUGIN in set(plugins) else CJK


def _text(main_analyzer):
    return Text(
        analyzer=main_analyzer,
        index_options="offsets",
        fields={
            BIGRAM_FIELD: Text(analyzer=BIGRAMS, index_options="offsets"),
            CHAR_FIELD: Text(analyzer=CHARACTERS, index_options="offsets"),
        },
    )


def mapping(main_analyzer):
    """The index's mappings, its text analysed by ``main_analyzer`` (smartcn or cjk) and the two searching subfields."""
    m = Mapping()
    m.meta("dynamic", "strict")
    for name in ("case_file_id", "cause_id", "cause_parent_id", "court_id", "handling_unit_id", "library_agency_id"):
        m.field(name, Long())
    m.field("defendant_ids", Long())
    m.field("year", Integer())
    for name in ("case_number", "case_number_key", "signature", "instance", "status", "outcome", "result", "groups"):
        m.field(name, Keyword())
    m.field("title", Text(analyzer=main_analyzer))
    m.field("archived", Boolean())
    m.field("date", Date())
    m.field(META, _text(main_analyzer))
    m.field(
        "pages",
        Nested(
            properties={
                "position": Integer(),
                "group": Keyword(),
                "document_id": Long(),
                "page_text_id": Long(),
                "number": Integer(),
                "text": _text(main_analyzer),
            }
        ),
    )
    m.field("acl", Keyword())
    m.field("acl_expiring", Nested(properties={"principal": Keyword(), "until": Date()}))
    return m.to_dict()


def index_settings():
    """The index's settings: one shard (stable scores), the limits pages of results need, the analyzers."""
    analysis = {}
    for custom in (BIGRAMS, CHARACTERS):
        for kind, definitions in custom.get_analysis_definition().items():
            analysis.setdefault(kind, {}).update(definitions)
    return {
        "number_of_shards": 1,
        "auto_expand_replicas": "0-1",
        "max_result_window": MAX_RESULT_WINDOW,
        "max_inner_result_window": MAX_INNER_HITS,
        "mapping": {"nested_objects": {"limit": MAX_PAGES_PER_CASE}},
        "analysis": analysis,
    }


def acl_fields(viewers):
    """The ``acl`` and ``acl_expiring`` fields of a case file's viewers ((principal, expires_at or None))."""
    permanent, expiring = [], []
    for principal, until in viewers:
        if until is None:
            permanent.append(principal)
        else:
            expiring.append({"principal": principal, "until": until.isoformat()})
    return {"acl": permanent, "acl_expiring": expiring}


def document_body(document):
    """The Elasticsearch document of a search document (search.documents.SearchDocument)."""
    body = {
        "case_file_id": document.case_file_id,
        "title": document.title,
        "case_number": document.case_number,
        "case_number_key": document.case_number_key,
        "signature": document.signature,
        "year": document.year,
        "cause_id": document.cause_id,
        "cause_parent_id": document.cause_parent_id,
        "court_id": document.court_id,
        "instance": document.instance,
        "handling_unit_id": document.handling_unit_id,
        "library_agency_id": document.library_agency_id,
        "defendant_ids": list(document.defendant_ids),
        "status": document.status,
        "archived": bool(document.archived),
        "outcome": document.outcome,
        "result": document.result or None,
        "date": document.date.isoformat() if document.date else None,
        "groups": [key for key in groups.KEYS if key in document.groups_present],
        META: [line for line in document.meta_text.split("\n") if line.strip()],
        "pages": [
            {
                "position": text.position,
                "group": text.group,
                "document_id": text.document_id,
                "page_text_id": text.page_text_id,
                "number": text.number,
                "text": text.text,
            }
            for text in document.texts
            if text.position > 0
        ],
    }
    body.update(acl_fields(document.viewers))
    return body


# --- Queries ------------------------------------------------------------------------------

EXACT = "exact"
LOOSE = "loose"


def acl_filter(user, now):
    """The filter of the case files ``user`` may view at ``now`` (a dict), or None when they may view all."""
    from casefiles import access

    if not (user is not None and user.is_authenticated and user.is_active):
        return Q("match_none").to_dict()
    if access.sees_every_case_file(user):
        return None
    names = access.principals(user)
    expiring = Q(
        "nested",
        path="acl_expiring",
        query=Q(
            "bool",
            filter=[
                Q("terms", **{"acl_expiring.principal": names}),
                Q("range", **{"acl_expiring.until": {"gt": now.isoformat()}}),
            ],
        ),
    )
    return Q("bool", should=[Q("terms", acl=names), expiring], minimum_should_match=1).to_dict()


def term_field(term):
    """The subfield a term is searched in: pieces, or characters when it holds a lone Chinese character."""
    lone = any(tokens.is_han(run) and len(run) == 1 for run in term.runs)
    return CHAR_FIELD if lone else BIGRAM_FIELD


def _analyzed(term):
    # Runs joined by spaces: the layout filter joins Chinese runs again, as query_tokens does.
    return " ".join(term.runs or (term.text,))


def _phrase(field, term, slop=0):
    return Q("match_phrase", **{field: {"query": _analyzed(term), "slop": slop}})


def _holds(path, term, form):
    """Does the text at ``path`` (meta or pages.text) hold ``term``: whole (EXACT), or its pieces near (LOOSE)?"""
    slop = len(term.tokens) + NEAR_SLACK if form == LOOSE and term.is_phrase else 0
    return _phrase(f"{path}.{term_field(term)}", term, slop)


def _scored(path, term, form):
    # The main analyzer's words add to the score; matching is the subfield's.
    words = Q("match", **{path: {"query": term.text, "operator": "and"}})
    return Q("bool", must=[_holds(path, term, form)], should=[words])


def _page_weights(query):
    functions = [
        {"filter": Q("term", **{"pages.group": group.key}).to_dict(), "weight": group.weight}
        for group in groups.GROUPS
        if group.key != groups.META and group.weight != 1
    ]
    if not functions:
        return query
    return Q("function_score", query=query, functions=functions, score_mode="max", boost_mode="multiply")


def _anywhere(term, form, scored=False):
    """Does the case file hold ``term`` in its details or any page?"""
    if scored:
        meta = Q("bool", must=[_scored(META, term, form)], boost=groups.BY_KEY[groups.META].weight)
        page = _page_weights(_scored(PAGE_TEXT, term, form))
        pages = Q("nested", path="pages", query=page, score_mode="max")
    else:
        meta = _holds(META, term, form)
        pages = Q("nested", path="pages", query=_holds(PAGE_TEXT, term, form), score_mode="none")
    return Q("bool", should=[meta, pages], minimum_should_match=1)


def clause_query(index, clause):
    """A clause: all its terms (phrases whole rank higher), none of its left-out words."""
    excluded = [_anywhere(term, EXACT) for term in clause.excluded]
    if not clause.terms:
        return Q("bool", filter=[Q("match_all")], must_not=excluded, _name=f"clause:{index}")
    if clause.has_phrase:
        whole = Q("bool", filter=[_anywhere(term, EXACT) for term in clause.terms], _name=f"exact:{index}")
    else:
        whole = Q("match_all")
    return Q(
        "bool",
        must=[_anywhere(term, LOOSE, scored=True) for term in clause.terms],
        must_not=excluded,
        should=[Q("constant_score", filter=whole, boost=PHRASE_BOOST)],
        _name=f"clause:{index}",
    )


def text_query(query):
    """What the query's words match: the best of its clauses, or its case numbers first."""
    if query.is_empty:
        return Q("match_all")
    options = []
    if query.case_numbers:
        numbers = Q("terms", case_number_key=list(query.case_numbers))
        options.append(Q("constant_score", filter=numbers, boost=NUMBER_BOOST, _name="number"))
    if query.clauses:
        options.append(
            Q("dis_max", queries=[clause_query(index, clause) for index, clause in enumerate(query.clauses)])
        )
    if len(options) == 1:
        return options[0]
    return Q("bool", should=options, minimum_should_match=1)


def _in_group(term, key):
    if key == groups.META:
        return _holds(META, term, LOOSE)
    return Q(
        "nested",
        path="pages",
        query=Q("bool", filter=[Q("term", **{"pages.group": key}), _holds(PAGE_TEXT, term, LOOSE)]),
        score_mode="none",
    )


def group_query(query, key):
    """Does the query match within the texts of one group on its own (or, without words, has the case file any)?"""
    options = []
    for clause in query.clauses:
        if clause.terms:
            options.append(Q("bool", filter=[_in_group(term, key) for term in clause.terms]))
        else:
            options.append(Q("term", groups=key))
    if key == groups.META and query.case_numbers:
        options.append(Q("terms", case_number_key=list(query.case_numbers)))
    if not options:
        return Q("term", groups=key)
    return Q("bool", should=options, minimum_should_match=1)


def filter_query(query, name, values):
    """The filter ``name`` set to any of ``values``."""
    values = list(values)
    if name == "doc_type":
        return Q("bool", should=[group_query(query, key) for key in values], minimum_should_match=1)
    if name == "cause":
        # A parent cause finds its children's case files too.
        causes = [Q("terms", cause_id=values), Q("terms", cause_parent_id=values)]
        return Q("bool", should=causes, minimum_should_match=1)
    if name == "archived":
        return Q("terms", archived=[value == "yes" for value in values])
    return Q("terms", **{FACET_FIELDS[name]: values})


def _selected(request):
    return {name: tuple(values) for name, values in request.filters.items() if name in FILTERS_BY_NAME and values}


def _facet_values(query, spec):
    if spec.name == "doc_type" and any(clause.terms for clause in query.clauses):
        return A("filters", filters={key: group_query(query, key) for key in groups.KEYS})
    return A("terms", field=FACET_FIELDS[spec.name], size=FACET_SIZE)


def _highlight_fields(path, query):
    whole = [_phrase(f"{path}.{CHAR_FIELD}", term) for term in query.terms]
    pieces = []
    for term in query.terms:
        last = len(term.tokens) - 1
        for position, token in enumerate(term.tokens):
            field = f"{path}.{BIGRAM_FIELD}"
            if not tokens.is_han(token) or len(token) > 1:
                pieces.append(Q("term", **{field: token}))
            elif term.prefix and position == last:
                pieces.append(Q("prefix", **{field: token}))
    fields = {f"{path}.{CHAR_FIELD}": {"highlight_query": Q("bool", should=whole).to_dict()}}
    if pieces:
        fields[f"{path}.{BIGRAM_FIELD}"] = {"highlight_query": Q("bool", should=pieces).to_dict()}
    return fields


def pages_query(query, request):
    """The pages that hold any of the query's terms, as inner hits: the best pages of each hit, highlighted."""
    terms = query.terms
    should = [Q("constant_score", filter=_holds(PAGE_TEXT, term, LOOSE), boost=TERM_SCORE) for term in terms]
    should += [Q("constant_score", filter=_holds(PAGE_TEXT, term, EXACT), boost=EXACT_SCORE) for term in terms]
    wanted = _selected(request).get("doc_type")
    page_filter = [Q("terms", **{"pages.group": list(wanted)})] if wanted else []
    size = max(1, min(request.pages_per_hit, MAX_INNER_HITS))
    inner_hits = {
        "name": "pages",
        "size": size,
        "_source": False,
        "docvalue_fields": ["pages.position", "pages.group", "pages.document_id", "pages.number"],
        "highlight": {**HIGHLIGHT, "fields": _highlight_fields(PAGE_TEXT, query)},
    }
    return Q(
        "nested",
        path="pages",
        query=Q("bool", should=should, filter=page_filter, minimum_should_match=1),
        score_mode="max",
        inner_hits=inner_hits,
    )


def _marks(query):
    """Named queries: where the query matched (groups, the case's details), for hits' groups and best pages."""
    named = []
    if any(clause.terms for clause in query.clauses):
        for key in groups.KEYS:
            named.append(Q("constant_score", filter=group_query(query, key), _name=f"group:{key}"))
    for index, term in enumerate(query.terms):
        named.append(Q("constant_score", filter=_holds(META, term, LOOSE), _name=f"meta:{index}"))
        named.append(Q("constant_score", filter=_holds(META, term, EXACT), _name=f"meta-exact:{index}"))
    return named


def _window(request):
    size = max(1, min(request.per_page, MAX_PER_PAGE))
    page = max(1, min(request.page, MAX_PAGE))
    return (page - 1) * size, size


def _sort(request):
    newest = {"date": {"order": "desc", "missing": "_last"}}
    latest_id = {"case_file_id": {"order": "desc"}}
    if request.sort == "date":
        return [newest, latest_id]
    return [{"_score": {"order": "desc"}}, newest, latest_id]


def query_body(user, request, now, query=None):
    """The search request body (a dict) of ``request`` for ``user`` at ``now``."""
    query = query if query is not None else parse(request.text)
    acl = acl_filter(user, now)
    filters = [Q(acl)] if acl else []
    extras = _marks(query) + ([pages_query(query, request)] if query.terms and request.pages_per_hit else [])
    if extras:
        # Optional clauses beside a filter match nothing and cost nothing while searching; Elasticsearch
        # still reports which of them match each hit (named queries) and fetches their inner hits.
        filters.append(Q("bool", filter=[Q("match_all")], should=extras))
    top = Q("bool", must=[text_query(query)], filter=filters)
    start, size = _window(request)
    search = Search().query(top).source(False).sort(*_sort(request))
    search = search.extra(track_total_hits=True, track_scores=True, size=size, **{"from": start})
    selected = _selected(request)
    if selected:
        search = search.post_filter(
            Q("bool", filter=[filter_query(query, name, values) for name, values in selected.items()])
        )
    # Facets, and the counts without each selected filter that suggestions for an empty result read.
    counted = FILTERS if request.facets else [spec for spec in FILTERS if spec.name in selected]
    for spec in counted:
        others = [filter_query(query, name, values) for name, values in selected.items() if name != spec.name]
        scope = Q("bool", filter=others) if others else Q("match_all")
        facet = search.aggs.bucket(f"facet:{spec.name}", "filter", filter=scope)
        facet.bucket("values", _facet_values(query, spec))
    if query.terms:
        for field, options in _highlight_fields(META, query).items():
            search = search.highlight(field, **options)
        search = search.highlight_options(**HIGHLIGHT)
    return search.to_dict()


def count_body(user, request, now, query=None):
    """The count request body (a dict): how many case files ``request`` finds for ``user``."""
    query = query if query is not None else parse(request.text)
    acl = acl_filter(user, now)
    filters = [Q(acl)] if acl else []
    filters += [filter_query(query, name, values) for name, values in _selected(request).items()]
    return {"query": Q("bool", must=[text_query(query)], filter=filters).to_dict()}


# --- Results -----------------------------------------------------------------------------


def _matched(hit):
    matched = hit.get("matched_queries") or ()
    return set(matched.keys() if isinstance(matched, dict) else matched)


def tier_of(query, matched):
    """A hit's tier from its matched named queries."""
    if "number" in matched:
        return "number"
    tier = "all"
    for index, clause in enumerate(query.clauses):
        if f"clause:{index}" not in matched or not clause.terms:
            continue
        if not clause.has_phrase or f"exact:{index}" in matched:
            return "phrase"
        tier = "words"
    return tier


def _snippets(highlight, path):
    fragments = highlight.get(f"{path}.{CHAR_FIELD}") or highlight.get(f"{path}.{BIGRAM_FIELD}") or []
    # Adjacent marks are one match (a phrase's characters, overlapping pieces).
    return [mark_safe(" ".join(fragment.split()).replace("</mark><mark>", "")) for fragment in fragments]


def _first(fields, name):
    values = fields.get(name) or [None]
    return values[0]


def _page_entries(query, hit, request, matched):
    """(score, position, group, snippets, document id, number) of the texts of a hit worth showing."""
    entries = []
    wanted = _selected(request).get("doc_type")
    if not wanted or groups.META in wanted:
        snippets = _snippets(hit.get("highlight") or {}, META)
        if snippets:
            found = sum(f"meta:{index}" in matched for index in range(len(query.terms)))
            whole = sum(f"meta-exact:{index}" in matched for index in range(len(query.terms)))
            entries.append((found * TERM_SCORE + whole * EXACT_SCORE, 0, groups.META, snippets, None, None))
    inner = ((hit.get("inner_hits") or {}).get("pages") or {}).get("hits", {}).get("hits", [])
    for page in inner:
        snippets = _snippets(page.get("highlight") or {}, PAGE_TEXT)
        if not snippets:
            continue
        fields = page.get("fields") or {}
        group = _first(fields, "pages.group") or groups.OTHER
        document_id, number = _first(fields, "pages.document_id"), _first(fields, "pages.number")
        position = _first(fields, "pages.position") or (page.get("_nested") or {}).get("offset", 0) + 1
        entries.append(
            (
                page.get("_score") or 0.0,
                int(position),
                group,
                snippets,
                int(document_id) if document_id is not None else None,
                int(number) if number is not None else None,
            )
        )
    entries.sort(key=lambda entry: (-entry[0], entry[1]))
    return entries[: request.pages_per_hit]


def _hits(query, raw_hits, request):
    from casefiles.models import CaseDocument, CaseFile

    ids = [int(hit["_id"]) for hit in raw_hits]
    case_files = CaseFile.objects.filter(pk__in=ids).select_related("court", "cause__parent", "handling_unit")
    case_files = {case_file.pk: case_file for case_file in case_files}
    entries, hits = {}, []
    for hit, case_file_id in zip(raw_hits, ids, strict=True):
        matched = _matched(hit)
        entries[case_file_id] = _page_entries(query, hit, request, matched) if query.terms else []
        tier = tier_of(query, matched)
        score = float(hit.get("_score") or 0.0)
        if "number" in matched:
            score -= NUMBER_BOOST
        if score >= PHRASE_BOOST:
            score -= PHRASE_BOOST
        found_groups = [key for key in groups.KEYS if f"group:{key}" in matched]
        if tier == "number" and not found_groups:
            found_groups = [groups.META]
        hits.append(
            CaseHit(
                case_file_id=case_file_id,
                score=max(score, 0.0),
                tier=tier,
                groups=found_groups,
                case_file=case_files.get(case_file_id),
            )
        )
    document_ids = {entry[4] for found in entries.values() for entry in found if entry[4] is not None}
    titles = dict(CaseDocument.objects.filter(pk__in=document_ids).values_list("pk", "title"))
    for hit in hits:
        hit.pages = [
            PageHit(
                group=group,
                snippets=snippets,
                document_id=document_id,
                document_title=titles.get(document_id, ""),
                number=number,
            )
            for _score, _position, group, snippets, document_id, number in entries[hit.case_file_id]
        ]
    return hits


def _facet_key(spec, bucket):
    if spec.name == "archived":
        return "yes" if bucket.get("key_as_string") == "true" or bucket.get("key") in (1, True) else "no"
    if spec.kind == "int":
        return int(bucket["key"])
    return str(bucket["key"])


def facets_from(request, aggregations):
    """(facets, {filter name: case files found without that filter}) from the response's aggregations."""
    selected = _selected(request)
    counted, without = {}, {}
    for spec in FILTERS:
        aggregation = aggregations.get(f"facet:{spec.name}") or {}
        without[spec.name] = aggregation.get("doc_count", 0)
        buckets = (aggregation.get("values") or {}).get("buckets") or []
        counts = {}
        if isinstance(buckets, dict):  # a filters aggregation: {key: bucket}
            counts = {key: bucket["doc_count"] for key, bucket in buckets.items() if bucket.get("doc_count")}
        else:
            for bucket in buckets:
                if bucket.get("doc_count"):
                    counts[_facet_key(spec, bucket)] = bucket["doc_count"]
        for value in selected.get(spec.name, ()):
            counts.setdefault(value, 0)
        counted[spec.name] = counts
    labels = facet_labels(counted)
    facets = []
    for spec in FILTERS:
        chosen = set(selected.get(spec.name, ()))
        values = [
            FacetValue(
                value=value, label=labels[spec.name].get(value, str(value)), count=count, selected=value in chosen
            )
            for value, count in counted[spec.name].items()
        ]
        values.sort(key=facet_order(spec))
        facets.append(Facet(name=spec.name, label=spec.label, values=values))
    return facets, without


def results_from_response(request, query, response, notices=()):
    """SearchResults (without suggestions) from a search response (a dict)."""
    hits = response.get("hits") or {}
    total = hits.get("total") or {}
    facets, _without_counts = facets_from(request, response.get("aggregations") or {})
    return SearchResults(
        request=request,
        query=query,
        total=int(total.get("value", 0) if isinstance(total, dict) else total),
        hits=_hits(query, hits.get("hits") or [], request),
        facets=facets if request.facets else [],
        notices=list(notices),
        backend=ElasticsearchBackend.name,
    )


# --- The backend ----------------------------------------------------------------------------


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self):
        self._client = None
        self._client_key = None
        self._analyzers = {}
        self._pending = {}  # a rebuild's index → bulk actions not sent yet

    # --- Connection and indexes ------------------------------------------------------------

    @property
    def client(self):
        url = settings.ELASTICSEARCH_URL
        if not url:
            raise ImproperlyConfigured("SEARCH_BACKEND is elasticsearch but ELASTICSEARCH_URL is not set.")
        key = (url, settings.ELASTICSEARCH_TIMEOUT)
        if self._client is None or self._client_key != key:
            self._client = Elasticsearch(url, request_timeout=settings.ELASTICSEARCH_TIMEOUT)
            self._client_key = key
        return self._client

    @property
    def alias(self):
        return settings.ELASTICSEARCH_INDEX

    @property
    def building_alias(self):
        return f"{self.alias}-building"

    def main_analyzer(self):
        """smartcn or cjk, as ELASTICSEARCH_ANALYZER says (auto: smartcn when the server has the plugin)."""
        setting = settings.ELASTICSEARCH_ANALYZER
        if setting not in self._analyzers:
            plugins = []
            if setting not in (SMARTCN, CJK):
                plugins = [row.get("component") for row in self.client.cat.plugins(format="json").body]
            self._analyzers[setting] = choose_analyzer(setting, plugins)
        return self._analyzers[setting]

    def _indexes_of(self, alias):
        try:
            return sorted(self.client.indices.get_alias(name=alias).body)
        except NotFoundError:
            return []

    def _create_index(self, alias):
        name = f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        self.client.indices.create(
            index=name,
            settings=index_settings(),
            mappings=mapping(self.main_analyzer()),
            aliases={alias: {}},
        )
        return name

    def _live(self, create=False):
        live = self._indexes_of(self.alias)
        if not live and create:
            live = [self._create_index(self.alias)]
        return live

    def _targets(self, create=False):
        """The indexes a write goes to: the live one and any being rebuilt."""
        return sorted(set(self._live(create)) | set(self._indexes_of(self.building_alias)))

    def refresh(self):
        """Make every write so far visible to searches (tests; Elasticsearch does it each second anyway)."""
        targets = self._targets()
        if targets:
            self.client.indices.refresh(index=",".join(targets))

    # --- Writing -----------------------------------------------------------------------------

    def index(self, document, into=None):
        """Write the case file's document: into a rebuild's index (bulk), or into the live index and any rebuild."""
        body = document_body(document)
        if into is not None:
            pending = self._pending.setdefault(into, [])
            pending.append({"_index": into, "_id": str(document.case_file_id), "_source": body})
            if len(pending) >= BULK_DOCS:
                self._flush(into)
            return
        actions = [
            {"_index": target, "_id": str(document.case_file_id), "_source": body}
            for target in self._targets(create=True)
        ]
        helpers.bulk(self.client, actions)

    def _flush(self, handle):
        actions = self._pending.pop(handle, [])
        if actions:
            helpers.bulk(self.client, actions, chunk_size=BULK_DOCS)

    def remove(self, case_file_id):
        actions = [{"_op_type": "delete", "_index": target, "_id": str(case_file_id)} for target in self._targets()]
        if actions:
            helpers.bulk(self.client, actions, ignore_status=(404,))

    def update_access(self, case_file_id):
        """Write who may view the case file now (its acl fields only)."""
        from casefiles import access

        fields = acl_fields(access.viewers(case_file_id))
        for target in self._targets():
            self.client.options(ignore_status=404).update(index=target, id=str(case_file_id), doc=fields)

    def indexed_signatures(self):
        try:
            return {
                int(hit["_id"]): (hit.get("_source") or {}).get("signature", "")
                for hit in helpers.scan(
                    self.client, index=self.alias, query={"query": {"match_all": {}}, "_source": ["signature"]}
                )
            }
        except NotFoundError:
            return {}

    def status(self):
        live = self._live()
        state = {"cases": 0, "index": ", ".join(live) or "-", "analyzer": "-"}
        if live:
            state["cases"] = self.client.count(index=self.alias)["count"]
            mappings = self.client.indices.get_mapping(index=live[0]).body
            state["analyzer"] = mappings[live[0]]["mappings"]["properties"][META].get("analyzer", "-")
        building = self._indexes_of(self.building_alias)
        if building:
            state["rebuilding"] = ", ".join(building)
        return state

    # --- Rebuilding ----------------------------------------------------------------------------

    def begin_rebuild(self):
        """A new index behind the building alias (returned as the handle); searches go on against the live one."""
        self._live(create=True)
        for leftover in self._indexes_of(self.building_alias):  # a rebuild that never ended
            self.client.options(ignore_status=404).indices.delete(index=leftover)
        self._analyzers.clear()  # a plugin installed since is used from now on
        return self._create_index(self.building_alias)

    def end_rebuild(self, handle, keep):
        """Swap the alias to the rebuilt index in one atomic call, then delete the old index."""
        from casefiles.models import CaseFile

        self._flush(handle)
        self.client.indices.refresh(index=handle)
        indexed = {
            int(hit["_id"])
            for hit in helpers.scan(self.client, index=handle, query={"query": {"match_all": {}}, "_source": False})
        }
        stale = indexed - set(keep)
        if stale:
            # Written meanwhile for case files created since the rebuild began: those stay.
            stale -= set(CaseFile.objects.filter(pk__in=stale, live=True).values_list("pk", flat=True))
        if stale:
            helpers.bulk(
                self.client,
                [{"_op_type": "delete", "_index": handle, "_id": str(pk)} for pk in sorted(stale)],
                ignore_status=(404,),
            )
        old = [name for name in self._live() if name != handle]
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        actions += [
            {"add": {"index": handle, "alias": self.alias}},
            {"remove": {"index": handle, "alias": self.building_alias}},
        ]
        self.client.indices.update_aliases(actions=actions)
        self.client.indices.refresh(index=handle)
        for name in old:
            self.client.options(ignore_status=404).indices.delete(index=name)

    def abandon_rebuild(self, handle):
        """Drop a rebuild that did not finish; searches never left the live index."""
        self._pending.pop(handle, None)
        self.client.options(ignore_status=404).indices.delete(index=handle)

    # --- Searching ----------------------------------------------------------------------------

    def search(self, user, request, problems=()):
        started = time.perf_counter()
        query = parse(request.text)
        notices = list(problems) + list(query.notices)
        try:
            response = self._search(query_body(user, request, timezone.now(), query=query))
            answered = True
        except TransportError:
            logger.exception("Elasticsearch did not answer a search")
            notices.append(_("Search is not available at the moment; please try again later."))
            response, answered = EMPTY_RESPONSE, False
        results = results_from_response(request, query, response, notices)
        if answered and results.total == 0 and (not query.is_empty or _selected(request)):
            _facets, without = facets_from(request, response.get("aggregations") or {})
            results.suggestions = self._suggestions(user, request, query, without)
        results.seconds = time.perf_counter() - started
        return results

    def _search(self, body):
        try:
            return self.client.search(index=self.alias, body=body).body
        except NotFoundError:
            return EMPTY_RESPONSE  # nothing indexed yet

    def count(self, user, request):
        """How many case files ``request`` finds for ``user`` (for suggestions and tests)."""
        body = count_body(user, request, timezone.now())
        try:
            return self.client.count(index=self.alias, query=body["query"])["count"]
        except NotFoundError:
            return 0

    def _suggestions(self, user, request, query, without):
        return suggestions(request, query, without, lambda smaller: self.count(user, smaller))


__all__ = [
    "ElasticsearchBackend",
    "acl_filter",
    "count_body",
    "document_body",
    "index_settings",
    "mapping",
    "query_body",
    "results_from_response",
]
