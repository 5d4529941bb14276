"""Scoring a case file: the prefilled form, drafts, submission, reconciliation and the final score.

An evaluator's form starts from what the case data decides (:mod:`.checks`):
each item shows the faults the data finds and its evidence. Where the
evaluator's count differs, they give the reason. A draft may be saved any
number of times; submitting computes the score, freezes the items as scored
(``Evaluation.snapshot``) and locks the evaluation.

When every evaluation of a file is in, the file gets its final score: the
evaluators' mean deduction per item, unless their scores differ by more than
the campaign's limit, or they disagree on a veto, in which case a supervisor
who did not score it reconciles, giving the reason.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.evaluation import checks, rubrics
from archive.evaluation.campaigns import CampaignError, record
from archive.models.evaluation import (
    CampaignFile,
    CampaignState,
    Evaluation,
    EvaluationAction,
    EvaluationState,
    FileState,
    ItemScore,
)
from casefiles import access

ONE_PLACE = Decimal("0.1")
MAX_FAULTS = 99


class Entry:
    """What the evaluator says of one item: the faults found, a note, and why it differs from the data."""

    def __init__(self, faults, note="", override_reason=""):
        self.faults = faults
        self.note = (note or "").strip()
        self.override_reason = (override_reason or "").strip()


def items_of(evaluation):
    return list(evaluation.campaign_file.campaign.rubric.items.all())


def can_score(user, evaluation):
    return user.is_authenticated and user.is_active and evaluation.evaluator_id == user.pk


@transaction.atomic
def prefill(evaluation):
    """Create the item rows of ``evaluation`` from the checks (once; a draft keeps what was entered)."""
    if evaluation.item_scores.exists():
        return list(evaluation.item_scores.select_related("item"))
    items = items_of(evaluation)
    findings = checks.run(items, evaluation.campaign_file.case_file)
    rows = []
    for item in items:
        finding = findings.get(item.code)
        rows.append(
            ItemScore(
                evaluation=evaluation,
                item=item,
                faults=(finding.faults or 0) if finding else 0,
                checked_faults=finding.faults if finding else None,
                evidence=list(finding.evidence) if finding else [],
            )
        )
    ItemScore.objects.bulk_create(rows)
    return list(evaluation.item_scores.select_related("item"))


def _locked(evaluation):
    return Evaluation.objects.select_for_update().select_related("campaign_file__campaign").get(pk=evaluation.pk)


def _check_entries(rows, entries):
    """Errors {item code: message} of ``entries`` ({item code: Entry}) against the item rows."""
    errors = {}
    for row in rows:
        entry = entries.get(row.item.code)
        if entry is None:
            continue
        if not isinstance(entry.faults, int) or not 0 <= entry.faults <= MAX_FAULTS:
            errors[row.item.code] = _("Give the number of faults found, from 0 to %(max)s.") % {"max": MAX_FAULTS}
        elif row.checked_faults is not None and entry.faults != row.checked_faults and not entry.override_reason:
            errors[row.item.code] = _("The case data shows %(checked)s faults here; say why you count %(faults)s.") % {
                "checked": row.checked_faults,
                "faults": entry.faults,
            }
    return errors


class ScoringError(Exception):
    """Entries that cannot be saved: ``errors`` maps item codes (or "") to Chinese messages."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


@transaction.atomic
def save(evaluation, user, entries, *, comment="", flagged=False, submit=False):
    """Save the evaluator's entries as a draft, or submit them (which locks the evaluation)."""
    evaluation = _locked(evaluation)
    if not can_score(user, evaluation):
        raise PermissionDenied
    if evaluation.campaign_file.campaign.state != CampaignState.RUNNING:
        raise ScoringError({"": _("The campaign is not running: nothing can be scored.")})
    if evaluation.state == EvaluationState.SUBMITTED:
        raise ScoringError({"": _("This evaluation was submitted: it can no longer be changed.")})
    if not access.can(user, access.VIEW, evaluation.campaign_file.case_file_id):
        raise ScoringError({"": _("Your access to this case file has ended with the campaign.")})
    rows = prefill(evaluation)
    errors = _check_entries(rows, entries)
    if errors:
        raise ScoringError(errors)
    for row in rows:
        entry = entries.get(row.item.code)
        if entry is None:
            continue
        row.faults, row.note = entry.faults, entry.note
        row.override_reason = entry.override_reason if entry.faults != row.checked_faults else ""
        row.save(update_fields=["faults", "note", "override_reason"])
    evaluation.comment, evaluation.flagged = (comment or "").strip(), bool(flagged)
    if not submit:
        evaluation.state = EvaluationState.DRAFT
        evaluation.save(update_fields=["comment", "flagged", "state"])
        record(
            evaluation.campaign_file.campaign,
            EvaluationAction.DRAFT_SAVED,
            user,
            campaign_file=evaluation.campaign_file,
        )
        return evaluation
    result = score_rows(rows, evaluation.campaign_file.campaign.rubric.grade_bands)
    evaluation.state = EvaluationState.SUBMITTED
    evaluation.submitted_at = timezone.now()
    evaluation.score, evaluation.grade, evaluation.vetoed = result.out_of_100, result.grade, result.vetoed
    evaluation.snapshot = snapshot(evaluation, rows)
    evaluation.save()
    record(
        evaluation.campaign_file.campaign,
        EvaluationAction.SUBMITTED,
        user,
        campaign_file=evaluation.campaign_file,
        details={"score": str(evaluation.score), "grade": evaluation.grade, "vetoed": evaluation.vetoed},
    )
    finalise_if_complete(evaluation.campaign_file, user)
    return evaluation


def deductions_of(rows):
    return {row.item.code: rubrics.deduction(row.item, row.faults) for row in rows}


def score_rows(rows, bands):
    return rubrics.score([row.item for row in rows], deductions_of(rows), bands)


def snapshot(evaluation, rows):
    """The items as scored, in plain values: what the evaluation says whatever happens to the rubric."""
    rubric = evaluation.campaign_file.campaign.rubric
    return {
        "rubric": rubric.code,
        "version": rubric.version,
        "name": rubric.name,
        "grade_bands": rubric.grade_bands,
        "items": [
            {
                "code": row.item.code,
                "section": row.item.section,
                "label": row.item.label,
                "source": row.item.source,
                "max_points": str(row.item.max_points),
                "rule": row.item.rule,
                "deduct": str(row.item.deduct),
                "veto": row.item.veto,
                "faults": row.faults,
                "checked_faults": row.checked_faults,
                "deduction": str(rubrics.deduction(row.item, row.faults)),
                "note": row.note,
                "override_reason": row.override_reason,
            }
            for row in rows
        ],
    }


# --- The final score --------------------------------------------------------------------------


def _mean(values):
    values = list(values)
    return (sum(values, Decimal(0)) / len(values)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _set_final(campaign_file, deductions, flagged):
    campaign = campaign_file.campaign
    items = list(campaign.rubric.items.all())
    result = rubrics.score(items, deductions, campaign.rubric.grade_bands)
    campaign_file.state = FileState.FINAL
    campaign_file.score, campaign_file.grade, campaign_file.vetoed = result.out_of_100, result.grade, result.vetoed
    campaign_file.deductions = {code: str(points) for code, points in deductions.items()}
    campaign_file.flagged = flagged
    campaign_file.save()
    return campaign_file


def finalise_if_complete(campaign_file, user):
    """Give the file its final score once every evaluation is in, or send it to reconciliation."""
    campaign_file = CampaignFile.objects.select_for_update().select_related("campaign__rubric").get(pk=campaign_file.pk)
    evaluations = list(campaign_file.evaluations.all())
    if not evaluations or any(e.state != EvaluationState.SUBMITTED for e in evaluations):
        return campaign_file
    scores = [e.score for e in evaluations]
    spread = max(scores) - min(scores)
    vetoes = {e.vetoed for e in evaluations}
    if spread > campaign_file.campaign.reconcile_over or len(vetoes) > 1:
        campaign_file.state = FileState.RECONCILE
        campaign_file.save(update_fields=["state"])
        return campaign_file
    codes = [item.code for item in campaign_file.campaign.rubric.items.all()]
    deductions = {
        code: _mean(
            Decimal(next(i["deduction"] for i in e.snapshot["items"] if i["code"] == code)) for e in evaluations
        )
        for code in codes
    }
    _set_final(campaign_file, deductions, any(e.flagged for e in evaluations))
    record(
        campaign_file.campaign,
        EvaluationAction.FINALISED,
        user,
        campaign_file=campaign_file,
        details={"score": str(campaign_file.score), "grade": campaign_file.grade},
    )
    return campaign_file


def can_reconcile(user, campaign_file):
    """A supervisor who did not score the file reconciles it."""
    return access.can_run_evaluations(user) and not campaign_file.evaluations.filter(evaluator=user).exists()


@transaction.atomic
def reconcile(campaign_file, user, faults, *, reason, flagged=False):
    """Settle a file whose scores differ: the reviewer's faults per item ({code: faults}), with the reason."""
    campaign_file = CampaignFile.objects.select_for_update().select_related("campaign__rubric").get(pk=campaign_file.pk)
    if not can_reconcile(user, campaign_file):
        raise PermissionDenied
    if campaign_file.state != FileState.RECONCILE:
        raise CampaignError(_("This case file's scores do not need reconciling."))
    reason = (reason or "").strip()
    if not reason:
        raise CampaignError(_("Give the reason for the reconciled score."))
    items = list(campaign_file.campaign.rubric.items.all())
    bad = [
        code
        for code in (item.code for item in items)
        if not (isinstance(faults.get(code), int) and 0 <= faults[code] <= MAX_FAULTS)
    ]
    if bad:
        raise CampaignError(_("Give the number of faults for every item, from 0 to %(max)s.") % {"max": MAX_FAULTS})
    deductions = {item.code: rubrics.deduction(item, faults[item.code]) for item in items}
    _set_final(campaign_file, deductions, flagged)
    record(
        campaign_file.campaign,
        EvaluationAction.RECONCILED,
        user,
        campaign_file=campaign_file,
        reason=reason,
        details={"faults": faults, "score": str(campaign_file.score), "grade": campaign_file.grade},
    )
    return campaign_file
