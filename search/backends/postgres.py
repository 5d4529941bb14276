"""The embedded engine on PostgreSQL: a tsvector per text, with a GIN index.

Every text of a case file (its details, each page) is a ``search_indexedpage``
row whose ``tsv`` column holds its tokens (see :mod:`search.tokens`) with their
positions, written as a tsvector literal: PostgreSQL's own parser never sees
the text, so nothing depends on the database's locale, and a query's tokens are
written the same way (``'房屋' <-> '屋征' <-> '征收'`` for a phrase). A
tsvector keeps positions up to 16383 and 256 per lexeme, so texts are kept per
page, not per case file.

One statement finds, for every term of the query, in which groups of which
case files it matches and on how many pages (the GIN index answers ``@@``), for
the case files the user may view. Clauses, phrases, left-out words, the
document-type facet and the score are worked out from those counts.
"""

import math

from django.db import connection

from search import groups, tokens
from search.backends.embedded import Engine, TextRow, allowed_sql, case_values, text_select
from search.documents import POSITION_BITS
from search.matches import PHRASE, WORDS, Matches

MAX_POSITION = 16383

SCHEMA = [
    "ALTER TABLE search_indexedpage ADD COLUMN IF NOT EXISTS tsv tsvector",
    "CREATE INDEX IF NOT EXISTS search_indexedpage_tsv ON search_indexedpage USING gin (tsv)",
]
# Every change to search_indexedcase gives search_indexgeneration a new random token (see search.case_table).
GENERATION_SCHEMA = [
    """CREATE OR REPLACE FUNCTION search_new_generation() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_indexgeneration SET token = md5(random()::text || clock_timestamp()::text);
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS search_indexedcase_generation ON search_indexedcase",
    """CREATE TRIGGER search_indexedcase_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON search_indexedcase FOR EACH STATEMENT EXECUTE FUNCTION search_new_generation()""",
]
DROPPED_GENERATION_SCHEMA = [
    "DROP TRIGGER IF EXISTS search_indexedcase_generation ON search_indexedcase",
    "DROP FUNCTION IF EXISTS search_new_generation()",
]
DROP = [
    "DROP INDEX IF EXISTS search_indexedpage_tsv",
    "ALTER TABLE search_indexedpage DROP COLUMN IF EXISTS tsv",
]


def tsvector(token_string):
    """A tsvector literal of a token string; a BOUNDARY token leaves a gap no phrase crosses."""
    positions = {}
    for position, token in enumerate(token_string.split(), start=1):
        if token != tokens.BOUNDARY:
            positions.setdefault(token, []).append(min(position, MAX_POSITION))
    return " ".join(f"'{token}':{','.join(map(str, sorted(set(places))))}" for token, places in positions.items())


def _lexeme(token, prefix=False):
    return f"'{token}'" + (":*" if prefix else "")


def _lexemes(term):
    if term.number:
        return [_lexeme(term.number)]
    last = len(term.tokens) - 1
    return [_lexeme(token, term.prefix and index == last) for index, token in enumerate(term.tokens)]


def exact(term):
    return " <-> ".join(_lexemes(term))


def loose(term):
    return " & ".join(_lexemes(term))


class PostgresEngine(Engine):
    vendor = "postgresql"
    column_sql = {"date": "coalesce({alias}.date - DATE '0001-01-01', 0)"}
    schema = SCHEMA
    dropped_schema = DROP
    generation_schema = GENERATION_SCHEMA
    dropped_generation_schema = DROPPED_GENERATION_SCHEMA

    # --- Writing --------------------------------------------------------------------

    def write(self, document):
        from search.models import IndexedCase

        case_file_id = document.case_file_id
        self.remove(case_file_id)
        present = 0
        for text in document.texts:
            present |= 1 << groups.INDEX[text.group]
        IndexedCase.objects.create(**case_values(document, present))
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_indexedpage"
                ' (id, case_file_id, "group", document_id, page_text_id, number, text, tsv)'
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s::tsvector)",
                [
                    (
                        (case_file_id << POSITION_BITS) + text.position,
                        case_file_id,
                        groups.INDEX[text.group],
                        text.document_id,
                        text.page_text_id,
                        text.number,
                        text.text if text.position == 0 else "",
                        tsvector(text.tokens),
                    )
                    for text in document.texts
                ],
            )

    def remove(self, case_file_id):
        from search.models import IndexedCase, IndexedPage

        IndexedPage.objects.filter(case_id=case_file_id).delete()
        IndexedCase.objects.filter(case_file_id=case_file_id).delete()

    def size(self):
        from search.models import IndexedPage

        return IndexedPage.objects.count()

    # --- Searching ------------------------------------------------------------------

    def _allowed_cte(self, user):
        allowed = allowed_sql(user)
        sql = (
            "allowed AS MATERIALIZED (SELECT e.case_file_id FROM search_indexedcase e "
            "JOIN wagtailcore_page p ON p.id = e.case_file_id AND p.live"
        )
        if allowed is None:
            return sql + ")", []
        return sql + f" WHERE e.case_file_id IN ({allowed[0]}))", list(allowed[1])

    def _postings(self, user, wanted):
        """{(term key, form): {case file id: {group: pages}}} for the (term, form) pairs wanted."""
        cte, params = self._allowed_cte(user)
        selects, select_params = [], []
        for number, (term, form) in enumerate(wanted):
            selects.append(
                f'SELECT {number}, i.case_file_id, i."group", count(*) FROM search_indexedpage i '
                "WHERE i.tsv @@ %s::tsquery AND i.case_file_id IN (SELECT case_file_id FROM allowed) "
                'GROUP BY i.case_file_id, i."group"'
            )
            select_params.append(exact(term) if form == "exact" else loose(term))
        result = {(term.key, form): {} for term, form in wanted}
        with connection.cursor() as cursor:
            cursor.execute(f"WITH {cte} " + " UNION ALL ".join(selects), params + select_params)
            for number, case_file_id, group, pages in cursor.fetchall():
                term, form = wanted[number]
                result[(term.key, form)].setdefault(case_file_id, {})[group] = pages
        return result

    def candidates(self, scope, query, ranked=True, grouped=True, listed=True):
        # Scores, tiers and groups come with the postings counted anyway: the flags save nothing.
        wanted = []
        for term in query.terms:
            wanted.append((term, "loose"))
            if term.is_phrase:
                wanted.append((term, "exact"))
        for term in query.excluded_terms:
            pair = (term, "exact" if term.is_phrase else "loose")
            if pair not in wanted:
                wanted.append(pair)
        postings = self._postings(scope.user, wanted)

        def matches(term, form="loose"):
            # A one-word term's exact and loose forms are the same query.
            return postings[(term.key, form if term.is_phrase else "loose")]

        total = max(1, len(scope.table))
        return Matches.union(scope.table, [self._clause(scope, clause, matches, total) for clause in query.clauses])

    def _clause(self, scope, clause, matches, total):
        """The Matches of one clause, from the postings (``matches``: a term's postings in a form)."""
        left_out = set().union(*(matches(term, "exact") for term in clause.excluded))
        if not clause.terms:
            return scope.every().without(sorted(left_out))
        ids = sorted(set.intersection(*(set(matches(term)) for term in clause.terms)) - left_out)
        scores = [self._score(clause.terms, case_file_id, matches, total) for case_file_id in ids]
        found = scope.found(ids, WORDS, scores)
        found.set_tier(PHRASE, [pk for pk in ids if all(pk in matches(term, "exact") for term in clause.terms)])
        masks = []
        for case_file_id in ids:
            in_every_term = set.intersection(*(set(matches(term)[case_file_id]) for term in clause.terms))
            masks.append(sum(1 << group for group in in_every_term))
        found.add_groups(ids, masks)
        return found

    def _score(self, terms, case_file_id, matches, total):
        score = 0.0
        for term in terms:
            loose_pages = matches(term)
            idf = math.log(1 + total / (1 + len(loose_pages)))
            exact_pages = matches(term, "exact").get(case_file_id, {})
            for group, pages in loose_pages[case_file_id].items():
                found = exact_pages.get(group, 0) or 0.5 * pages
                score += idf * groups.GROUPS[group].weight * math.log1p(found)
        return score

    def texts(self, query, case_file_ids, limit):
        expression = " | ".join(f"({loose(term)})" for term in query.terms)
        select, join = text_select("ranked")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {select} FROM ("
                'SELECT id, case_file_id, "group", document_id, page_text_id, number, text, row_number() OVER ('
                "PARTITION BY case_file_id ORDER BY ts_rank(tsv, q) DESC, id) AS place "
                "FROM search_indexedpage, CAST(%s AS tsquery) q WHERE case_file_id = ANY(%s) AND tsv @@ q"
                f") ranked {join} WHERE ranked.place <= %s",
                [expression, list(case_file_ids), limit],
            )
            return [TextRow.from_row(row) for row in cursor.fetchall()]

    # --- Helpers --------------------------------------------------------------------
