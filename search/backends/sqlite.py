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

FTS5 keeps each table as b-trees, a new small one per write, merged as they
pile up; it leaves a dozen mid-size ones behind, and a seek in one case file's
rows (the pages of the results, the groups of a hit) costs about ten times
what it costs in one b-tree. So once the case files written since the last
time are a tenth of the index, a write compacts the tables into one (FTS5's
``optimize``): a bounded share of the work per write, and the index stays one
large b-tree and a few small ones. Every hundredth time it rebuilds them from
their content first, which keeps FTS5's record of b-tree levels short.

FTS5's own tokenizer only splits our tokens at the spaces between them.
Triggers remove a case file's FTS rows with its ``search_indexedcase`` and
``search_indexedpage`` rows, so deleting a case file (which cascades to those)
never leaves text behind.
"""

import itertools

import numpy as np
from django.db import connection

from search import groups, tokens
from search.backends.embedded import Engine, TextRow, case_values, text_select
from search.documents import POSITION_BITS
from search.matches import GROUP_COUNTS, PHRASE, WORDS, Matches

CASE_TABLE = "search_case_fts"
GROUP_TABLE = "search_group_fts"
PAGE_TABLE = "search_page_fts"
TOKENIZER = "tokenize='unicode61 remove_diacritics 0'"
GROUP_BITS = 4
# A phrase's pieces found near each other but not in a row: at most this many other tokens between.
NEAR_SLACK = 4
# The tables are compacted once this share of the indexed case files (and at least COMPACT_AFTER) was written.
COMPACT_SHARE = 10
COMPACT_AFTER = 50
# Compactions after which the tables are rebuilt from their content (about four seconds a table at 100,000 pages).
REBUILD_EVERY = 100
# Case files matched up to which a page of results in date order gets every match's tier and groups in one
# pass each (~1-2 µs a match) rather than by a seek per shown case file and phrase (0.2-0.4 ms each).
PASS_LIMIT = 2000

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
            self._compact_when_due(cursor)

    def _compact_when_due(self, cursor):
        """Count this write; compact the tables once a tenth of the index was written since the last time."""
        cursor.execute("UPDATE search_indexgeneration SET written = written + 1 WHERE id = 1")
        cursor.execute(
            "SELECT g.written, (SELECT count(*) FROM search_indexedcase) FROM search_indexgeneration g WHERE g.id = 1"
        )
        found = cursor.fetchone()
        if found and found[0] >= max(COMPACT_AFTER, found[1] // COMPACT_SHARE):
            self.compact()

    def compact(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT compactions FROM search_indexgeneration WHERE id = 1")
            found = cursor.fetchone()
            compactions = (found[0] if found else 0) + 1
            # Each 'optimize' adds a level or two to a table's structure record, which older SQLite (3.40,
            # Debian 12's) does not cap and reads as malformed past 2,000: now and then 'rebuild' starts anew.
            rebuild = compactions >= REBUILD_EVERY
            for table in (CASE_TABLE, GROUP_TABLE, PAGE_TABLE):
                if rebuild:
                    cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
            cursor.execute(
                "UPDATE search_indexgeneration SET written = 0, compactions = %s WHERE id = 1",
                [0 if rebuild else compactions],
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

    def candidates(self, scope, query, ranked=True, grouped=True, listed=True):
        if grouped == GROUP_COUNTS and (len(query.clauses) > 1 or query.case_numbers or query.excluded_terms):
            grouped = True  # the groups' counts would not be the matches' (joined, added or left out)
        parts = [self._clause(scope, clause, ranked, grouped, listed) for clause in query.clauses]
        return Matches.union(scope.table, parts)

    def _clause(self, scope, clause, ranked, grouped, listed):
        matches = self._holding_terms(scope, clause, ranked, grouped, listed) if clause.terms else scope.every()
        if clause.excluded:
            matches = matches.without(self._rowids(CASE_TABLE, any_of(clause.excluded, exact)))
        return matches

    def _holding_terms(self, scope, clause, ranked, grouped, listed):
        """The case files of ``scope`` that hold the clause's terms, with the tiers and groups that come cheap."""
        expression = all_of(clause.terms, loose)
        if listed and not ranked and len(clause.terms) == 1 and clause.has_phrase:
            # One phrase is held by a case file when one of its groups holds it: one pass gives both (the
            # phrase's pieces, found near each other, cost more to check than the groups they are counted by).
            ids, masks = self._group_masks(expression)
            matches, found = scope.found(ids, WORDS), len(ids)
            matches.add_groups(ids, masks)
        else:
            matches, found = self._matching(scope, expression, ranked)
            if grouped == GROUP_COUNTS and len(matches) == found:
                # Every case file that matches is a match: the facet is the matching groups counted, and the
                # shown ones get their own groups from complete.
                matches.group_counts = self._group_counts(expression)
                matches.grouped = False
            # Tiers and groups not asked for, for few matches: a pass over all of them is cheaper than the seeks.
            elif grouped or (listed and found <= PASS_LIMIT):
                matches.add_groups(*self._group_masks(expression))
            else:
                matches.grouped = False
        if not clause.has_phrase:
            matches.set_tier(PHRASE)
        elif ranked or (listed and found <= PASS_LIMIT):
            matches.set_tier(PHRASE, self._rowids(CASE_TABLE, all_of(clause.terms, exact)))
        else:
            matches.tiered = False
        return matches

    def _matching(self, scope, expression, ranked):
        """(the case files of ``scope`` whose texts match ``expression``, scored by bm25 when ``ranked``;
        how many case files match in all)."""
        if not ranked:
            rowids = self._rowids(CASE_TABLE, expression)
            return scope.found(rowids, WORDS), len(rowids)
        weights = ", ".join(str(group.weight) for group in groups.GROUPS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, bm25({CASE_TABLE}, {weights}) FROM {CASE_TABLE} WHERE {CASE_TABLE} MATCH %s",
                [expression],
            )
            found = np.array(cursor.fetchall(), dtype=float).reshape(-1, 2)
        # bm25 is lower for a better match.
        return scope.found(found[:, 0].astype(np.int64), WORDS, -found[:, 1]), len(found)

    def complete(self, query, candidates, tiered, grouped):
        by_id = {candidate.case_file_id: candidate for candidate in candidates}
        masks = dict.fromkeys(by_id, 0)
        for clause in query.clauses:
            if not clause.terms:
                continue
            ids = list(by_id)
            if clause.excluded:
                left_out = self._holding(CASE_TABLE, any_of(clause.excluded, exact), ids, 0)
                ids = [case_file_id for case_file_id in ids if case_file_id not in left_out]
            if not grouped:
                found = self._holding(GROUP_TABLE, all_of(clause.terms, loose), ids, GROUP_BITS)
                for case_file_id, rowids in found.items():
                    masks[case_file_id] |= sum(1 << (rowid & ((1 << GROUP_BITS) - 1)) for rowid in rowids)
            if not tiered and clause.has_phrase:
                ids = [case_file_id for case_file_id in ids if by_id[case_file_id].tier == "words"]
                for case_file_id in self._holding(CASE_TABLE, all_of(clause.terms, exact), ids, 0):
                    by_id[case_file_id].tier = "phrase"
        for case_file_id, mask in masks.items():
            if mask:
                candidate = by_id[case_file_id]
                candidate.matched_groups = candidate.matched_groups | groups.keys_of(mask)

    def _holding(self, table, expression, case_file_ids, bits):
        """{case file id: rowids} of the rows of ``table`` matching ``expression`` among those of the case files.

        A case file's rows in ``table`` are the rowids ``id << bits`` to ``(id + 1 << bits) - 1``.
        """
        found = {}
        for case_file_id, rowid in self._seek(table, expression, case_file_ids, bits, "t.rowid"):
            found.setdefault(case_file_id, []).append(rowid)
        return found

    def _seek(self, table, expression, case_file_ids, bits, select, join=""):
        """Rows (case file id, ``select``…) of ``table`` (alias ``t``) matching ``expression`` among the case files'.

        One statement seeks each case file's rowid range (a seek each; a pass over every match costs more).
        """
        if not case_file_ids:
            return []
        shown = ", ".join(["(%s)"] * len(case_file_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH shown(id) AS (VALUES {shown}) SELECT shown.id, {select} FROM shown JOIN {table} t "
                f"ON t.rowid BETWEEN shown.id << {bits} AND ((shown.id + 1) << {bits}) - 1 {join} "
                f"WHERE {table} MATCH %s",
                [*case_file_ids, expression],
            )
            return cursor.fetchall()

    def texts(self, query, case_file_ids, limit):
        # Every matching page, unranked: ranking here (ORDER BY rank) makes FTS5 score the whole index
        # for each case file, ~7 ms a hit at 100,000 pages, while the highlighter ranks a hit's pages
        # for less.
        select, join = text_select("page")
        join = f"JOIN search_indexedpage page ON page.id = t.rowid {join}"
        found = self._seek(PAGE_TABLE, any_of(query.terms, loose), list(case_file_ids), POSITION_BITS, select, join)
        return [TextRow.from_row(row[1:]) for row in found]

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

    def _group_counts(self, expression):
        """{group key: case files} of the groups that match ``expression`` on their own, counted in SQL."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid & {(1 << GROUP_BITS) - 1}, count(*) FROM {GROUP_TABLE} WHERE {GROUP_TABLE} MATCH %s "
                "GROUP BY 1",
                [expression],
            )
            return {groups.KEYS[group]: count for group, count in cursor.fetchall()}

    def _rowids(self, table, expression):
        """The rowids of ``table`` whose texts match ``expression``, as an array."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [expression])
            return np.fromiter(itertools.chain.from_iterable(cursor.fetchall()), dtype=np.int64)
