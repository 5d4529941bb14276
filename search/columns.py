"""The case table's values as columns: filters and facet counts over thousands of matches at once.

A common word matches every case file, and each search filters, counts and
orders them all. Doing that a case file at a time in Python cost more than the
full-text match; here each value a search filters or counts by is a column of
codes (a numpy array, a row per case file, in the order of their ids) into the
column's distinct values, so a filter is one lookup per row and a facet one
``bincount``.
"""

from dataclasses import dataclass

import numpy as np

from search import groups

# Values that count for no facet value and pass no filter (a case file without a year or a result).
NOTHING = (None, "")
# The filters and facets that read one column, by filter name.
SCALAR = {
    "year": "year",
    "court": "court_id",
    "instance": "instance",
    "handling_unit": "handling_unit_id",
    "outcome": "outcome",
    "result": "result",
    "archived": "archived",
}
CODED = ("year", "cause_id", "cause_parent_id", "court_id", "instance", "handling_unit_id", "defendant_ids")
CODED += ("outcome", "result", "archived")


@dataclass(frozen=True)
class Coded:
    """One column as codes into its distinct values."""

    codes: np.ndarray  # a code per row
    values: tuple  # the distinct values, by code
    index: dict  # {value: code}

    @classmethod
    def of(cls, values):
        index = {}
        codes = np.fromiter((index.setdefault(value, len(index)) for value in values), np.int32, len(values))
        return cls(codes, tuple(index), index)

    def lookup(self, wanted):
        """Which codes stand for one of ``wanted`` (a boolean array by code)."""
        chosen = np.zeros(len(self.values), dtype=bool)
        for value in wanted:
            code = self.index.get(value)
            if code is not None and value not in NOTHING:
                chosen[code] = True
        return chosen

    def holds(self, wanted, positions):
        """Which of the rows at ``positions`` hold one of ``wanted``."""
        return self.lookup(wanted)[self.codes[positions]]

    def counts(self, positions):
        """{value: rows} of the rows at ``positions`` (values that count for nothing left out)."""
        counted = np.bincount(self.codes[positions], minlength=len(self.values))
        found = ((self.values[code], int(counted[code])) for code in np.flatnonzero(counted))
        return {value: count for value, count in found if value not in NOTHING}


class Columns:
    """The case table's rows (``Candidate.COLUMNS``, sorted by case file id) as columns."""

    def __init__(self, rows, names):
        index = {name: names.index(name) for name in names}
        self.ids = np.array([row[0] for row in rows], dtype=np.int64)
        self.date = np.array([row[index["date"]] for row in rows], dtype=np.int64)
        self.groups = np.array([row[index["groups"]] for row in rows], dtype=np.int64)
        self.coded = {}
        for name in CODED:
            values = [row[index[name]] for row in rows]
            if name == "archived":
                values = ["yes" if value else "no" for value in values]
            self.coded[name] = Coded.of(values)
        defendants = self.coded["defendant_ids"]
        self.defendants = [tuple(int(pk) for pk in value.split()) for value in defendants.values]

    def __len__(self):
        return len(self.ids)

    def locate(self, ids):
        """(positions of those of ``ids`` that are in the table, which of ``ids`` they are)."""
        ids = np.asarray(ids, dtype=np.int64)
        if not len(self.ids) or not len(ids):
            return np.zeros(0, dtype=np.intp), np.zeros(len(ids), dtype=bool)
        positions = np.minimum(np.searchsorted(self.ids, ids), len(self.ids) - 1)
        found = self.ids[positions] == ids
        return positions[found], found

    def passes(self, name, values, positions, group_masks):
        """Which rows at ``positions`` pass the filter ``name`` (``group_masks``: their matched groups)."""
        if name in SCALAR:
            return self.coded[SCALAR[name]].holds(values, positions)
        if name == "cause":
            return self.coded["cause_id"].holds(values, positions) | self.coded["cause_parent_id"].holds(
                values, positions
            )
        if name == "defendant":
            wanted = set(values)
            chosen = np.array([not wanted.isdisjoint(ids) for ids in self.defendants], dtype=bool)
            return chosen[self.coded["defendant_ids"].codes[positions]]
        if name == "doc_type":
            bits = sum(1 << groups.INDEX[key] for key in set(values) if key in groups.INDEX)
            return (group_masks & bits) != 0
        raise KeyError(name)

    def counts(self, name, positions, group_masks):
        """{value: case files} of the facet ``name`` over the rows at ``positions``."""
        if name in SCALAR:
            return self.coded[SCALAR[name]].counts(positions)
        if name == "cause":
            return self.coded["cause_id"].counts(positions)
        if name == "defendant":
            counts = {}
            for value, count in self.coded["defendant_ids"].counts(positions).items():
                for pk in self.defendants[self.coded["defendant_ids"].index[value]]:
                    counts[pk] = counts.get(pk, 0) + count
            return counts
        if name == "doc_type":
            counts = {}
            masks, numbers = np.unique(group_masks, return_counts=True)
            for mask, count in zip(masks.tolist(), numbers.tolist(), strict=True):
                for key in groups.keys_in(mask):
                    counts[key] = counts.get(key, 0) + count
            return counts
        raise KeyError(name)
