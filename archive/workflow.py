"""The archiving workflow (立卷归档): an explicit state machine over :class:`ArchivingSubmission`.

::

    submit (handling unit) ─▶ completeness check (automatic) ─▶ CHECKED
    CHECKED ── start_review (archivist) ─▶ UNDER_REVIEW
    UNDER_REVIEW ── approve (archivist, confirms retention) ─▶ ARCHIVED, with its archival code
    UNDER_REVIEW ── return_to_unit (archivist, reasons) ─▶ RETURNED
    RETURNED ── submit (handling unit, answers the reasons) ─▶ check ─▶ CHECKED …
    ARCHIVED ── reopen (archivist, reason) ─▶ REOPENED (the unit may correct it; the code stays)
    REOPENED ── reseal (archivist, what was corrected) ─▶ ARCHIVED

Archiving and sealing again seal the case file (:func:`_seal`): the
four-property check must pass (archive.four_property), then every stored
file's SHA-256 and size go into the fixity manifest (archive.fixity). While
ARCHIVED the case file is read-only for everyone (casefiles.access.is_sealed).

Sources: 000 第九条（四）, 001 第四十六条, 002 第十二条 (the case is archived when it
ends), 004 第二十四条 (within 10 working days of the closing document, originals
complete, numbered by year, one case one number).

Each step runs in one transaction that locks the submission row, checks who
may take it (through :mod:`casefiles.access`) and from which state, and adds
an :class:`ArchivingEvent`: who, when, why. A refused step changes nothing.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive import checklists, fixity, four_property, retention
from archive.models import Action, ArchivalCode, ArchivingEvent, ArchivingSubmission, FourPropertyReport, State
from archive.models.codes import ArchivalCodeError, assign_code, fonds_of, year_of
from casefiles import access
from casefiles.models import CaseEventKind, CaseFile, record_event


class ArchivingError(Exception):
    """A step that cannot be taken now; the message is for the user."""


class Incomplete(ArchivingError):
    """The case file lacks documents the checklist requires; ``result`` lists them."""

    def __init__(self, result):
        self.result = result
        super().__init__(
            _("The case file is incomplete: %(items)s") % {"items": _("; ").join(item.label for item in result.missing)}
        )


class FourPropertyFailed(ArchivingError):
    """The case file fails the four-property check; ``outcome`` holds the report, not yet kept."""

    def __init__(self, outcome):
        self.outcome = outcome
        super().__init__(
            _("The four-property check failed, so the case file cannot be sealed: %(reasons)s")
            % {"reasons": _("; ").join(outcome.summary())}
        )


def _seal(case_file, user, occasion):
    """Seal ``case_file`` (inside the step's transaction): the four-property check, then the fixity manifest.

    Raises :class:`FourPropertyFailed` when a check that must pass fails.
    Returns what the step's event records.
    """
    outcome = four_property.run(case_file)
    if not outcome.passed:
        raise FourPropertyFailed(outcome)
    report = four_property.keep(outcome, case_file, user, occasion)
    try:
        entries = fixity.record_manifest(case_file, user, outcome.measured)
    except fixity.FileProblem as e:  # a file went while it was being sealed
        raise ArchivingError(str(e)) from e
    return {"four_property_report": report.pk, "manifest_files": len(entries)}


def _publish_status(case_file, status, user):
    """Give the case file ``status`` in a new published revision, so its history shows who and when."""
    case_file = CaseFile.objects.get(pk=case_file.pk)
    case_file.status = status
    case_file.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)


def _record(submission, action, from_state, user, reason="", details=None):
    return ArchivingEvent.objects.create(
        submission=submission,
        action=action,
        from_state=from_state,
        to_state=submission.state,
        actor=user,
        reason=reason,
        details=details or {},
    )


def _locked(submission):
    return ArchivingSubmission.objects.select_for_update().select_related("case_file").get(pk=submission.pk)


def _require_state(submission, *states):
    if submission.state not in states:
        raise ArchivingError(
            _("This step cannot be taken while the case file is “%(state)s”.")
            % {"state": submission.get_state_display()}
        )


@transaction.atomic
def submit(case_file, user, *, answer=""):
    """The handling unit submits a closed case file; the completeness check runs at once.

    After a return, ``answer`` (the unit's answer to the reasons) is required.
    Raises :class:`Incomplete` with the missing items, and stores nothing, when
    the case file lacks a required document.
    """
    if not access.can_submit_for_archiving(user, case_file):
        raise PermissionDenied
    case_file = CaseFile.objects.get(pk=case_file.pk)
    submission = ArchivingSubmission.objects.select_for_update().filter(case_file=case_file).first()
    if submission is not None:
        _require_state(submission, State.RETURNED)
        answer = answer.strip()
        if not answer:
            raise ArchivingError(_("Answer the archivist's reasons for the return before submitting again."))
    if case_file.status != CaseFile.Status.CLOSED:
        raise ArchivingError(
            _("Only a closed case file can be submitted for archiving; this one is “%(status)s”.")
            % {"status": case_file.get_status_display()}
        )
    result = checklists.check(case_file)
    if not result.complete:
        raise Incomplete(result)
    proposal = retention.propose(case_file)
    now = timezone.now()
    from_state = submission.state if submission else ""
    if submission is None:
        submission = ArchivingSubmission(case_file=case_file)
    submission.state = State.CHECKED
    submission.submitted_by, submission.submitted_at, submission.reviewer = user, now, None
    submission.proposed_retention, submission.proposal_source = proposal.retention, proposal.source
    submission.save()
    _record(submission, Action.SUBMITTED, from_state, user, reason=answer)
    _record(submission, Action.CHECKED, from_state, None, details=result.as_data())
    return submission


@transaction.atomic
def start_review(submission, user):
    submission = _locked(submission)
    if not access.can_review_archiving(user, submission.case_file):
        raise PermissionDenied
    _require_state(submission, State.CHECKED)
    submission.state, submission.reviewer = State.UNDER_REVIEW, user
    submission.save(update_fields=["state", "reviewer"])
    _record(submission, Action.REVIEW_STARTED, State.CHECKED, user)
    return submission


@transaction.atomic
def return_to_unit(submission, user, reasons):
    """The archivist sends the case file back; the handling unit sees ``reasons`` and answers them."""
    submission = _locked(submission)
    if not access.can_review_archiving(user, submission.case_file):
        raise PermissionDenied
    _require_state(submission, State.UNDER_REVIEW)
    reasons = (reasons or "").strip()
    if not reasons:
        raise ArchivingError(_("Give the reasons for returning the case file."))
    submission.state = State.RETURNED
    submission.save(update_fields=["state"])
    _record(submission, Action.RETURNED, State.UNDER_REVIEW, user, reason=reasons)
    return submission


@transaction.atomic
def approve(submission, user, retention_code, note=""):
    """The archivist archives the case file: confirms the retention and assigns its archival code.

    The completeness check runs again (a file may have gone since the
    submission). The case file's status becomes archived in a new published
    revision, so its history shows who archived it, and the case records its
    archiving event, which meets its archiving deadline.
    """
    submission = _locked(submission)
    if not access.can_review_archiving(user, submission.case_file):
        raise PermissionDenied
    _require_state(submission, State.UNDER_REVIEW)
    if retention_code not in retention.Retention.values:
        raise ArchivingError(_("Choose the retention period."))
    case_file = CaseFile.objects.get(pk=submission.case_file_id)
    result = checklists.check(case_file)
    if not result.complete:
        raise Incomplete(result)
    try:
        fonds = fonds_of(case_file)
    except ArchivalCodeError as e:
        raise ArchivingError(str(e)) from e
    sealed = _seal(case_file, user, FourPropertyReport.Occasion.ARCHIVING)
    code = assign_code(
        case_file,
        fonds=fonds,
        year=year_of(case_file, timezone.localdate()),
        retention=retention_code,
        user=user,
    )
    # Archivists read case files and do not edit them: the status changes by
    # this step, not by their page permissions.
    case_file.status = CaseFile.Status.ARCHIVED
    case_file.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
    submission.state = State.ARCHIVED
    submission.save(update_fields=["state"])
    # The case's archiving event meets its archiving deadline (004 第二十四条; casefiles MET_BY).
    record_event(case_file, CaseEventKind.ARCHIVED, timezone.localdate(), by=user, note=code.code)
    _record(
        submission,
        Action.ARCHIVED,
        State.UNDER_REVIEW,
        user,
        reason=(note or "").strip(),
        details={
            "code": code.code,
            "retention": retention_code,
            "proposed_retention": submission.proposed_retention,
            "checklist": result.as_data(),
            **sealed,
        },
    )
    generate_volume_after_archiving(case_file, user)
    return submission


def generate_volume_after_archiving(case_file, user):
    """The volume (cover, index, note, combined PDF) is generated once the archiving has committed."""
    from archive.volume import service

    service.schedule(case_file, user)


@transaction.atomic
def reopen(submission, user, reason):
    """An archivist reopens an archived case file so that it can be corrected; ``reason`` is required.

    The case file is no longer sealed and its status is closed again; it keeps
    its archival code (one case one number: 004 第二十四条), which sealing it
    again gives back.
    """
    submission = _locked(submission)
    if not access.can_reopen(user, submission.case_file):
        raise PermissionDenied
    _require_state(submission, State.ARCHIVED)
    reason = (reason or "").strip()
    if not reason:
        raise ArchivingError(_("Give the reason for reopening the archived case file."))
    submission.state = State.REOPENED
    submission.save(update_fields=["state"])  # no longer sealed: the status may change
    _publish_status(submission.case_file, CaseFile.Status.CLOSED, user)
    code = ArchivalCode.objects.filter(case_file_id=submission.case_file_id).values_list("code", flat=True).first()
    _record(submission, Action.REOPENED, State.ARCHIVED, user, reason=reason, details={"code": code})
    return submission


@transaction.atomic
def reseal(submission, user, reason):
    """An archivist seals a reopened case file again, saying what was corrected (``reason``).

    The completeness and four-property checks run again and the fixity
    manifest is recorded anew; the archival code is the one it had.
    """
    submission = _locked(submission)
    if not access.can_reopen(user, submission.case_file):
        raise PermissionDenied
    _require_state(submission, State.REOPENED)
    reason = (reason or "").strip()
    if not reason:
        raise ArchivingError(_("Say what was corrected before sealing the case file again."))
    case_file = CaseFile.objects.get(pk=submission.case_file_id)
    result = checklists.check(case_file)
    if not result.complete:
        raise Incomplete(result)
    sealed = _seal(case_file, user, FourPropertyReport.Occasion.RESEALING)
    _publish_status(case_file, CaseFile.Status.ARCHIVED, user)
    submission.state = State.ARCHIVED
    submission.save(update_fields=["state"])
    code = ArchivalCode.objects.get(case_file=case_file)
    _record(
        submission,
        Action.RESEALED,
        State.REOPENED,
        user,
        reason=reason,
        details={"code": code.code, "checklist": result.as_data(), **sealed},
    )
    return submission
