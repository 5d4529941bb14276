"""Borrowing an archived case file: request, approve (perhaps shorter) or refuse, read, return or expire."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from archive import borrowing, workflow
from archive.models import ArchivalCode, Borrowing, BorrowingAction, BorrowingState
from casefiles import access
from casefiles.models import CaseFileUserGrant, GrantSource
from search import api
from search.indexing import index_case_file

pytestmark = pytest.mark.django_db

# Monday 3 March 2025, 10:00 in Anjuan's time zone (Asia/Shanghai).
NOW = timezone.make_aware(datetime.datetime(2025, 3, 3, 10, 0))
TODAY = datetime.date(2025, 3, 3)


def day(text):
    return datetime.date.fromisoformat(text)


def fresh(name):
    """The user as a new request sees them: nothing cached of their access."""
    return get_user_model().objects.get(username=name)


def archive(world, case_file):
    submission = workflow.submit(case_file, world.user("officer_land"))
    workflow.start_review(submission, world.user("archivist_land"))
    workflow.approve(submission, world.user("archivist_land"), "D30")
    case_file.refresh_from_db()
    return case_file


@pytest.fixture
def archived(world, closed_case):
    with freeze_time(NOW):
        return archive(world, closed_case())


def ask(world, case_file, name="officer_market", until="2025-03-14", purpose="办理同类征收案件，参考答辩意见。"):
    return borrowing.request(case_file, world.user(name), purpose=purpose, until=day(until))


def visible_in_search(name, case_file):
    return case_file.pk in [hit.case_file_id for hit in api.search(fresh(name), text="").hits]


@freeze_time(NOW)
def test_a_loan_gives_view_access_until_the_last_day_then_ends_by_itself(world, archived):
    index_case_file(archived.pk)
    assert not access.can(fresh("officer_market"), access.VIEW, archived)
    assert access.can_borrow(fresh("officer_market"), archived)
    assert not visible_in_search("officer_market", archived)

    request = ask(world, archived, until="2025-03-14")
    assert request.state == BorrowingState.REQUESTED
    assert not access.can(fresh("officer_market"), access.VIEW, archived)  # asking is not borrowing

    # The archivist lends it for a shorter period than asked.
    borrowing.approve(request, world.user("archivist_land"), until=day("2025-03-07"), note="借阅一周")
    request.refresh_from_db()
    assert request.state == BorrowingState.APPROVED and request.until == day("2025-03-07")
    grant = CaseFileUserGrant.objects.get(user=world.user("officer_market"), content_object=archived)
    assert grant.source == GrantSource.BORROWING and grant.permission.codename == access.VIEW
    assert grant.expires_at == timezone.make_aware(datetime.datetime(2025, 3, 8, 0, 0))
    assert request.grant == grant
    borrower = fresh("officer_market")
    assert access.can(borrower, access.VIEW, archived)
    assert not access.can(borrower, access.CHANGE, archived)
    assert not access.can_borrow(borrower, archived)  # on loan already
    assert visible_in_search("officer_market", archived)

    with freeze_time(timezone.make_aware(datetime.datetime(2025, 3, 7, 23, 59, 59))):
        assert access.can(fresh("officer_market"), access.VIEW, archived)
    with freeze_time(timezone.make_aware(datetime.datetime(2025, 3, 8, 0, 0, 0))):
        assert not access.can(fresh("officer_market"), access.VIEW, archived)
        assert not visible_in_search("officer_market", archived)
        assert not request.on_loan() and request.status_label() == "已到期"
        # Nothing had to revoke it: the grant is still there, past its end.
        assert CaseFileUserGrant.objects.filter(pk=grant.pk).exists()
        # It may be borrowed again.
        assert access.can_borrow(fresh("officer_market"), archived)


@freeze_time(NOW)
def test_the_borrower_returns_early_and_the_access_ends_at_once(world, archived):
    request = ask(world, archived)
    borrowing.approve(request, world.user("archivist_land"))
    with pytest.raises(PermissionDenied):
        borrowing.give_back(request, world.user("archivist_land"))
    borrowing.give_back(request, world.user("officer_market"), note="已查阅完毕")
    request.refresh_from_db()
    assert request.state == BorrowingState.RETURNED and request.until == day("2025-03-14")
    assert not access.can(fresh("officer_market"), access.VIEW, archived)
    with pytest.raises(borrowing.BorrowingError, match="未处于借阅中"):
        borrowing.give_back(request, world.user("officer_market"))
    steps = [(event.action, event.actor.username, event.reason, event.at) for event in request.events_in_order()]
    assert steps == [
        (BorrowingAction.REQUESTED, "officer_market", "办理同类征收案件，参考答辩意见。", NOW),
        (BorrowingAction.APPROVED, "archivist_land", "", NOW),
        (BorrowingAction.RETURNED, "officer_market", "已查阅完毕", NOW),
    ]


@freeze_time(NOW)
def test_a_refused_request_gives_nothing_and_says_why(world, archived):
    request = ask(world, archived)
    with pytest.raises(borrowing.BorrowingError, match="请填写不予借阅的理由"):
        borrowing.refuse(request, world.user("archivist_land"), "  ")
    borrowing.refuse(request, world.user("archivist_land"), "涉及未公开的个人信息。")
    request.refresh_from_db()
    assert request.state == BorrowingState.REFUSED
    assert not access.can(fresh("officer_market"), access.VIEW, archived)
    assert not CaseFileUserGrant.objects.filter(source=GrantSource.BORROWING).exists()
    assert request.events.get(action=BorrowingAction.REFUSED).reason == "涉及未公开的个人信息。"
    with pytest.raises(borrowing.BorrowingError, match="已处理"):
        borrowing.approve(request, world.user("archivist_land"))
    # A refusal does not stop a new request.
    assert ask(world, archived).state == BorrowingState.REQUESTED


@freeze_time(NOW)
def test_bad_requests_and_decisions_are_refused_with_reasons_and_change_nothing(world, archived):
    with pytest.raises(borrowing.BorrowingError, match="借阅用途"):
        ask(world, archived, purpose=" ")
    with pytest.raises(borrowing.BorrowingError, match="不能早于今天"):
        ask(world, archived, until="2025-03-02")
    assert not Borrowing.objects.exists()
    request = ask(world, archived, until="2025-03-14")
    with pytest.raises(borrowing.BorrowingError, match="尚未处理"):
        ask(world, archived)
    with pytest.raises(borrowing.BorrowingError, match="2025-03-14"):
        borrowing.approve(request, world.user("archivist_land"), until=day("2025-03-15"))
    with pytest.raises(borrowing.BorrowingError, match="不能早于今天"):
        borrowing.approve(request, world.user("archivist_land"), until=day("2025-03-02"))
    request.refresh_from_db()
    assert request.state == BorrowingState.REQUESTED and request.grant is None
    assert list(request.events.values_list("action", flat=True)) == [BorrowingAction.REQUESTED]
    # The last day may be today: the loan lasts to midnight.
    borrowing.approve(request, world.user("archivist_land"), until=TODAY)
    assert access.can(fresh("officer_market"), access.VIEW, archived)


WHO_MAY_ASK = {
    "officer_market": True,  # staff of another agency
    "evaluator": True,  # staff of the justice bureau without access to this case file
    "officer_land": False,  # may view it already: the owning and handling agency
    "archivist_land": False,
    "supervisor": False,  # views every case file
    "nobody": False,  # on no agency's staff
}


@freeze_time(NOW)
def test_who_may_ask_to_borrow(world, archived):
    for name, may in WHO_MAY_ASK.items():
        assert access.can_borrow(fresh(name), archived) is may, name
        if not may:
            with pytest.raises(PermissionDenied):
                ask(world, archived, name=name)
    assert not Borrowing.objects.exists()


def test_only_archived_case_files_may_be_borrowed(world, closed_case):
    case_file = closed_case()
    assert not access.can_borrow(fresh("officer_market"), case_file)
    with pytest.raises(PermissionDenied):
        ask(world, case_file, until="2099-01-01")


WHO_MAY_LEND = {
    "archivist_land": True,  # the archivist of the owning agency
    "admin": True,
    "officer_land": False,
    "head_land": False,
    "supervisor": False,
    "officer_market": False,  # the borrower cannot lend to themselves
}


@freeze_time(NOW)
def test_who_may_approve_or_refuse(world, archived):
    request = ask(world, archived)
    for name, may in WHO_MAY_LEND.items():
        assert access.can_lend(fresh(name), archived) is may, name
        if not may:
            with pytest.raises(PermissionDenied):
                borrowing.approve(request, world.user(name))
            with pytest.raises(PermissionDenied):
                borrowing.refuse(request, world.user(name), "无正当理由")
    assert Borrowing.objects.get().state == BorrowingState.REQUESTED
    borrowing.refuse(request, world.user("admin"), "无正当理由")
    assert Borrowing.objects.get().state == BorrowingState.REFUSED


# --- Through the admin ------------------------------------------------------------------


def test_the_borrowing_journey_through_the_admin(client, world, archived):
    code = ArchivalCode.objects.get(case_file=archived)
    client.force_login(world.user("officer_market"))
    # The case file itself stays closed to the would-be borrower; its catalogue entry is there.
    assert client.get(reverse("casefiles_admin:overview", args=[archived.pk])).status_code == 404
    home = client.get(reverse("archive_admin:borrowings"), {"q": code.code}).content.decode()
    assert code.code in home and archived.title in home
    form_url = reverse("archive_admin:borrow", args=[code.pk])
    page = client.get(form_url).content.decode()
    assert "申请借阅" in page and archived.case_number in page and "行政起诉状" not in page
    response = client.post(form_url, {"purpose": "", "until": "2000-01-01"})
    assert response.status_code == 200 and "必需字段" in response.content.decode()
    response = client.post(form_url, {"purpose": "参考同类案件", "until": "2000-01-01"})
    assert response.status_code == 200 and "借阅的最后一天不能早于今天" in response.content.decode()
    assert not Borrowing.objects.exists()
    until = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = client.post(form_url, {"purpose": "参考同类案件", "until": until})
    request = Borrowing.objects.get()
    assert response["Location"] == reverse("archive_admin:borrowing", args=[request.pk])

    client.force_login(world.user("archivist_land"))
    queue = client.get(reverse("archive_admin:lending_queue")).content.decode()
    assert archived.title in queue and "参考同类案件" in queue
    detail_url = reverse("archive_admin:borrowing", args=[request.pk])
    assert "批准借阅" in client.get(detail_url).content.decode()
    shorter = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    assert client.post(detail_url, {"action": "approve", "until": shorter, "note": ""}).status_code == 302

    client.force_login(world.user("officer_market"))
    mine = client.get(reverse("archive_admin:borrowings")).content.decode()
    assert "借阅中" in mine and shorter in mine
    assert client.get(reverse("casefiles_admin:overview", args=[archived.pk])).status_code == 200
    detail = client.get(detail_url).content.decode()
    assert "提前归还" in detail
    assert client.post(detail_url, {"action": "return", "note": "阅毕"}).status_code == 302
    assert client.get(reverse("casefiles_admin:overview", args=[archived.pk])).status_code == 404
    assert "已提前归还" in client.get(reverse("archive_admin:borrowings")).content.decode()


def test_who_may_open_a_request_and_the_queue(client, world, archived):
    with freeze_time(NOW):
        request = ask(world, archived)
    detail_url = reverse("archive_admin:borrowing", args=[request.pk])
    for name, status in [
        ("officer_market", 200),
        ("archivist_land", 200),
        ("supervisor", 200),
        ("officer_land", 404),
        ("evaluator", 404),
    ]:
        client.force_login(world.user(name))
        assert client.get(detail_url).status_code == status, name
    # Only the lending archivist sees the decision forms; others cannot post them.
    client.force_login(world.user("supervisor"))
    assert "批准借阅" not in client.get(detail_url).content.decode()
    response = client.post(detail_url, {"action": "approve", "until": "2099-01-01", "note": ""})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert Borrowing.objects.get().state == BorrowingState.REQUESTED
    client.force_login(world.user("officer_market"))
    response = client.get(reverse("archive_admin:lending_queue"))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    client.force_login(world.user("nobody"))
    assert client.get(reverse("archive_admin:borrowings")).status_code == 302
