"""Evaluation rubrics: the arithmetic of a score, the default rubric, and versions that never change."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from archive.evaluation import checks, rubrics
from archive.evaluation.rubrics import RubricLocked
from archive.models import Rubric, RubricItem

BANDS = rubrics.rubric_data()["grade_bands"]


def item(code, points, rule="per_occurrence", deduct=2, veto=False):
    return RubricItem(code=code, max_points=Decimal(points), rule=rule, deduct=Decimal(deduct), veto=veto)


@pytest.mark.parametrize(
    ("rule", "deduct", "faults", "lost"),
    [
        ("per_occurrence", 2, 0, 0),
        ("per_occurrence", 2, 1, 2),
        ("per_occurrence", 2, 4, 8),
        ("per_occurrence", 2, 5, 10),
        ("per_occurrence", 2, 9, 10),  # capped at the item's 10 points
        ("fixed", 5, 1, 5),
        ("fixed", 5, 3, 5),  # once, whatever the number of faults
        ("fixed", 15, 2, 10),  # capped
    ],
)
def test_deductions_follow_the_rule_and_are_capped_at_the_item(rule, deduct, faults, lost):
    assert rubrics.deduction(item("x", 10, rule, deduct), faults) == Decimal(lost)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100, "excellent"),
        (90, "excellent"),
        (Decimal("89.9"), "good"),
        (80, "good"),
        (79, "pass"),
        (60, "pass"),
        (Decimal("59.9"), "fail"),
        (0, "fail"),
    ],
)
def test_the_default_grade_bands(score, grade):
    assert rubrics.grade_for(Decimal(score), BANDS) == grade


def test_grade_bands_are_configurable():
    strict = [{"grade": "excellent", "min": 95}, {"grade": "pass", "min": 70}, {"grade": "fail", "min": 0}]
    assert rubrics.grade_for(Decimal(94), strict) == "pass"
    assert rubrics.grade_for(Decimal(69), strict) == "fail"


def test_a_score_sums_the_capped_deductions_and_a_veto_fails_whatever_the_score():
    items = [item("a", 60), item("b", 25, "fixed", 5), item("c", 15, "fixed", 15, veto=True)]
    # 8 points on a, 5 on b: 87 of 100.
    result = rubrics.score(items, {"a": rubrics.deduction(items[0], 4), "b": Decimal(5)}, BANDS)
    assert (result.earned, result.total, result.out_of_100, result.grade, result.vetoed) == (
        Decimal(87),
        Decimal(100),
        Decimal("87.0"),
        "good",
        False,
    )
    # A deduction given above the item's points counts only up to them.
    assert rubrics.score(items, {"b": Decimal(40)}, BANDS).earned == Decimal(75)
    vetoed = rubrics.score(items, {"c": Decimal(15)}, BANDS)
    assert vetoed.out_of_100 == Decimal("85.0") and vetoed.vetoed and vetoed.grade == "fail"


def test_a_rubric_of_other_points_is_scored_out_of_100():
    items = [item("a", 40), item("b", 10)]
    assert rubrics.score(items, {"a": Decimal(5)}, BANDS).out_of_100 == Decimal("90.0")


@pytest.mark.django_db
def test_the_default_rubric_is_published_complete_and_cites_its_sources():
    rubric = Rubric.objects.get(code="litigation_response", version=1)
    items = list(rubric.items.all())
    assert rubric.is_published and rubric.total_points() == 100 and not rubrics.problems(rubric)
    assert len(items) == len(rubrics.rubric_data()["items"]) == 13
    assert all(entry.source for entry in items)
    assert {entry.check_name for entry in items if entry.check_name} <= set(checks.CHECKS)
    sources = " ".join(entry.source for entry in items)
    for cited in (
        "000 第十一条",
        "001 第十五条",
        "001 第十六条",
        "第六十七条",
        "001 第十七条",
        "001 第二十七条",
        "004 第二十四条",
    ):
        assert cited in sources
    assert [entry.code for entry in items if entry.veto] == ["defence_on_time"]


@pytest.mark.django_db
def test_a_published_version_never_changes_and_a_new_version_is_a_draft_copy(world):
    rubric = Rubric.objects.get(code="litigation_response", version=1)
    first = rubric.items.first()
    first.max_points = Decimal(20)
    with pytest.raises(RubricLocked), transaction.atomic():
        first.save()
    with pytest.raises(RubricLocked), transaction.atomic():
        first.delete()
    rubric.name = "改名"
    with pytest.raises(RubricLocked), transaction.atomic():
        rubric.save()
    with pytest.raises(RubricLocked), transaction.atomic():
        RubricItem.objects.create(
            rubric=rubric, code="new", section="x", label="x", source="x", max_points=1, rule="fixed", deduct=1
        )

    draft = rubrics.new_version(rubric, world.user("supervisor"))
    assert (draft.version, draft.state, draft.items.count()) == (2, "draft", 13)
    changed = draft.items.get(code=first.code)
    changed.max_points = Decimal(20)
    changed.save()  # drafts may change
    with pytest.raises(ValidationError) as refused:
        rubrics.publish(draft, world.user("supervisor"))
    assert "110" in " ".join(refused.value.messages) and "100" in " ".join(refused.value.messages)
    changed.max_points = Decimal(10)
    changed.save()
    rubrics.publish(draft, world.user("supervisor"))
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at
    # Version 1 is as it was.
    assert Rubric.objects.get(pk=rubric.pk).items.get(code=first.code).max_points == Decimal(10)


@pytest.mark.parametrize(
    ("bands", "expected"),
    [
        ([], "Give the grade bands"),
        ([{"grade": "excellent", "min": 90}], "start at 0"),
        ([{"grade": "great", "min": 0}], "needs a grade"),
        ([{"grade": "pass", "min": 120}, {"grade": "fail", "min": 0}], "between 0 and 100"),
        ([{"grade": "pass", "min": 60}, {"grade": "pass", "min": 0}], "two bands"),
    ],
)
def test_bad_grade_bands_are_refused_with_the_reason(bands, expected):
    with translation.override("en"):
        assert any(expected in problem for problem in rubrics.band_problems(bands))
