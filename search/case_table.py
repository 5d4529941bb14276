"""The indexed case files' values, held in memory until the index changes.

A search that matches a common word matches every case file, and filters,
counts and orders them all by their values (year, cause, court, defendants …).
Reading those values from ``search_indexedcase`` for every search cost more
than the full-text match itself. They change only when the index changes, so
each process keeps them as a :class:`CaseTable` and reads one token per search
(``search_indexgeneration``, renewed by a trigger on every change to
``search_indexedcase``, from any process) to know whether its table is still
the index's.

Who may view which case file is not in the table: permissions are read in
every search (:func:`visible`), so a grant or a revoke counts at once.
"""

import threading
from dataclasses import dataclass

import numpy as np
from django.db import connections

from search.columns import Columns

_tables = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class CaseTable:
    """Every live indexed case file's Candidate values (``Candidate.COLUMNS``), by case file id and as columns.

    A case file's position is its row's place in ``columns`` (the rows in order of id).
    """

    token: str
    rows: dict  # {case file id: row}
    columns: Columns
    by_number: dict  # {case number key: positions}

    @classmethod
    def from_rows(cls, token, rows):
        from search.backends.embedded import Candidate

        rows = sorted(rows)
        by_number = {}
        key = Candidate.COLUMNS.index("case_number_key")
        for position, row in enumerate(rows):
            by_number.setdefault(row[key], []).append(position)
        table = {row[0]: row for row in rows}
        columns = Columns(rows, Candidate.COLUMNS)
        return cls(token, table, columns, {k: tuple(v) for k, v in by_number.items()})

    def __len__(self):
        return len(self.rows)


def current(engine, using="default"):
    """The index's CaseTable now: this process's copy, or a new one when the index changed."""
    connection = connections[using]
    with connection.cursor() as cursor:
        # The token first: rows read after it are at least as new, never older.
        cursor.execute("SELECT token FROM search_indexgeneration WHERE id = 1")
        found = cursor.fetchone()
        token = found[0] if found else ""
        key = (using, connection.settings_dict["NAME"])
        table = _tables.get(key)
        if table is not None and table.token == token and token:
            return table
        cursor.execute(
            f"SELECT {engine.candidate_columns('e')} FROM search_indexedcase e "
            "JOIN wagtailcore_page p ON p.id = e.case_file_id AND p.live"
        )
        table = CaseTable.from_rows(token, cursor.fetchall())
    with _lock:
        _tables[key] = table
    return table


def visible(table, user, using="default"):
    """Which rows of ``table`` are case files ``user`` may view now (the foundation's access query), by position."""
    from search.backends.embedded import allowed_sql

    allowed = allowed_sql(user)
    if allowed is None:
        return np.ones(len(table), dtype=bool)
    with connections[using].cursor() as cursor:
        cursor.execute(allowed[0], allowed[1])
        positions, _found = table.columns.locate(sorted(row[0] for row in cursor.fetchall()))
    mask = np.zeros(len(table), dtype=bool)
    mask[positions] = True
    return mask
