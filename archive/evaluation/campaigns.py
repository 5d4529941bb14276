"""Evaluation campaigns: the files in scope, the sample, the evaluators' assignments and access.

::

    create (supervisor: name, period, scope, rubric version, all or a sample, evaluators) ─▶ DRAFT
    DRAFT ── start (supervisor) ─▶ RUNNING: files chosen, evaluators assigned, view access until the end
    RUNNING ── close (supervisor, every file scored) ─▶ CLOSED: access ends, rectification notices go out

A sample is reproducible: per handling unit, the case files in scope sorted by
id are sampled by a random generator seeded with the campaign's seed and the
unit's id, so the same seed always gives the same files (the seed is shown).

Assignment is cross-evaluation (交叉评查): an evaluator never gets a case file
of an agency they belong to (the agency owning its library, its handling unit,
or a defendant). Files are assigned most constrained first, each to the
eligible evaluators with the fewest files so far, so the load differs by at
most one wherever the constraints allow it. Access is a view grant per
assignment through :mod:`casefiles.access`, ending with the campaign.
"""

import random
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.models.borrowing import end_of
from archive.models.evaluation import (
    ArchivedScope,
    Campaign,
    CampaignFile,
    CampaignState,
    Evaluation,
    EvaluationAction,
    EvaluationEvent,
    RubricState,
    Selection,
)
from casefiles import access
from casefiles.models import CaseFile, Cause

# Case files that can be evaluated: their case has ended (001 第四十六条: 行政诉讼案件终结后).
EVALUABLE_STATUSES = (CaseFile.Status.CLOSED, CaseFile.Status.ARCHIVED)


class CampaignError(Exception):
    """A step that cannot be taken now; the message is for the user."""


def new_seed():
    return secrets.token_hex(4)


def record(campaign, action, user, *, campaign_file=None, reason="", details=None):
    return EvaluationEvent.objects.create(
        campaign=campaign, campaign_file=campaign_file, action=action, actor=user, reason=reason, details=details or {}
    )


def _require_supervisor(user):
    if not access.can_run_evaluations(user):
        raise PermissionDenied


def _locked(campaign):
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


# --- Scope and sample -------------------------------------------------------------------------


def in_scope(campaign):
    """The live, concluded case files of the campaign's scope (handling units, years, causes, archived)."""
    case_files = CaseFile.objects.live().filter(status__in=EVALUABLE_STATUSES)
    agencies = list(campaign.agencies.values_list("pk", flat=True))
    if agencies:
        case_files = case_files.filter(handling_unit_id__in=agencies)
    if campaign.years:
        case_files = case_files.filter(case_year__in=campaign.years)
    causes = list(campaign.causes.values_list("pk", flat=True))
    if causes:
        # A cause covers the causes under it.
        covered = Cause.objects.filter(Q(pk__in=causes) | Q(parent_id__in=causes)).values("pk")
        case_files = case_files.filter(cause_id__in=covered)
    if campaign.archived == ArchivedScope.ARCHIVED:
        case_files = case_files.filter(status=CaseFile.Status.ARCHIVED)
    elif campaign.archived == ArchivedScope.NOT_ARCHIVED:
        case_files = case_files.exclude(status=CaseFile.Status.ARCHIVED)
    return case_files


def choose(campaign):
    """[(case file id, handling unit id)] the campaign evaluates: every one in scope, or the sample."""
    rows = sorted(in_scope(campaign).values_list("pk", "handling_unit_id"))
    if campaign.selection == Selection.ALL:
        return rows
    by_agency = {}
    for case_file_id, agency_id in rows:
        by_agency.setdefault(agency_id, []).append(case_file_id)
    chosen = []
    for agency_id, ids in sorted(by_agency.items()):
        rng = random.Random(f"{campaign.seed}:{agency_id}")
        picked = rng.sample(ids, min(campaign.sample_size or 0, len(ids)))
        chosen.extend((case_file_id, agency_id) for case_file_id in sorted(picked))
    return sorted(chosen)


# --- Assignment -------------------------------------------------------------------------------


def plan_assignments(case_file_agencies, evaluator_agencies, per_file, seed=""):
    """{case file id: [evaluator ids]}: cross-evaluation, balanced.

    ``case_file_agencies``: {case file id: agency ids it belongs to};
    ``evaluator_agencies``: {evaluator id: agency ids they belong to}. Raises
    CampaignError naming the files that have too few eligible evaluators.
    """
    order = list(evaluator_agencies)
    random.Random(f"{seed}:evaluators").shuffle(order)
    rank = {evaluator: position for position, evaluator in enumerate(order)}
    eligible = {
        case_file_id: [e for e in evaluator_agencies if not evaluator_agencies[e] & agencies]
        for case_file_id, agencies in case_file_agencies.items()
    }
    short = sorted(case_file_id for case_file_id, found in eligible.items() if len(found) < per_file)
    if short:
        raise CampaignError(short)
    load = dict.fromkeys(evaluator_agencies, 0)
    plan = {}
    for case_file_id in sorted(eligible, key=lambda key: (len(eligible[key]), key)):
        chosen = sorted(eligible[case_file_id], key=lambda e: (load[e], rank[e]))[:per_file]
        for evaluator in chosen:
            load[evaluator] += 1
        plan[case_file_id] = sorted(chosen, key=rank.get)
    return plan


def _short_message(short_ids, per_file):
    titles = CaseFile.objects.filter(pk__in=short_ids).order_by("pk").values_list("title", flat=True)
    return _(
        "Too few evaluators from other agencies for %(count)s case files (each needs %(per_file)s who do not belong "
        "to its agencies): %(titles)s. Add evaluators from other agencies."
    ) % {"count": len(short_ids), "per_file": per_file, "titles": _(", ").join(f"“{t}”" for t in titles)}


# --- Steps ------------------------------------------------------------------------------------


def check_ready(campaign):
    """What keeps ``campaign`` from starting, in Chinese."""
    problems = []
    if campaign.rubric.state != RubricState.PUBLISHED:
        problems.append(_("The rubric version is not published."))
    if campaign.ends_on < campaign.starts_on:
        problems.append(_("The campaign ends before it starts."))
    if campaign.ends_on < timezone.localdate():
        problems.append(_("The campaign's period is over."))
    if campaign.selection == Selection.SAMPLE and not campaign.sample_size:
        problems.append(_("Give how many case files to sample per agency."))
    evaluators = list(campaign.evaluators.all())
    if len(evaluators) < campaign.evaluators_per_file:
        problems.append(
            _("Choose at least %(count)s evaluators (the number of evaluators per file).")
            % {"count": campaign.evaluators_per_file}
        )
    not_evaluators = [user for user in evaluators if not access.is_evaluator(user)]
    if not_evaluators:
        problems.append(
            _("Not evaluators: %(names)s.")
            % {"names": _(", ").join(user.get_full_name() or user.username for user in not_evaluators)}
        )
    return problems


@transaction.atomic
def start(campaign, by):
    """Choose the files, assign the evaluators and give them access until the campaign's last day."""
    _require_supervisor(by)
    campaign = _locked(campaign)
    if campaign.state != CampaignState.DRAFT:
        raise CampaignError(_("This campaign has already started."))
    problems = check_ready(campaign)
    if problems:
        raise CampaignError(" ".join(problems))
    chosen = choose(campaign)
    if not chosen:
        raise CampaignError(_("No concluded case file falls in the campaign's scope."))
    case_files = {cf.pk: cf for cf in CaseFile.objects.filter(pk__in=[pk for pk, _a in chosen])}
    evaluators = {user.pk: user for user in campaign.evaluators.all()}
    try:
        plan = plan_assignments(
            {pk: access.case_file_agency_ids(case_files[pk]) for pk, _a in chosen},
            {pk: access.own_agency_ids(user) for pk, user in evaluators.items()},
            campaign.evaluators_per_file,
            campaign.seed,
        )
    except CampaignError as error:
        raise CampaignError(_short_message(error.args[0], campaign.evaluators_per_file)) from None
    until = end_of(campaign.ends_on)
    reason = _("Evaluation campaign “%(name)s”") % {"name": campaign.name}
    for case_file_id, agency_id in chosen:
        campaign_file = CampaignFile.objects.create(campaign=campaign, case_file_id=case_file_id, agency_id=agency_id)
        for evaluator_id in plan[case_file_id]:
            grant = access.grant_for_evaluation(
                case_files[case_file_id], evaluators[evaluator_id], until, by=by, reason=reason
            )
            Evaluation.objects.create(campaign_file=campaign_file, evaluator_id=evaluator_id, grant=grant)
        record(
            campaign,
            EvaluationAction.ASSIGNED,
            by,
            campaign_file=campaign_file,
            details={"evaluators": plan[case_file_id]},
        )
    campaign.state = CampaignState.RUNNING
    campaign.save(update_fields=["state"])
    record(
        campaign,
        EvaluationAction.STARTED,
        by,
        details={"files": len(chosen), "seed": campaign.seed, "selection": campaign.selection},
    )
    return campaign


@transaction.atomic
def close(campaign, by):
    """Close a campaign whose files all have their final score: access ends, rectification notices go out."""
    from archive.evaluation import rectification
    from archive.models.evaluation import FileState

    _require_supervisor(by)
    campaign = _locked(campaign)
    if campaign.state != CampaignState.RUNNING:
        raise CampaignError(_("Only a running campaign can be closed."))
    open_files = campaign.files.exclude(state=FileState.FINAL).count()
    if open_files:
        raise CampaignError(
            _("%(count)s case files have no final score yet: they must be scored or reconciled first.")
            % {"count": open_files}
        )
    end_access(campaign, by, _("The campaign is closed."))
    campaign.state = CampaignState.CLOSED
    campaign.save(update_fields=["state"])
    issued = rectification.issue_for(campaign, by)
    record(campaign, EvaluationAction.CLOSED, by, details={"rectifications": len(issued)})
    return campaign


def end_access(campaign, by, reason):
    """End the evaluators' access to the campaign's case files now."""
    for evaluation in Evaluation.objects.filter(campaign_file__campaign=campaign, grant__isnull=False).select_related(
        "grant"
    ):
        access.end_grant(evaluation.grant, by=by, reason=reason)


def assigned_to(user):
    """The evaluations assigned to ``user`` in running campaigns."""
    return (
        Evaluation.objects.filter(evaluator=user, campaign_file__campaign__state=CampaignState.RUNNING)
        .select_related("campaign_file__campaign", "campaign_file__case_file", "campaign_file__agency")
        .order_by("campaign_file__campaign__ends_on", "campaign_file__case_file__title")
    )
