"""The embedded engine on SQLite: FTS5 over CJK-aware tokens.

Texts are stored as their tokens (see :mod:`search.tokens`) in three FTS5
tables, each answering one question fast:

``search_case_fts``
    one row per case file (rowid: its id), a column per document group: does a
    case file match, and how well (bm25, weighted by group)? Terms may match in
    different documents of the case.
``search_group_fts``
    one row per case file and group (rowid: id × 16 + group): in which kinds of
    document does the query match on its own (the document-type facet)?
``search_page_fts``
    one row per text (rowid: ``search_indexedpage.id``, the case file's id in
    the high bits): which pages of the case files on the page of results hold
    the terms? A rowid range per case file makes this a seek.

FTS5's own tokenizer only splits our tokens at the spaces between them.
Triggers remove a case file's FTS rows with its ``search_indexedcase`` and
``search_indexedpage`` rows, so deleting a case file (which cascades to those)
never leaves text behind.
"""

import itertools

import numpy as np
from django.db import connection

from search import groups, tokens
from search.backends.embedded import Engine, TextRow, case_values
from search.documents import POSITION_BITS, row_range
from search.matches import PHRASE, WORDS, Matches

CASE_TABLE = "search_case_fts"
GROUP_TABLE = "search_group_fts"
PAGE_TABLE = "search_page_fts"
TOKENIZER = "tokenize='unicode61 remove_diacritics 0'"
GROUP_BITS = 4
# A phrase's pieces found near each other but not in a row: at most this many other tokens between.
NEAR_SLACK = 4

SCHEMA = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {CASE_TABLE} USING fts5({', '.join(groups.KEYS)}, {TOKENIZER})",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {GROUP_TABLE} USING fts5(body, {TOKENIZER})",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {PAGE_TABLE} USING fts5(body, {TOKENIZER})",
    f"""CREATE TRIGGER IF NOT EXISTS search_indexedcase_fts_delete AFTER DELETE ON search_indexedcase BEGIN
        DELETE FROM {CASE_TABLE} WHERE rowid = old.case_file_id;
        DELETE FROM {GROUP_TABLE} WHERE rowid BETWEEN old.case_file_id * 16 AND old.case_file_id * 16 + 15;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_indexedpage_fts_delete AFTER DELETE ON search_indexedpage BEGIN
        DELETE FROM {PAGE_TABLE} WHERE rowid = old.id;
    END""",
]
# Every change to search_indexedcase gives search_indexgeneration a new random token (see search.case_table).
GENERATION_SCHEMA = [
    f"""CREATE TRIGGER IF NOT EXISTS search_indexedcase_generation_{event.lower()} AFTER {event} ON search_indexedcase
    BEGIN UPDATE search_indexgeneration SET token = lower(hex(randomblob(16))); END"""
    for event in ("INSERT", "UPDATE", "DELETE")
]
DROPPED_GENERATION_SCHEMA = [
    f"DROP TRIGGER IF EXISTS search_indexedcase_generation_{event}" for event in ("insert", "update", "delete")
]
DROP = [
    "DROP TRIGGER IF EXISTS search_indexedpage_fts_delete",
    "DROP TRIGGER IF EXISTS search_indexedcase_fts_delete",
    f"DROP TABLE IF EXISTS {PAGE_TABLE}",
    f"DROP TABLE IF EXISTS {GROUP_TABLE}",
    f"DROP TABLE IF EXISTS {CASE_TABLE}",
]


# --- FTS5 query expressions (every token is quoted: user text never becomes syntax) ---


def _token(token, prefix=False):
    return f'"{token}"' + ("*" if prefix else "")


def exact(term):
    if term.number:
        return _token(term.number)
    if len(term.tokens) == 1:
        return _token(term.tokens[0], term.prefix)
    return '"' + " ".join(term.tokens) + '"' + (" *" if term.prefix else "")


def loose(term):
    if term.number or len(term.tokens) == 1:
        return exact(term)
    last = len(term.tokens) - 1
    pieces = " ".join(_token(token, term.prefix and index == last) for index, token in enumerate(term.tokens))
    return f"NEAR({pieces}, {len(term.tokens) + NEAR_SLACK})"


def all_of(terms, form):
    return " AND ".join(f"({form(term)})" for term in terms)


def any_of(terms, form):
    return " OR ".join(f"({form(term)})" for term in terms)


class SqliteEngine(Engine):
    vendor = "sqlite"
    # Day numbers for dates; "+" keeps the column's declared type (and Django's converter) off a 0/1 flag.
    column_sql = {
        "date": "coalesce(CAST(julianday({alias}.date) AS INTEGER), 0)",
        "archived": "+{alias}.archived",
    }
    schema = SCHEMA
    dropped_schema = DROP
    generation_schema = GENERATION_SCHEMA
    dropped_generation_schema = DROPPED_GENERATION_SCHEMA

    # --- Writing --------------------------------------------------------------------

    def write(self, document):
        from search.models import IndexedCase, IndexedPage

        case_file_id = document.case_file_id
        self.remove(case_file_id)
        texts = [(text, text.tokens) for text in document.texts]
        present = 0
        by_group = {key: [] for key in groups.KEYS}
        for text, text_tokens in texts:
            by_group[text.group].append(text_tokens)
            present |= 1 << groups.INDEX[text.group]
        IndexedCase.objects.create(**case_values(document, present))
        IndexedPage.objects.bulk_create(
            [
                IndexedPage(
                    id=(case_file_id << POSITION_BITS) + text.position,
                    case_id=case_file_id,
                    group=groups.INDEX[text.group],
                    document_id=text.document_id,
                    page_text_id=text.page_text_id,
                    number=text.number,
                    text=text.text if text.position == 0 else "",
                )
                for text, _tokens in texts
            ],
            batch_size=500,
        )
        separator = f" {tokens.BOUNDARY} "
        columns = [separator.join(by_group[key]) for key in groups.KEYS]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {CASE_TABLE} (rowid, {', '.join(groups.KEYS)}) VALUES (%s{', %s' * len(columns)})",
                [case_file_id, *columns],
            )
            cursor.executemany(
                f"INSERT INTO {GROUP_TABLE} (rowid, body) VALUES (%s, %s)",
                [
                    ((case_file_id << GROUP_BITS) + groups.INDEX[key], column)
                    for key, column in zip(groups.KEYS, columns, strict=True)
                    if column
                ],
            )
            cursor.executemany(
                f"INSERT INTO {PAGE_TABLE} (rowid, body) VALUES (%s, %s)",
                [((case_file_id << POSITION_BITS) + text.position, text_tokens) for text, text_tokens in texts],
            )

    def remove(self, case_file_id):
        from search.models import IndexedCase, IndexedPage

        # The triggers take the FTS rows with them.
        IndexedPage.objects.filter(case_id=case_file_id).delete()
        IndexedCase.objects.filter(case_file_id=case_file_id).delete()

    def size(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {PAGE_TABLE}")
            return cursor.fetchone()[0]

    # --- Searching ------------------------------------------------------------------

    def candidates(self, scope, query, ranked=True, grouped=True):
        return Matches.union(scope.table, [self._clause(scope, clause, ranked, grouped) for clause in query.clauses])

    def _clause(self, scope, clause, ranked, grouped):
        if clause.terms:
            expression = all_of(clause.terms, loose)
            matches = self._matching(scope, expression, ranked)
            if grouped:
                matches.add_groups(*self._group_masks(expression))
        else:
            matches = scope.every()
        if clause.excluded:
            matches = matches.without(self._rowids(CASE_TABLE, any_of(clause.excluded, exact)))
        if clause.terms and clause.has_phrase:
            # Whether the phrases stand whole: for all of them when ranked, else for those shown (see complete).
            if ranked:
                matches.set_tier(PHRASE, self._rowids(CASE_TABLE, all_of(clause.terms, exact)))
        elif clause.terms:
            matches.set_tier(PHRASE)
        return matches

    def _matching(self, scope, expression, ranked):
        """The case files of ``scope`` whose texts match ``expression``; scored by bm25 when ``ranked``."""
        if not ranked:
            return scope.found(self._rowids(CASE_TABLE, expression), WORDS)
        weights = ", ".join(str(group.weight) for group in groups.GROUPS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, bm25({CASE_TABLE}, {weights}) FROM {CASE_TABLE} WHERE {CASE_TABLE} MATCH %s",
                [expression],
            )
            found = np.array(cursor.fetchall(), dtype=float).reshape(-1, 2)
        # bm25 is lower for a better match.
        return scope.found(found[:, 0].astype(np.int64), WORDS, -found[:, 1])

    def complete(self, query, candidates, ranked, grouped):
        # A case file is a rowid (the case table) or a rowid range (the group table): a seek each.
        clauses = [
            (clause, any_of(clause.excluded, exact) if clause.excluded else None)
            for clause in query.clauses
            if clause.terms
        ]
        with connection.cursor() as cursor:

            def holds(table, expression, low, high):
                cursor.execute(
                    f"SELECT rowid FROM {table} WHERE {table} MATCH %s AND rowid BETWEEN %s AND %s",
                    [expression, low, high],
                )
                return [row[0] for row in cursor.fetchall()]

            for candidate in candidates:
                case_file_id = candidate.case_file_id
                low = case_file_id << GROUP_BITS
                mask = 0
                for clause, excluded in clauses:
                    if excluded is not None and holds(CASE_TABLE, excluded, case_file_id, case_file_id):
                        continue  # this clause leaves the case file out
                    if not grouped:
                        for rowid in holds(GROUP_TABLE, all_of(clause.terms, loose), low, low + (1 << GROUP_BITS) - 1):
                            mask |= 1 << (rowid & ((1 << GROUP_BITS) - 1))
                    if not ranked and candidate.tier == "words" and clause.has_phrase:
                        if holds(CASE_TABLE, all_of(clause.terms, exact), case_file_id, case_file_id):
                            candidate.tier = "phrase"
                if mask:
                    candidate.matched_groups = candidate.matched_groups | groups.keys_of(mask)

    def texts(self, query, case_file_ids, limit):
        # Every matching page, unranked: ranking here (ORDER BY rank) makes FTS5 score the whole index
        # for each case file, ~7 ms a hit at 100,000 pages, while the highlighter ranks a hit's pages
        # for less.
        expression = any_of(query.terms, loose)
        rowids = []
        with connection.cursor() as cursor:
            for case_file_id in case_file_ids:
                low, high = row_range(case_file_id)
                cursor.execute(
                    f"SELECT rowid FROM {PAGE_TABLE} WHERE {PAGE_TABLE} MATCH %s AND rowid BETWEEN %s AND %s",
                    [expression, low, high],
                )
                rowids.extend(row[0] for row in cursor.fetchall())
        from search.models import IndexedPage

        rows = []
        fields = ("pk", "case_id", "group", "document_id", "page_text_id", "number", "text")
        for start in range(0, len(rowids), 500):
            pages = IndexedPage.objects.filter(pk__in=rowids[start : start + 500]).values_list(*fields)
            rows.extend(map(TextRow.from_row, pages))
        return rows

    # --- Helpers --------------------------------------------------------------------

    def _group_masks(self, expression):
        """(ids of the case files whose groups match, the bit mask of those groups), summed up in SQL."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid >> {GROUP_BITS}, sum(1 << (rowid & {(1 << GROUP_BITS) - 1})) "
                f"FROM {GROUP_TABLE} WHERE {GROUP_TABLE} MATCH %s GROUP BY 1",
                [expression],
            )
            found = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 2)
        return found[:, 0], found[:, 1]

    def _rowids(self, table, expression):
        """The rowids of ``table`` whose texts match ``expression``, as an array."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [expression])
            return np.fromiter(itertools.chain.from_iterable(cursor.fetchall()), dtype=np.int64)
