"""The annual selection (评选): shortlist, panel scores, the chosen cases published as a collection.

Supervisors open a selection and shortlist published typical cases; the panel
scores each candidate out of :data:`archive.models.selection.MAX_SCORE`;
closing chooses the ``seats`` best by average score (ties: more scores first,
then the earlier shortlisted) and publishes them together as a
TypicalCaseCollectionPage in the library (001 第四十二条: 定期评选、发布).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.models.selection import MAX_SCORE, Candidate, PanelScore, Selection, SelectionState
from archive.models.typical import CollectionEntry, TypicalCaseCollectionPage, TypicalCasePage
from archive.typical import drafting
from casefiles import access


def _check_supervisor(user):
    if not access.can_manage_typical_cases(user):
        raise PermissionDenied(_("Only the justice bureau's supervisors run the annual selection."))


def _check_state(selection, state):
    if selection.state != state:
        raise ValidationError(
            _("The selection is %(state)s: this cannot be done now.") % {"state": selection.get_state_display()}
        )


@transaction.atomic
def open_selection(user, *, year, name, seats, panel):
    _check_supervisor(user)
    selection = Selection.objects.create(year=year, name=name, seats=seats, created_by=user)
    selection.panel.set(panel)
    return selection


@transaction.atomic
def shortlist(selection, user, case):
    _check_supervisor(user)
    _check_state(selection, SelectionState.SHORTLISTING)
    if not TypicalCasePage.objects.live().filter(pk=case.pk).exists():
        raise ValidationError(_("Only published typical cases can be shortlisted."))
    candidate, _created = Candidate.objects.get_or_create(selection=selection, case=case)
    return candidate


@transaction.atomic
def remove(candidate, user):
    _check_supervisor(user)
    _check_state(candidate.selection, SelectionState.SHORTLISTING)
    candidate.delete()


@transaction.atomic
def start_scoring(selection, user):
    _check_supervisor(user)
    _check_state(selection, SelectionState.SHORTLISTING)
    if not selection.candidates.exists():
        raise ValidationError(_("Shortlist at least one typical case first."))
    if not selection.panel.exists():
        raise ValidationError(_("Name the panel first."))
    selection.state = SelectionState.SCORING
    selection.save(update_fields=["state"])


def is_panellist(selection, user):
    return selection.panel.filter(pk=user.pk).exists()


@transaction.atomic
def score(candidate, user, value, comment=""):
    selection = candidate.selection
    if not is_panellist(selection, user):
        raise PermissionDenied(_("Only the selection's panel scores its candidates."))
    _check_state(selection, SelectionState.SCORING)
    if not 0 <= value <= MAX_SCORE:
        raise ValidationError(_("A score is from 0 to %(max)d.") % {"max": MAX_SCORE})
    PanelScore.objects.update_or_create(
        candidate=candidate, panellist=user, defaults={"score": value, "comment": comment, "scored_at": timezone.now()}
    )


@dataclass
class Standing:
    candidate: Candidate
    average: float | None
    scores: int


def standings(selection):
    """The candidates, best first."""
    rows = selection.candidates.select_related("case").annotate(average=Avg("scores__score"), count=Count("scores"))
    result = [Standing(row, row.average, row.count) for row in rows]
    result.sort(key=lambda s: (s.average is None, -(s.average or 0), -s.scores, s.candidate.pk))
    return result


@transaction.atomic
def close(selection, user, intro=""):
    """Choose the best candidates and publish them as the year's collection; returns its page."""
    _check_supervisor(user)
    _check_state(selection, SelectionState.SCORING)
    chosen = [s.candidate for s in standings(selection) if s.scores][: selection.seats]
    if not chosen:
        raise ValidationError(_("No candidate has been scored yet."))
    collection = TypicalCaseCollectionPage(
        title=selection.name, slug=f"selection-{selection.year}-{selection.pk}", year=selection.year, intro=intro
    )
    drafting.library().add_child(instance=collection)
    for order, candidate in enumerate(chosen):
        CollectionEntry.objects.create(collection=collection, case=candidate.case, sort_order=order)
        candidate.chosen = True
        candidate.save(update_fields=["chosen"])
    collection.save_revision(user=user, log_action=True).publish(user=user)
    selection.state, selection.closed_at, selection.collection = SelectionState.CLOSED, timezone.now(), collection
    selection.save(update_fields=["state", "closed_at", "collection"])
    return collection
