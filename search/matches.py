"""The case files a search matches, as arrays: filtered, counted and ordered without a Python loop per case file.

A :class:`Matches` holds, for each case file the user may view that matches,
its row in the :class:`search.case_table.CaseTable` (its position there), its
score, its tier and the groups it matched in on their own (a bit mask, see
:mod:`search.groups`). Only the case files on the page of results become
:class:`search.backends.embedded.Candidate` objects.
"""

from dataclasses import dataclass

import numpy as np

from search import groups

TIERS = ("number", "phrase", "words", "all")
# ``grouped`` asked of an engine when only the document-type facet's counts need the groups (no filter set).
GROUP_COUNTS = "counts"
NUMBER, PHRASE, WORDS, ALL = range(len(TIERS))
META_BIT = 1 << groups.INDEX[groups.META]


def _positions(values):
    return np.asarray(values, dtype=np.intp)


@dataclass
class Matches:
    table: object  # the CaseTable the positions are in
    positions: np.ndarray  # ascending, each once
    scores: np.ndarray
    tiers: np.ndarray
    groups: np.ndarray  # bit masks of the groups that match on their own (0 until known)
    # Whether every match's groups, and every match's tier, are known (else they are for the shown ones to complete).
    grouped: bool = True
    tiered: bool = True
    # {group key: matches} of the document-type facet, when the engine counted it without every match's groups.
    group_counts: dict | None = None

    @classmethod
    def at(cls, table, positions, tier, scores=None):
        """The case files at ``positions`` (ascending), all of one tier."""
        positions = _positions(positions)
        count = len(positions)
        scores = np.zeros(count) if scores is None else np.asarray(scores, dtype=float)
        return cls(table, positions, scores, np.full(count, tier, np.int8), np.zeros(count, np.int64))

    @classmethod
    def none(cls, table):
        return cls.at(table, (), ALL)

    @classmethod
    def union(cls, table, parts):
        """The case files of any of ``parts``, each with its best tier and score and every group it matched in."""
        parts = [part for part in parts if len(part)]
        if not parts:
            return cls.none(table)
        if len(parts) == 1:
            return parts[0]
        positions = np.concatenate([part.positions for part in parts])
        scores = np.concatenate([part.scores for part in parts])
        tiers = np.concatenate([part.tiers for part in parts])
        masks = np.concatenate([part.groups for part in parts])
        grouped, tiered = all(part.grouped for part in parts), all(part.tiered for part in parts)
        # By position, then the better tier, then the higher score (stable: the earlier part wins a tie).
        order = np.lexsort((-scores, tiers, positions))
        positions, scores, tiers, masks = positions[order], scores[order], tiers[order], masks[order]
        starts = np.flatnonzero(np.r_[True, positions[1:] != positions[:-1]])
        masks = np.bitwise_or.reduceat(masks, starts)
        return cls(table, positions[starts], scores[starts], tiers[starts], masks, grouped, tiered)

    def __len__(self):
        return len(self.positions)

    @property
    def case_file_ids(self):
        return self.table.columns.ids[self.positions]

    def _where(self, positions):
        return np.isin(self.positions, _positions(positions), assume_unique=True)

    def _located(self, ids):
        """(places in these matches of those of ``ids`` that are here, which of ``ids`` they are)."""
        positions, in_table = self.table.columns.locate(ids)
        places = np.minimum(np.searchsorted(self.positions, positions), max(0, len(self.positions) - 1))
        here = self.positions[places] == positions if len(self.positions) else np.zeros(len(positions), dtype=bool)
        found = np.zeros(len(in_table), dtype=bool)
        found[np.flatnonzero(in_table)[here]] = True
        return places[here], found

    def subset(self, keep):
        """These matches where ``keep`` (a boolean array or indices)."""
        kept = (self.positions[keep], self.scores[keep], self.tiers[keep], self.groups[keep])
        return Matches(self.table, *kept, self.grouped, self.tiered)

    def without(self, ids):
        """These matches but the case files with ``ids``."""
        keep = np.ones(len(self), dtype=bool)
        keep[self._located(ids)[0]] = False
        return self.subset(keep)

    def set_tier(self, tier, ids=None):
        """Give the case files with ``ids`` (every match: None) the tier ``tier``."""
        if ids is None:
            self.tiers[:] = tier
        else:
            self.tiers[self._located(ids)[0]] = tier

    def add_groups(self, ids, masks):
        """Add each of ``masks`` to the matched groups of the case file whose id is at the same place of ``ids``."""
        places, found = self._located(ids)
        self.groups[places] |= np.asarray(masks, dtype=np.int64)[found]

    def with_numbers(self, positions):
        """These matches and the case files at ``positions`` (found by case number), the latter in the first tier."""
        found = Matches.at(self.table, np.unique(_positions(positions)), NUMBER)
        found.groups[:] = META_BIT
        self.tiers[self._where(found.positions)] = NUMBER
        newly = found.subset(~np.isin(found.positions, self.positions, assume_unique=True))
        return Matches.union(self.table, [self, newly])

    def effective_groups(self):
        """The groups the document-type facet and filter read: matched ones, or for a match of no words, all."""
        return np.where(self.tiers == ALL, self.table.columns.groups[self.positions], self.groups)

    def order(self, sort):
        """Indices of the matches in result order: by date, or by tier, score and date (newest and highest id first)."""
        columns = self.table.columns
        dates, ids = columns.date[self.positions], columns.ids[self.positions]
        if sort == "date":
            return np.lexsort((-ids, -dates))
        return np.lexsort((-ids, -dates, -self.scores, self.tiers))


@dataclass(frozen=True)
class Scope:
    """What one search reads: the case table, and which of its case files the user may view (read once)."""

    table: object
    visible: np.ndarray  # by position
    user: object = None  # who searches (an engine that joins the grants into its own query reads them)

    def every(self):
        """Every case file the user may view, matching no words."""
        return Matches.at(self.table, np.flatnonzero(self.visible), ALL)

    def found(self, ids, tier, scores=None):
        """The case files with ``ids`` that the user may view, all of ``tier`` (``scores``: by the same place)."""
        ids = np.asarray(ids, dtype=np.int64)
        order = np.argsort(ids, kind="stable")
        positions, in_table = self.table.columns.locate(ids[order])
        visible = self.visible[positions]
        if scores is not None:
            scores = np.asarray(scores, dtype=float)[order][in_table][visible]
        return Matches.at(self.table, positions[visible], tier, scores)

    def by_case_numbers(self, keys):
        """Positions of the case files the user may view whose case number key is one of ``keys``."""
        positions = [position for key in keys for position in self.table.by_number.get(key, ())]
        return [position for position in positions if self.visible[position]]


class Filtering:
    """The selected filters over a set of matches: which pass them all, and which fail only one."""

    def __init__(self, matches, selected):
        self.matches = matches
        columns = matches.table.columns
        group_masks = matches.effective_groups() if "doc_type" in selected else None
        self.passing = {
            name: columns.passes(name, values, matches.positions, group_masks) for name, values in selected.items()
        }
        self.every = np.ones(len(matches), dtype=bool)
        for passed in self.passing.values():
            self.every &= passed

    def but(self, name):
        """Which matches pass every selected filter other than ``name``."""
        if name not in self.passing:
            return self.every
        others = np.ones(len(self.matches), dtype=bool)
        for other, passed in self.passing.items():
            if other != name:
                others &= passed
        return others

    def failing_only(self, name):
        """How many matches fail the filter ``name`` and no other."""
        return int(np.count_nonzero(self.but(name) & ~self.passing[name]))

    def counts(self, name):
        """The facet ``name`` counted over the matches that pass every other selected filter."""
        matches = self.matches
        if name == "doc_type" and matches.group_counts is not None and not self.passing:
            return dict(matches.group_counts)
        eligible = self.but(name)
        group_masks = matches.effective_groups()[eligible] if name == "doc_type" else None
        return matches.table.columns.counts(name, matches.positions[eligible], group_masks)
