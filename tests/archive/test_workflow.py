"""The archiving workflow: its transitions, who may take each, and the record of every step."""

import pytest
from django.core.exceptions import PermissionDenied

from archive import workflow
from archive.models import Action, ArchivalCode, ArchivingEvent, ArchivingSubmission, State
from casefiles.models import CaseFile

pytestmark = pytest.mark.django_db


def under_review(world, case_file):
    submission = workflow.submit(case_file, world.user("officer_land"))
    return workflow.start_review(submission, world.user("archivist_land"))


# --- Who may take each step ---------------------------------------------------------


@pytest.mark.parametrize(
    "username, allowed",
    [
        ("officer_land", True),  # the handling unit's officer
        ("supervisor", True),  # the justice bureau watches and may act on every case file
        ("admin", True),
        ("officer_market", False),  # another agency's officer
        ("head_land", False),  # reads the case file, does not handle it
        ("archivist_land", False),  # reviews, does not submit
        ("evaluator", False),
        ("nobody", False),
    ],
)
def test_who_may_submit(world, closed_case, username, allowed):
    case_file = closed_case()
    if allowed:
        assert workflow.submit(case_file, world.user(username)).state == State.CHECKED
    else:
        with pytest.raises(PermissionDenied):
            workflow.submit(case_file, world.user(username))
        assert not ArchivingSubmission.objects.exists()


def test_anonymous_users_may_not_submit(closed_case):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        workflow.submit(closed_case(), AnonymousUser())


@pytest.mark.parametrize(
    "username, allowed",
    [
        ("archivist_land", True),  # archivist of the agency whose library holds the case file
        ("admin", True),
        ("officer_land", False),
        ("supervisor", False),
        ("head_land", False),
        ("officer_market", False),
        ("evaluator", False),
        ("nobody", False),
    ],
)
def test_who_may_review_approve_and_return(world, closed_case, username, allowed):
    submission = workflow.submit(closed_case(), world.user("officer_land"))
    user = world.user(username)
    if not allowed:
        for step in (
            lambda: workflow.start_review(submission, user),
            lambda: workflow.return_to_unit(submission, user, "缺页"),
            lambda: workflow.approve(submission, user, "D10"),
        ):
            with pytest.raises(PermissionDenied):
                step()
        assert ArchivingSubmission.objects.get().state == State.CHECKED
        return
    workflow.start_review(submission, user)
    assert workflow.approve(submission, user, "D10").state == State.ARCHIVED


def test_an_archivist_of_another_agency_may_not_review(world, closed_case):
    from casefiles.models import add_member
    from casefiles.roles import Role

    other = world.user("nobody")
    add_member(world.market, other, Role.ARCHIVIST)
    submission = workflow.submit(closed_case(), world.user("officer_land"))
    with pytest.raises(PermissionDenied):
        workflow.start_review(submission, other)


# --- Transitions ------------------------------------------------------------------------


def test_returned_answered_resubmitted_archived_with_every_step_recorded(world, closed_case):
    officer, archivist = world.user("officer_land"), world.user("archivist_land")
    case_file = closed_case()
    submission = under_review(world, case_file)
    workflow.return_to_unit(submission, archivist, "送达回证为复印件，请补交原件。")
    submission.refresh_from_db()
    assert submission.state == State.RETURNED
    assert submission.last_return().reason == "送达回证为复印件，请补交原件。"

    with pytest.raises(workflow.ArchivingError, match="答复"):
        workflow.submit(case_file, officer, answer="  ")
    workflow.submit(case_file, officer, answer="已补交送达回证原件。")
    workflow.start_review(submission, archivist)
    workflow.approve(submission, archivist, "D30", note="同意归档")

    case_file.refresh_from_db()
    assert case_file.status == CaseFile.Status.ARCHIVED
    assert case_file.get_latest_revision().as_object().status == CaseFile.Status.ARCHIVED
    steps = [
        (e.action, e.from_state, e.to_state, e.actor and e.actor.username, e.reason)
        for e in ArchivingSubmission.objects.get().events_in_order()
    ]
    assert steps == [
        (Action.SUBMITTED, "", State.CHECKED, "officer_land", ""),
        (Action.CHECKED, "", State.CHECKED, None, ""),
        (Action.REVIEW_STARTED, State.CHECKED, State.UNDER_REVIEW, "archivist_land", ""),
        (Action.RETURNED, State.UNDER_REVIEW, State.RETURNED, "archivist_land", "送达回证为复印件，请补交原件。"),
        (Action.SUBMITTED, State.RETURNED, State.CHECKED, "officer_land", "已补交送达回证原件。"),
        (Action.CHECKED, State.RETURNED, State.CHECKED, None, ""),
        (Action.REVIEW_STARTED, State.CHECKED, State.UNDER_REVIEW, "archivist_land", ""),
        (Action.ARCHIVED, State.UNDER_REVIEW, State.ARCHIVED, "archivist_land", "同意归档"),
    ]
    archived = ArchivingEvent.objects.get(action=Action.ARCHIVED)
    assert archived.details["code"] == "J023-2024-D30-0001"
    assert archived.details["proposed_retention"] == "D10"
    assert ArchivingEvent.objects.filter(action=Action.CHECKED).first().details["complete"] is True


def test_returning_needs_reasons(world, closed_case):
    submission = under_review(world, closed_case())
    with pytest.raises(workflow.ArchivingError, match="退回的理由"):
        workflow.return_to_unit(submission, world.user("archivist_land"), "   ")
    assert ArchivingSubmission.objects.get().state == State.UNDER_REVIEW


def test_an_incomplete_case_file_is_refused_with_the_list_and_nothing_stored(world, closed_case):
    case_file = closed_case(leave_out=("proof_of_service", "power_of_attorney"))
    with pytest.raises(workflow.Incomplete) as refused:
        workflow.submit(case_file, world.user("officer_land"))
    assert [item.code for item in refused.value.result.missing] == ["power_of_attorney", "proof_of_service"]
    assert "授权委托书" in str(refused.value) and "送达回证" in str(refused.value)
    assert not ArchivingSubmission.objects.exists() and not ArchivingEvent.objects.exists()


@pytest.mark.parametrize("status", ["registered", "in_progress", "judged", "archived"])
def test_only_a_closed_case_file_may_be_submitted(world, closed_case, status):
    case_file = closed_case(status=status)
    with pytest.raises(workflow.ArchivingError, match="只有已结案的案卷"):
        workflow.submit(case_file, world.user("officer_land"))
    assert not ArchivingSubmission.objects.exists()


def test_steps_out_of_order_are_refused(world, closed_case):
    officer, archivist = world.user("officer_land"), world.user("archivist_land")
    case_file = closed_case()
    submission = workflow.submit(case_file, officer)
    with pytest.raises(workflow.ArchivingError):
        workflow.submit(case_file, officer)  # already submitted
    with pytest.raises(workflow.ArchivingError):
        workflow.approve(submission, archivist, "D10")  # review not started
    with pytest.raises(workflow.ArchivingError):
        workflow.return_to_unit(submission, archivist, "理由")
    workflow.start_review(submission, archivist)
    with pytest.raises(workflow.ArchivingError, match="保管期限"):
        workflow.approve(submission, archivist, "D99")
    workflow.approve(submission, archivist, "D10")
    with pytest.raises(workflow.ArchivingError):
        workflow.return_to_unit(submission, archivist, "理由")
    assert ArchivalCode.objects.count() == 1


def test_a_file_removed_after_submission_stops_the_approval(world, closed_case):
    case_file = closed_case()
    submission = under_review(world, case_file)
    from casefiles.models import Filing

    Filing.objects.child_of(case_file).get(filing_type="proof_of_service").unpublish()
    with pytest.raises(workflow.Incomplete):
        workflow.approve(submission, world.user("archivist_land"), "D10")
    assert not ArchivalCode.objects.exists()
    assert ArchivingSubmission.objects.get().state == State.UNDER_REVIEW
