"""Rubrics: the default one from ``data/rubric.yaml``, versions, and the arithmetic of a score.

A score is the rubric's points less what the faults found cost, each item's
deduction capped at its points; as a share of 100 it falls in a grade band. A
fault on a veto item fails the case file whatever its score. A published
version never changes (:func:`refuse_if_published`); a new version is a copy
(:func:`new_version`) that is edited, then published.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

DATA = Path(__file__).resolve().parent.parent / "data" / "rubric.yaml"
FULL_MARKS = Decimal(100)
GRADES = ("excellent", "good", "pass", "fail")
ONE_PLACE = Decimal("0.1")


def rubric_data(path=DATA):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_default_rubric(rubric_model, item_model, path=DATA):
    """Create version 1 of the default rubric, published, unless a rubric of its code exists (migrations)."""
    data = rubric_data(path)
    if rubric_model.objects.filter(code=data["code"]).exists():
        return
    rubric = rubric_model.objects.create(
        code=data["code"],
        version=1,
        name=data["name"],
        state="published",
        grade_bands=data["grade_bands"],
        published_at=timezone.now(),
    )
    for order, entry in enumerate(data["items"]):
        item_model.objects.create(
            rubric=rubric,
            sort_order=order,
            code=entry["code"],
            section=entry["section"],
            label=entry["label"],
            guidance=entry.get("guidance", ""),
            source=entry["source"],
            max_points=Decimal(str(entry["max_points"])),
            rule=entry["rule"],
            deduct=Decimal(str(entry["deduct"])),
            veto=entry.get("veto", False),
            check_name=entry.get("check", ""),
        )


# --- Arithmetic --------------------------------------------------------------------------------


def deduction(item, faults):
    """The points ``faults`` on ``item`` cost: once (fixed) or each (per occurrence), at most the item's points."""
    if faults <= 0:
        return Decimal(0)
    cost = item.deduct if item.rule == "fixed" else item.deduct * faults
    return min(cost, item.max_points)


def grade_for(score, bands, vetoed=False):
    """The grade of a score out of 100 under ``bands`` (a veto fails whatever the score)."""
    if vetoed:
        return "fail"
    for band in sorted(bands, key=lambda band: -band["min"]):
        if score >= Decimal(str(band["min"])):
            return band["grade"]
    return "fail"


def out_of_100(earned, total):
    if not total:
        return Decimal(0)
    return (earned * FULL_MARKS / total).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Score:
    earned: Decimal  # the rubric's points less the deductions
    total: Decimal  # the rubric's points
    vetoed: bool  # a veto item was found at fault
    grade: str

    @property
    def out_of_100(self):
        return out_of_100(self.earned, self.total)


def score(items, deductions, bands):
    """The Score of ``deductions`` ({item code: points deducted}) over the rubric ``items``."""
    total = sum((item.max_points for item in items), Decimal(0))
    lost = {item.code: min(Decimal(str(deductions.get(item.code, 0))), item.max_points) for item in items}
    earned = total - sum(lost.values(), Decimal(0))
    vetoed = any(item.veto and lost[item.code] > 0 for item in items)
    return Score(earned=earned, total=total, vetoed=vetoed, grade=grade_for(out_of_100(earned, total), bands, vetoed))


# --- Versions ------------------------------------------------------------------------------------


class RubricLocked(PermissionDenied):
    """A change to a published rubric version, refused; ``message`` says so."""

    @property
    def message(self):
        return _("A published rubric never changes: scores were given under it. Make a new version to change it.")


def refuse_if_published(rubric_id):
    from archive.models.evaluation import Rubric, RubricState

    if rubric_id and Rubric.objects.filter(pk=rubric_id, state=RubricState.PUBLISHED).exists():
        raise RubricLocked()


def problems(rubric, items=None):
    """What keeps ``rubric`` from being published, in Chinese (an empty list when nothing)."""
    items = list(rubric.items.all()) if items is None else items
    found = []
    if not items:
        found.append(_("The rubric has no items."))
    codes = [item.code for item in items]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        found.append(_("Item codes used twice: %(codes)s.") % {"codes": ", ".join(repeated)})
    total = sum((item.max_points for item in items), Decimal(0))
    if items and total != FULL_MARKS:
        found.append(_("The items' points add up to %(total)s; they must add up to 100.") % {"total": total})
    from archive.evaluation.checks import CHECKS

    for item in items:
        if not (item.source or "").strip():
            found.append(_("Item “%(label)s” cites no source.") % {"label": item.label[:30]})
        if item.check_name and item.check_name not in CHECKS:
            found.append(
                _("Item “%(label)s” names an unknown check “%(check)s”.")
                % {"label": item.label[:30], "check": item.check_name}
            )
        if item.deduct > item.max_points:
            found.append(_("Item “%(label)s” deducts more than its points.") % {"label": item.label[:30]})
    found.extend(band_problems(rubric.grade_bands))
    return found


def band_problems(bands):
    if not isinstance(bands, list) or not bands:
        return [_("Give the grade bands.")]
    found = []
    grades = []
    for band in bands:
        if not isinstance(band, dict) or band.get("grade") not in GRADES:
            return [_("Each grade band needs a grade (excellent, good, pass, fail) and a minimum score.")]
        try:
            minimum = Decimal(str(band.get("min")))
        except ArithmeticError:
            return [_("Each grade band needs a grade (excellent, good, pass, fail) and a minimum score.")]
        if not 0 <= minimum <= FULL_MARKS:
            found.append(_("A grade band's minimum must be between 0 and 100."))
        grades.append(band["grade"])
    if len(set(grades)) != len(grades):
        found.append(_("A grade appears in two bands."))
    if not any(Decimal(str(band["min"])) == 0 for band in bands):
        found.append(_("One band must start at 0, so that every score has a grade."))
    return found


@transaction.atomic
def publish(rubric, by):
    """Publish a draft version (ValidationError with the problems if it is not ready)."""
    from archive.models.evaluation import Rubric, RubricState

    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if rubric.state == RubricState.PUBLISHED:
        raise ValidationError(_("This version is already published."))
    found = problems(rubric)
    if found:
        raise ValidationError(found)
    Rubric.objects.filter(pk=rubric.pk).update(state=RubricState.PUBLISHED, published_at=timezone.now())
    rubric.refresh_from_db()
    return rubric


@transaction.atomic
def new_version(rubric, by):
    """A draft copy of ``rubric`` as the next version of its code, to edit and publish."""
    from archive.models.evaluation import Rubric, RubricItem, RubricState

    latest = Rubric.objects.filter(code=rubric.code).aggregate(latest=Max("version"))["latest"] or 0
    copy = Rubric.objects.create(
        code=rubric.code,
        version=latest + 1,
        name=rubric.name,
        state=RubricState.DRAFT,
        grade_bands=rubric.grade_bands,
        note=_("Copied from version %(version)s.") % {"version": rubric.version},
    )
    for item in rubric.items.all():
        RubricItem.objects.create(
            rubric=copy,
            sort_order=item.sort_order,
            code=item.code,
            section=item.section,
            label=item.label,
            guidance=item.guidance,
            source=item.source,
            max_points=item.max_points,
            rule=item.rule,
            deduct=item.deduct,
            veto=item.veto,
            check_name=item.check_name,
        )
    return copy
