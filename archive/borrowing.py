"""Borrowing (借阅) archived case files: request, approve or refuse, return early.

::

    request (staff outside the owning agency: purpose, until when) ─▶ REQUESTED
    REQUESTED ── approve (archivist of the owning agency, may shorten) ─▶ APPROVED: view access to the end of ``until``
    REQUESTED ── refuse (archivist, reasons) ─▶ REFUSED
    APPROVED ── return (borrower, before the end) ─▶ RETURNED: the access ends now

An approved loan needs nothing more to end: its access is a grant with an end
(:func:`casefiles.access.lend`), which every read of the permission layer, the
search index included, ignores once its time is up.

Each step runs in one transaction that locks the request, checks who may take
it (through :mod:`casefiles.access`) and from which state, and adds a
:class:`BorrowingEvent`: who, when, why. A refused step changes nothing.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.models import Borrowing, BorrowingAction, BorrowingEvent, BorrowingState
from archive.models.borrowing import end_of
from casefiles import access
from casefiles.models import CaseFile


class BorrowingError(Exception):
    """A step that cannot be taken now; the message is for the user."""


def _record(borrowing, action, user, reason="", details=None):
    return BorrowingEvent.objects.create(
        borrowing=borrowing, action=action, actor=user, reason=reason, details=details or {}
    )


def _locked(borrowing):
    # Lock the request's row only: the grant is an outer join, which PostgreSQL will not lock.
    return Borrowing.objects.select_for_update(of=("self",)).select_related("case_file", "grant").get(pk=borrowing.pk)


def _require_requested(borrowing):
    if borrowing.state != BorrowingState.REQUESTED:
        raise BorrowingError(
            _("This request has already been decided: “%(state)s”.") % {"state": borrowing.status_label()}
        )


def _check_until(until, today):
    if until is None:
        raise BorrowingError(_("Give the last day of the loan."))
    if until < today:
        raise BorrowingError(_("The last day of the loan cannot be in the past."))


@transaction.atomic
def request(case_file, user, *, purpose, until):
    """``user`` asks to borrow the archived ``case_file`` until the day ``until`` (inclusive), for ``purpose``."""
    if not access.can_borrow(user, case_file):
        raise PermissionDenied
    # One open request per borrower and case file: requests for the same case file wait for each other here.
    case_file = CaseFile.objects.select_for_update().get(pk=case_file.pk)
    purpose = (purpose or "").strip()
    if not purpose:
        raise BorrowingError(_("Say what you need the case file for."))
    _check_until(until, timezone.localdate())
    if Borrowing.objects.filter(case_file=case_file, borrower=user, state=BorrowingState.REQUESTED).exists():
        raise BorrowingError(_("You have already asked to borrow this case file; the archivist has not decided yet."))
    borrowing = Borrowing.objects.create(case_file=case_file, borrower=user, purpose=purpose, requested_until=until)
    _record(borrowing, BorrowingAction.REQUESTED, user, reason=purpose, details={"until": until.isoformat()})
    return borrowing


@transaction.atomic
def approve(borrowing, user, *, until=None, note=""):
    """The archivist lends the case file until ``until`` (at most the day asked for; by default that day)."""
    borrowing = _locked(borrowing)
    if not access.can_lend(user, borrowing.case_file):
        raise PermissionDenied
    _require_requested(borrowing)
    until = until or borrowing.requested_until
    _check_until(until, timezone.localdate())
    if until > borrowing.requested_until:
        raise BorrowingError(
            _("A loan may be shorter than asked for, not longer: the borrower asked until %(day)s.")
            % {"day": borrowing.requested_until.isoformat()}
        )
    note = (note or "").strip()
    borrowing.grant = access.lend(
        borrowing.case_file,
        borrowing.borrower,
        end_of(until),
        by=user,
        reason=_("Borrowing: %(purpose)s") % {"purpose": borrowing.purpose},
    )
    borrowing.state, borrowing.until = BorrowingState.APPROVED, until
    borrowing.save(update_fields=["state", "until", "grant"])
    _record(
        borrowing,
        BorrowingAction.APPROVED,
        user,
        reason=note,
        details={"until": until.isoformat(), "requested_until": borrowing.requested_until.isoformat()},
    )
    return borrowing


@transaction.atomic
def refuse(borrowing, user, reasons):
    """The archivist refuses the request; the borrower sees ``reasons``."""
    borrowing = _locked(borrowing)
    if not access.can_lend(user, borrowing.case_file):
        raise PermissionDenied
    _require_requested(borrowing)
    reasons = (reasons or "").strip()
    if not reasons:
        raise BorrowingError(_("Give the reasons for refusing the request."))
    borrowing.state = BorrowingState.REFUSED
    borrowing.save(update_fields=["state"])
    _record(borrowing, BorrowingAction.REFUSED, user, reason=reasons)
    return borrowing


@transaction.atomic
def give_back(borrowing, user, note=""):
    """The borrower returns the case file before the loan ends: the access ends now."""
    borrowing = _locked(borrowing)
    if not access.can_return_borrowing(user, borrowing):
        raise PermissionDenied
    if not borrowing.on_loan():
        raise BorrowingError(_("This case file is not on loan to you now."))
    note = (note or "").strip()
    if borrowing.grant is not None:
        access.end_grant(borrowing.grant, by=user, reason=note)
    borrowing.state = BorrowingState.RETURNED
    borrowing.save(update_fields=["state"])
    _record(borrowing, BorrowingAction.RETURNED, user, reason=note)
    access.forget(user)
    return borrowing
