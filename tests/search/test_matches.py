"""A search's matches as arrays over the case table: clauses joined, case numbers added, filters and facets."""

import numpy as np

from search import groups
from search.case_table import CaseTable
from search.matches import ALL, NUMBER, PHRASE, WORDS, Filtering, Matches, Scope

META = 1 << groups.INDEX[groups.META]
JUDGMENT = 1 << groups.INDEX["judgment"]


def row(case_file_id, year, defendants=(), present=META, date=0, number=""):
    # Candidate.COLUMNS: id, year, cause, cause parent, court, instance, handling unit, defendants, outcome,
    # result, archived, date, case number key, groups
    defendant_ids = " " + " ".join(map(str, defendants)) + " "
    return (case_file_id, year, 1, None, 5, "first", 7, defendant_ids, "not_lost", "", 0, date, number, present)


TABLE = CaseTable.from_rows(
    "token",
    [
        row(30, 2024, (3,), date=10, number="a"),
        row(10, 2023, (3, 4), META | JUDGMENT, date=30),
        row(20, None, date=20),
        row(40, 2024, date=40),
    ],
)


def ids(matches):
    return matches.case_file_ids.tolist()


def scope(visible=(10, 20, 30, 40)):
    mask = np.isin(TABLE.columns.ids, visible)
    return Scope(TABLE, mask)


def test_found_keeps_the_visible_case_files_in_the_table_in_order():
    found = scope(visible=(10, 30)).found([30, 99, 10, 20], WORDS, [3.0, 9.0, 1.0, 2.0])
    assert ids(found) == [10, 30]
    assert found.scores.tolist() == [1.0, 3.0]


def test_a_union_keeps_each_case_file_once_with_its_best_tier_and_every_group():
    first = scope().found([10, 20], WORDS, [5.0, 1.0])
    first.add_groups([10], [JUDGMENT])
    second = scope().found([10, 30], PHRASE, [2.0, 2.0])
    second.add_groups([10], [META])
    second.grouped = False
    union = Matches.union(TABLE, [first, second])
    assert ids(union) == [10, 20, 30]
    assert union.tiers.tolist() == [PHRASE, WORDS, PHRASE]
    assert union.scores.tolist() == [2.0, 1.0, 2.0]
    assert union.groups.tolist() == [JUDGMENT | META, 0, 0]
    assert not union.grouped and union.tiered


def test_case_numbers_come_first_and_new_ones_matched_in_the_details():
    matches = scope().found([10], WORDS, [1.0]).with_numbers(TABLE.by_number["a"] + TABLE.by_number[""][:1])
    assert ids(matches) == [10, 30]
    assert matches.tiers.tolist() == [NUMBER, NUMBER]
    assert matches.groups.tolist() == [0, META]


def test_without_leaves_out_and_order_sorts():
    matches = scope().every().without([20, 77])
    assert ids(matches) == [10, 30, 40]
    assert matches.tiers.tolist() == [ALL] * 3
    assert ids(matches.subset(matches.order("date"))) == [40, 10, 30]


def test_filters_and_facets_count_as_if_their_own_filter_were_not_set():
    filtering = Filtering(scope().every(), {"year": (2024,), "defendant": (3,)})
    assert ids(filtering.matches.subset(filtering.every)) == [30]
    assert filtering.counts("year") == {2024: 1, 2023: 1}  # no year counts for nothing
    assert filtering.counts("defendant") == {3: 1}
    assert filtering.failing_only("year") == 1
    assert filtering.counts("doc_type") == {groups.META: 1}


def test_the_document_type_reads_matched_groups_or_for_no_words_all_groups():
    every = scope().every()
    assert Filtering(every, {"doc_type": ("judgment",)}).every.tolist() == [True, False, False, False]
    found = scope().found([10, 20], WORDS)
    found.add_groups([20], [JUDGMENT])
    assert Filtering(found, {"doc_type": ("judgment",)}).every.tolist() == [False, True]


def test_groups_counted_by_the_engine_stand_for_the_facet_only_with_no_filter_set():
    found = scope().found([10, 20], WORDS)
    found.group_counts = {"judgment": 2}
    assert Filtering(found, {}).counts("doc_type") == {"judgment": 2}
    found.add_groups([10], [META])
    assert Filtering(found, {"year": (2023,)}).counts("doc_type") == {groups.META: 1}
