"""Rectification (整改) of failed or flagged case files: the notice, the unit's answer, the close.

::

    campaign closed ─▶ ISSUED: a notice to the handling unit, with the problems and a date
    ISSUED ── answer (the unit's officers or head) ─▶ ANSWERED
    ANSWERED ── close (supervisor) ─▶ CLOSED
    ANSWERED ── return (supervisor, reasons) ─▶ ISSUED again

The regulations ask for the evaluation (001 第四十六条) but set no period to
rectify in; the campaign's ``rectification_days`` (30 by default) gives it.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.evaluation.campaigns import CampaignError, record
from archive.models.evaluation import (
    CampaignFile,
    EvaluationAction,
    FileState,
    Grade,
    Rectification,
    RectificationState,
)
from casefiles import access
from casefiles.models import AgencyMembership
from casefiles.roles import Role

ANSWERING_ROLES = (Role.OFFICER, Role.HEAD)


def problems_text(campaign_file):
    """The items that lost points, with what they lost, for the notice."""
    items = {item.code: item for item in campaign_file.campaign.rubric.items.all()}
    lines = []
    if campaign_file.vetoed:
        lines.append(_("A veto item was found at fault: the case file fails."))
    for code, points in campaign_file.deductions.items():
        if float(points) > 0 and code in items:
            lines.append(
                _("%(label)s (%(source)s): %(points)s points lost.")
                % {"label": items[code].label, "source": items[code].source, "points": points}
            )
    for evaluation in campaign_file.evaluations.exclude(comment=""):
        lines.append(_("Evaluator's comment: %(comment)s") % {"comment": evaluation.comment})
    return "\n".join(lines) or _("Flagged by the evaluators for rectification.")


def issue_for(campaign, by):
    """Send a notice for each final file of ``campaign`` that failed or was flagged (once per file)."""
    issued = []
    due = timezone.localdate() + datetime.timedelta(days=campaign.rectification_days)
    files = CampaignFile.objects.filter(campaign=campaign, state=FileState.FINAL, rectification__isnull=True)
    for campaign_file in files.select_related("campaign__rubric"):
        if not (campaign_file.grade == Grade.FAIL or campaign_file.flagged):
            continue
        notice = Rectification.objects.create(
            campaign_file=campaign_file,
            agency_id=campaign_file.agency_id,
            problems=problems_text(campaign_file),
            due=due,
        )
        record(
            campaign,
            EvaluationAction.RECTIFICATION_ISSUED,
            by,
            campaign_file=campaign_file,
            details={"due": due.isoformat(), "agency": campaign_file.agency_id},
        )
        issued.append(notice)
    return issued


def can_answer(user, notice):
    """The handling unit's officers and head answer its notices."""
    return (
        user.is_authenticated
        and user.is_active
        and AgencyMembership.objects.filter(user=user, agency_id=notice.agency_id, role__in=ANSWERING_ROLES).exists()
    )


def can_see(user, notice):
    return can_answer(user, notice) or access.can_run_evaluations(user)


def visible_to(user):
    """The notices ``user`` sees: every one for supervisors, their units' for officers and heads."""
    notices = Rectification.objects.select_related("campaign_file__case_file", "campaign_file__campaign", "agency")
    if access.can_run_evaluations(user):
        return notices
    agencies = AgencyMembership.objects.filter(user=user, role__in=ANSWERING_ROLES).values("agency_id")
    return notices.filter(agency_id__in=agencies)


def _locked(notice):
    return Rectification.objects.select_for_update().select_related("campaign_file__campaign").get(pk=notice.pk)


@transaction.atomic
def answer(notice, user, text):
    notice = _locked(notice)
    if not can_answer(user, notice):
        raise PermissionDenied
    if notice.state != RectificationState.ISSUED:
        raise CampaignError(_("This notice is not waiting for an answer."))
    text = (text or "").strip()
    if not text:
        raise CampaignError(_("Say what was rectified."))
    notice.answer, notice.answered_at, notice.state = text, timezone.now(), RectificationState.ANSWERED
    notice.save(update_fields=["answer", "answered_at", "state"])
    record(
        notice.campaign_file.campaign,
        EvaluationAction.RECTIFICATION_ANSWERED,
        user,
        campaign_file=notice.campaign_file,
        reason=text,
    )
    return notice


@transaction.atomic
def close(notice, user, note=""):
    notice = _locked(notice)
    if not access.can_run_evaluations(user):
        raise PermissionDenied
    if notice.state != RectificationState.ANSWERED:
        raise CampaignError(_("Only an answered notice can be closed."))
    notice.state = RectificationState.CLOSED
    notice.save(update_fields=["state"])
    record(
        notice.campaign_file.campaign,
        EvaluationAction.RECTIFICATION_CLOSED,
        user,
        campaign_file=notice.campaign_file,
        reason=(note or "").strip(),
    )
    return notice


@transaction.atomic
def send_back(notice, user, reasons):
    """The supervisor finds the answer wanting: the notice waits for a new answer."""
    notice = _locked(notice)
    if not access.can_run_evaluations(user):
        raise PermissionDenied
    if notice.state != RectificationState.ANSWERED:
        raise CampaignError(_("Only an answered notice can be returned."))
    reasons = (reasons or "").strip()
    if not reasons:
        raise CampaignError(_("Give the reasons for returning the answer."))
    notice.state = RectificationState.ISSUED
    notice.save(update_fields=["state"])
    record(
        notice.campaign_file.campaign,
        EvaluationAction.RECTIFICATION_RETURNED,
        user,
        campaign_file=notice.campaign_file,
        reason=reasons,
    )
    return notice
