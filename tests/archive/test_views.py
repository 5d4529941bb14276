"""The admin screens: a case file's 归档 page, the archivists' queue, the checklist for supervisors."""

import pytest
from django.urls import reverse

from archive.models import ArchivalCode, ArchivingSubmission, State

pytestmark = pytest.mark.django_db


def url(case_file):
    return reverse("archive_admin:case_file", args=[case_file.pk])


def denied(response):
    """Wagtail's answer to PermissionDenied in the admin: back to the dashboard with a message."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def as_user(client, world, name):
    client.force_login(world.user(name))
    return client


def test_the_unit_submits_and_the_archivist_archives_through_the_admin(client, world, closed_case):
    case_file = closed_case()
    page = as_user(client, world, "officer_land").get(url(case_file)).content.decode()
    assert "提交归档" in page and "法定代表人身份证明书" in page
    response = client.post(url(case_file), {"action": "submit"})
    assert response.status_code == 302
    assert ArchivingSubmission.objects.get().state == State.CHECKED

    as_user(client, world, "archivist_land")
    queue = client.get(reverse("archive_admin:queue")).content.decode()
    assert case_file.title in queue
    assert client.post(url(case_file), {"action": "start_review"}).status_code == 302
    page = client.get(url(case_file)).content.decode()
    assert "确认保管期限并归档" in page
    response = client.post(url(case_file), {"action": "approve", "retention": "D30", "note": ""}, follow=True)
    assert "J023-2024-D30-0001" in response.content.decode()
    assert ArchivalCode.objects.get().code == "J023-2024-D30-0001"


def test_an_incomplete_submission_shows_the_missing_items_and_keeps_the_answer(client, world, closed_case):
    case_file = closed_case(leave_out=("proof_of_service",))
    response = as_user(client, world, "officer_land").post(url(case_file), {"action": "submit"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "案卷材料不齐全" in page and "送达回证" in page
    assert not ArchivingSubmission.objects.exists()


def test_the_returned_reasons_are_shown_to_the_unit_and_answered(client, world, closed_case):
    case_file = closed_case()
    as_user(client, world, "officer_land").post(url(case_file), {"action": "submit"})
    as_user(client, world, "archivist_land").post(url(case_file), {"action": "start_review"})
    response = client.post(url(case_file), {"action": "return", "reasons": ""})
    assert response.status_code == 200 and ArchivingSubmission.objects.get().state == State.UNDER_REVIEW
    client.post(url(case_file), {"action": "return", "reasons": "判决书缺少生效证明。"})

    page = as_user(client, world, "officer_land").get(url(case_file)).content.decode()
    assert "判决书缺少生效证明。" in page and "答复并重新提交" in page
    response = client.post(url(case_file), {"action": "submit", "answer": ""})
    assert response.status_code == 200 and "请先答复" in response.content.decode()
    assert client.post(url(case_file), {"action": "submit", "answer": "已补充。"}).status_code == 302
    assert ArchivingSubmission.objects.get().state == State.CHECKED


@pytest.mark.parametrize(
    "name, action, answer",
    [
        ("archivist_land", "submit", "denied"),
        ("head_land", "submit", "denied"),
        ("officer_land", "start_review", "denied"),
        ("supervisor", "start_review", "denied"),
        ("officer_land", "bogus", "denied"),
        ("officer_market", "submit", 404),  # may not see the case file at all
        ("evaluator", "submit", 404),
    ],
)
def test_steps_others_may_not_take_are_refused(client, world, closed_case, name, action, answer):
    case_file = closed_case()
    if action == "start_review":
        as_user(client, world, "officer_land").post(url(case_file), {"action": "submit"})
    response = as_user(client, world, name).post(url(case_file), {"action": action})
    assert denied(response) if answer == "denied" else response.status_code == answer
    assert ArchivingSubmission.objects.filter(state=State.UNDER_REVIEW).count() == 0
    if action == "submit":
        assert not ArchivingSubmission.objects.exists()


def test_forged_ids_get_404_and_anonymous_users_log_in(client, world, closed_case):
    case_file = closed_case()
    client.force_login(world.user("officer_land"))
    assert client.get(reverse("archive_admin:case_file", args=[999999])).status_code == 404
    library = case_file.get_parent()
    assert client.get(reverse("archive_admin:case_file", args=[library.pk])).status_code == 404
    client.logout()
    response = client.get(url(case_file))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_queue_and_its_menu_item_are_for_archivists_only(client, world):
    as_user(client, world, "archivist_land")
    # The menu is rendered as JSON (labels escaped); its link is the queue's URL.
    assert f'"{reverse("archive_admin:queue")}"' in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(reverse("archive_admin:queue")).status_code == 200
    for name in ("officer_land", "supervisor", "head_land"):
        as_user(client, world, name)
        assert denied(client.get(reverse("archive_admin:queue")))
        assert f'"{reverse("archive_admin:queue")}"' not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_supervisors_edit_the_checklist_and_officers_cannot(client, world):
    listing = reverse("archiving_checklist:index")
    assert as_user(client, world, "supervisor").get(listing).status_code == 200
    assert "出庭应诉负责人身份证明或负责人不能出庭的说明" in client.get(listing).content.decode()
    assert denied(as_user(client, world, "officer_land").get(listing))
