"""The embedded backend: full text in the database Anjuan already runs on.

The engine (:mod:`search.backends.sqlite` or :mod:`search.backends.postgres`)
finds the case files that match, among those the user may view, with the
values they are filtered and counted by. Everything after that is here and
the same for both engines: filters, facet counts, order, pages, the best pages
of each hit and their highlighted snippets, and suggestions for an empty
result. The user's permissions are part of the engine's query, so every count
and every page of results holds only case files the user may view.
"""

import time
from dataclasses import dataclass

from django.db import connection, transaction

from casefiles.models import CaseDocument, CaseFile
from search import groups
from search.backends.base import (
    FILTERS,
    CaseHit,
    Facet,
    FacetValue,
    PageHit,
    SearchResults,
    facet_labels,
    facet_order,
    suggestions,
)
from search.documents import MAX_POSITION
from search.highlight import Highlighter
from search.matches import GROUP_COUNTS, TIERS, Filtering, Matches, Scope
from search.query import parse

# Pages of a hit the engine ranks first, per page shown, for the highlighter to choose among.
PAGES_CONSIDERED = 4
# Of those, pages per page shown that get the full match (chosen by a quick estimate).
PAGES_MATCHED = 2
FILTER_NAMES = tuple(spec.name for spec in FILTERS)


class Candidate:
    """A case file on the page of results, with what its hit shows (see :mod:`search.matches` for the rest).

    Four slots around its case file's row of the :mod:`search.case_table`; the row's values read as attributes.
    """

    # The values of search_indexedcase a Candidate's row holds, in order (see Engine.candidate_columns).
    COLUMNS = (
        "case_file_id",
        "year",
        "cause_id",
        "cause_parent_id",
        "court_id",
        "instance",
        "handling_unit_id",
        "defendant_ids",  # " 3 7 ": the defendant agencies' ids
        "outcome",
        "result",
        "archived",
        "date",  # a day number (larger is later), 0 for none
        "case_number_key",
        "groups",  # bit mask of the groups the case file has texts in
    )
    __slots__ = ("row", "score", "tier", "matched_groups")

    def __init__(self, row, score=0.0, tier="all", matched_groups=frozenset()):
        self.row = row
        self.score = score
        self.tier = tier
        self.matched_groups = matched_groups

    @classmethod
    def of(cls, matches, index):
        """The Candidate of ``matches``'s match at ``index``."""
        row = matches.table.rows[int(matches.case_file_ids[index])]
        mask = int(matches.groups[index])
        return cls(row, float(matches.scores[index]), TIERS[matches.tiers[index]], groups.keys_of(mask))


for _index, _name in enumerate(Candidate.COLUMNS):
    setattr(Candidate, _name, property(lambda self, index=_index: self.row[index], doc=f"The row's {_name}."))


@dataclass
class TextRow:
    """A text of a case file that may hold the query's terms (from the engine)."""

    case_file_id: int
    position: int
    group: int
    document_id: int | None
    page_text_id: int | None
    number: int | None
    text: str | None  # the case's details (position 0) or the page's text (None: gone, a document deleted)

    # The columns of search_indexedpage a TextRow is made from, in order (see text_select).
    COLUMNS = ("id", "case_file_id", "group", "document_id", "page_text_id", "number", "text")

    @classmethod
    def from_row(cls, row):
        pk, case_file_id, group, document_id, page_text_id, number, text = row
        return cls(case_file_id, pk & MAX_POSITION, group, document_id, page_text_id, number, text)


def text_select(alias):
    """(select list, join) of a TextRow from search_indexedpage ``alias``: a page's text read from ocr_pagetext."""
    columns = ", ".join(f'{alias}."{name}"' for name in TextRow.COLUMNS[:-1])
    text = f"CASE WHEN {alias}.page_text_id IS NULL THEN {alias}.text ELSE page_text.text END"
    return f"{columns}, {text}", f"LEFT JOIN ocr_pagetext page_text ON page_text.id = {alias}.page_text_id"


class Engine:
    """What an embedded engine does; see the SQLite and PostgreSQL engines."""

    vendor = ""
    # SQL of Candidate.COLUMNS that are not the plain column ("{alias}": the table's alias).
    column_sql = {}

    def candidate_columns(self, alias):
        """The select list of a Candidate's values from search_indexedcase ``alias``."""
        return ", ".join(
            self.column_sql.get(column, "{alias}." + column).format(alias=alias) for column in Candidate.COLUMNS
        )

    def table(self):
        """The indexed case files' values (see :mod:`search.case_table`)."""
        from search import case_table

        return case_table.current(self)

    def scope(self, user):
        """What a search by ``user`` reads: the case table and which of its case files ``user`` may view now."""
        from search import case_table

        table = self.table()
        return Scope(table, case_table.visible(table, user), user)

    def candidates(self, scope, query, ranked=True, grouped=True, listed=True):
        """The :class:`search.matches.Matches` of ``query``'s clauses among the case files of ``scope``.

        ``ranked``: whether the matches need their scores and tiers (not for results in date order, nor
        for counts). ``grouped``: whether they need their matched groups (the document-type facet and
        filter; GROUP_COUNTS: only for the facet, with no filter set, so that counts per group may do).
        ``listed``: whether a page of them is shown (not for counts). What was not needed, and
        not given anyway, :meth:`complete` gives to the few that are shown (see ``Matches.grouped``).
        """
        raise NotImplementedError

    def complete(self, query, candidates, tiered, grouped):
        """Give ``candidates`` (those shown) their tier (unless ``tiered``) and groups (unless ``grouped``)."""

    def texts(self, query, case_file_ids, limit):
        """TextRows of the given case files that hold any of the query's terms, at most ``limit`` each (best first)."""
        raise NotImplementedError

    def write(self, document):
        raise NotImplementedError

    def remove(self, case_file_id):
        raise NotImplementedError

    schema = ()  # SQL statements that make the engine's full-text tables, indexes and triggers
    dropped_schema = ()  # and those that drop them

    generation_schema = ()  # triggers that renew search_indexgeneration's token (see search.case_table)
    dropped_generation_schema = ()

    def create_schema(self, schema_editor):
        for statement in self.schema:
            schema_editor.execute(statement)

    def drop_schema(self, schema_editor):
        for statement in self.dropped_schema:
            schema_editor.execute(statement)

    def size(self):
        """How many texts the index holds."""
        raise NotImplementedError

    def compact(self):
        """Bring the full-text index into its fastest shape to search (after a rebuild)."""


def engine_for(vendor):
    """The embedded engine for a database vendor."""
    from search.backends.postgres import PostgresEngine
    from search.backends.sqlite import SqliteEngine

    engines = {engine.vendor: engine for engine in (SqliteEngine, PostgresEngine)}
    if vendor not in engines:
        raise RuntimeError(f"The embedded search does not run on {vendor}")
    return engines[vendor]()


def allowed_sql(user):
    """(SQL, params) of a subquery of the case file ids ``user`` may view, or None for all of them."""
    from casefiles import access

    if not (user is not None and user.is_authenticated and user.is_active):
        return "SELECT 0 WHERE 1 = 0", []
    if access.sees_every_case_file(user):
        return None
    return access.case_file_ids(user, access.VIEW).query.sql_with_params()


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, engine=None):
        self._engine = engine

    @property
    def engine(self):
        if self._engine is None:
            self._engine = engine_for(connection.vendor)
        return self._engine

    # --- Writing ------------------------------------------------------------------

    def index(self, document, into=None):
        """Write the case file's search document (``into``: a rebuild's handle; the same table here)."""
        with transaction.atomic():
            self.engine.write(document)

    def remove(self, case_file_id):
        with transaction.atomic():
            self.engine.remove(case_file_id)

    def update_access(self, case_file_id):
        """Nothing to do: the embedded engines read grants in every query."""

    def indexed_signatures(self):
        from search.models import IndexedCase

        return dict(IndexedCase.objects.values_list("case_file_id", "signature"))

    def status(self):
        from search.models import IndexedCase

        return {"cases": IndexedCase.objects.count(), "texts": self.engine.size(), "engine": self.engine.vendor}

    def begin_rebuild(self):
        """An embedded rebuild writes over the index in place: searches go on meanwhile."""
        return None

    def abandon_rebuild(self, handle):
        """Nothing to undo: what a stopped rebuild wrote is current."""

    def end_rebuild(self, handle, keep):
        from search.models import IndexedCase

        stale = IndexedCase.objects.exclude(case_file_id__in=keep)
        for case_file_id in stale.values_list("case_file_id", flat=True):
            self.remove(case_file_id)
        with transaction.atomic():
            self.engine.compact()

    # --- Searching ----------------------------------------------------------------

    def search(self, user, request, problems=()):
        started = time.perf_counter()
        query = parse(request.text)
        ranked = request.sort == "relevance"
        grouped = _groups_needed(request)
        scope = self.engine.scope(user)
        matches = self._matches(scope, query, ranked=ranked, grouped=grouped)
        selected = request.filters
        filtering = Filtering(matches, selected)
        facets = self._facets(filtering, selected) if request.facets else []
        matching = matches.subset(filtering.every)
        total = len(matching)
        start = (request.page - 1) * request.per_page
        order = matching.order(request.sort)[start : start + request.per_page]
        shown = [Candidate.of(matching, index) for index in order]
        if query.clauses and not (matching.tiered and matching.grouped):
            self.engine.complete(query, shown, matching.tiered, matching.grouped)
        hits = self._hits(query, shown, request)
        results = SearchResults(
            request=request,
            query=query,
            total=total,
            hits=hits,
            facets=facets,
            notices=list(problems) + list(query.notices),
            backend=f"{self.name}:{self.engine.vendor}",
        )
        if total == 0 and (not query.is_empty or selected):
            results.suggestions = self._suggestions(scope, request, query, filtering)
        results.seconds = time.perf_counter() - started
        return results

    def count(self, user, request):
        """How many case files ``request`` finds for ``user`` (for suggestions and tests)."""
        return self._count(self.engine.scope(user), request)

    def _count(self, scope, request):
        query = parse(request.text)
        matches = self._matches(scope, query, ranked=False, grouped="doc_type" in request.filters, listed=False)
        return int(Filtering(matches, request.filters).every.sum())

    def _matches(self, scope, query, ranked=True, grouped=True, listed=True):
        if query.is_empty:
            return scope.every()
        if not query.clauses:
            matches = Matches.none(scope.table)
        else:
            matches = self.engine.candidates(scope, query, ranked, grouped, listed)
        if query.case_numbers:
            matches = matches.with_numbers(scope.by_case_numbers(query.case_numbers))
        return matches

    def _facets(self, filtering, selected):
        """Facet counts: each filter's values counted under every other selected filter."""
        counted = {name: filtering.counts(name) for name in FILTER_NAMES}
        for name, values in selected.items():
            for value in values:
                counted[name].setdefault(value, 0)
        labels = facet_labels(counted)
        facets = []
        for spec in FILTERS:
            counts = counted[spec.name]
            chosen = set(selected.get(spec.name, ()))
            values = [
                FacetValue(
                    value=value, label=labels[spec.name].get(value, str(value)), count=count, selected=value in chosen
                )
                for value, count in counts.items()
            ]
            values.sort(key=facet_order(spec))
            facets.append(Facet(name=spec.name, label=spec.label, values=values))
        return facets

    def _hits(self, query, shown, request):
        ids = [candidate.case_file_id for candidate in shown]
        case_files = CaseFile.objects.filter(pk__in=ids).select_related("court", "cause__parent", "handling_unit")
        case_files = {case_file.pk: case_file for case_file in case_files}
        best = self._best_pages(query, ids, request) if query.clauses and request.pages_per_hit else {}
        hits = []
        for candidate in shown:
            hits.append(
                CaseHit(
                    case_file_id=candidate.case_file_id,
                    score=candidate.score,
                    tier=candidate.tier,
                    groups=[key for key in groups.KEYS if key in candidate.matched_groups],
                    pages=best.get(candidate.case_file_id, []),
                    case_file=case_files.get(candidate.case_file_id),
                )
            )
        return hits

    def _best_pages(self, query, case_file_ids, request):
        if not case_file_ids:
            return {}
        wanted_groups = set(request.filters.get("doc_type", ()))
        # Narrowed to kinds of document, the best pages of those kinds may rank anywhere: consider them all.
        limit = MAX_POSITION if wanted_groups else request.pages_per_hit * PAGES_CONSIDERED
        rows = self.engine.texts(query, case_file_ids, limit)
        if wanted_groups:
            rows = [row for row in rows if groups.KEYS[row.group] in wanted_groups]
        titles = dict(
            CaseDocument.objects.filter(pk__in={row.document_id for row in rows if row.document_id}).values_list(
                "pk", "title"
            )
        )
        highlighter = Highlighter(query.terms)
        by_case = {}
        for row in rows:
            if row.text is None:
                continue  # the page's text is gone (a document deleted); its row goes at the next update
            by_case.setdefault(row.case_file_id, []).append((row.text, row))
        # A common word is on every page of a hit: the full match runs on the likeliest pages only.
        matched = request.pages_per_hit * PAGES_MATCHED
        scored = {}
        for case_file_id, entries in by_case.items():
            if len(entries) > matched:
                estimates = [(highlighter.estimate(text), -row.position) for text, row in entries]
                order = sorted(range(len(entries)), key=estimates.__getitem__, reverse=True)
                entries = [entries[index] for index in order[:matched]]
            for text, row in entries:
                found = highlighter.match(text)
                if found.spans:
                    scored.setdefault(case_file_id, []).append((found, row))
        best = {}
        for case_file_id, entries in scored.items():
            entries.sort(key=lambda entry: (tuple(-value for value in entry[0].score), entry[1].position))
            best[case_file_id] = [
                PageHit(
                    group=groups.KEYS[row.group],
                    snippets=_snippets(found),
                    document_id=row.document_id,
                    document_title=titles.get(row.document_id, ""),
                    number=row.number,
                )
                for found, row in entries[: request.pages_per_hit]
            ]
        return best

    def _suggestions(self, scope, request, query, filtering):
        without_filter = {name: filtering.failing_only(name) for name in request.filters}
        return suggestions(request, query, without_filter, lambda smaller: self._count(scope, smaller))


def _groups_needed(request):
    """What a request needs of its matches' groups (``grouped`` of :meth:`Engine.candidates`)."""
    if "doc_type" in request.filters or (request.facets and request.filters):
        return True  # every match's: to filter by, or to count under the other filters
    return GROUP_COUNTS if request.facets else False


def case_values(document, present):
    """The search_indexedcase row of a search document."""
    return {
        "case_file_id": document.case_file_id,
        "year": document.year,
        "cause_id": document.cause_id,
        "cause_parent_id": document.cause_parent_id,
        "court_id": document.court_id,
        "instance": document.instance,
        "handling_unit_id": document.handling_unit_id,
        "library_agency_id": document.library_agency_id,
        "defendant_ids": " " + " ".join(str(pk) for pk in document.defendant_ids) + " ",
        "status": document.status,
        "archived": document.archived,
        "outcome": document.outcome,
        "result": document.result,
        "date": document.date,
        "case_number_key": document.case_number_key,
        "groups": present,
        "signature": document.signature,
    }


def _snippets(found):
    from search.highlight import snippets

    return snippets(found)
