"""The typical-case admin screens: nominate, redaction review, the editor, the annual selection."""

import pytest
from django.urls import reverse

from archive.models import Nomination, RedactionItem, Selection, TypicalCasePage
from archive.typical import drafting
from tests.archive.typical import publish_through_review, redact_everything

pytestmark = pytest.mark.django_db


def _login(client, world, username):
    client.force_login(world.user(username))
    return client


def test_the_unit_nominates_from_the_case_file(client, world, concluded):
    _login(client, world, "officer_land")
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[concluded.pk])).content.decode()
    url = reverse("archive_admin:nominate", args=[concluded.pk])
    assert url in edit
    assert "推荐理由" in client.get(url).content.decode()
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and Nomination.objects.count() == 0
    response = client.post(url, {"reason": "程序规范"})
    assert response.status_code == 302 and Nomination.objects.get().nominated_by.username == "officer_land"
    listing = client.get(reverse("archive_admin:typical_cases")).content.decode()
    assert Nomination.objects.get().page.title in listing
    # Only supervisors redact: Wagtail's admin sends the others home with its refusal.
    refused = client.get(reverse("archive_admin:redaction", args=[Nomination.objects.get().page.pk]))
    assert (refused.status_code, refused.url) == (302, "/admin/")


def test_another_unit_cannot_nominate(client, world, concluded):
    _login(client, world, "officer_market")
    assert client.get(reverse("archive_admin:nominate", args=[concluded.pk])).status_code == 404


def test_the_redaction_review(client, world, concluded):
    page = drafting.nominate(concluded, world.user("officer_land"), "理由").page
    _login(client, world, "supervisor")
    url = reverse("archive_admin:redaction", args=[page.pk])
    html = client.get(url).content.decode()
    assert "王建国" in html and "自然人姓名" in html and "待审核" in html
    items = list(page.redaction.items.all())
    company = next(item for item in items if "恒达" in item.original)
    decisions = {f"decision-{item.pk}": "accepted" for item in items}
    decisions[f"decision-{company.pk}"] = "rejected"
    client.post(url, {"action": "decide", **decisions})
    assert page.redaction.items.get(pk=company.pk).decision == RedactionItem.Decision.REJECTED
    response = client.post(url, {"action": "add", "original": "不在文中", "replacement": "某"}, follow=True)
    assert "典型案例文本中没有「不在文中」" in response.content.decode()
    client.post(url, {"action": "apply"})
    draft = TypicalCasePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert "王建国" not in draft.judgment_text and "恒达" in draft.judgment_text
    assert "脱敏已完成" in client.get(url).content.decode()


def test_the_editor_offers_review_not_publish(client, world, concluded):
    page = drafting.nominate(concluded, world.user("supervisor"), "理由").page
    _login(client, world, "supervisor")
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = client.get(edit_url).content.decode()
    assert reverse("archive_admin:redaction", args=[page.pk]) in html
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html
    draft = page.get_latest_revision_as_object()
    form = {
        "title": draft.title,
        "slug": draft.slug,
        "keywords": draft.keywords,
        "cause": draft.cause,
        "year": draft.year,
        "court_level": draft.court_level,
        "instance": draft.instance,
        "facts": draft.facts,
        "outcome": draft.outcome,
        "significance": draft.significance,
        "judgment_text": draft.judgment_text,
        "action-publish": "1",
        "comments-TOTAL_FORMS": 0,
        "comments-INITIAL_FORMS": 0,
        "comments-MIN_NUM_FORMS": 0,
        "comments-MAX_NUM_FORMS": 1000,
    }
    response = client.post(edit_url, form, follow=True)
    assert "须经司法局审核通过后方可发布" in response.content.decode()
    assert not TypicalCasePage.objects.get(pk=page.pk).live


def test_unpublish_and_correct(client, world, concluded):
    supervisor = world.user("supervisor")
    page = drafting.nominate(concluded, supervisor, "理由").page
    redact_everything(page, supervisor)
    page = publish_through_review(page, supervisor)
    _login(client, world, "supervisor")
    client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert not TypicalCasePage.objects.get(pk=page.pk).live
    assert client.get(page.url or f"/cases/{page.slug}/").status_code == 404
    page = publish_through_review(page, supervisor)  # corrected and approved again
    assert page.live


def test_the_selection_screens(client, world, concluded):
    supervisor = world.user("supervisor")
    page = drafting.nominate(concluded, supervisor, "理由").page
    redact_everything(page, supervisor)
    page = publish_through_review(page, supervisor)
    _login(client, world, "supervisor")
    response = client.post(
        reverse("archive_admin:selection_new"),
        {"name": "2024年度典型案例", "year": 2024, "seats": 1, "panel": [supervisor.pk, world.user("evaluator").pk]},
    )
    selection = Selection.objects.get()
    assert response.url == reverse("archive_admin:selection", args=[selection.pk])
    url = response.url
    assert page.title in client.get(url).content.decode()
    client.post(url, {"action": "shortlist", "case": page.pk})
    client.post(url, {"action": "start"})
    candidate = selection.candidates.get()
    client.post(url, {"action": "score", f"score-{candidate.pk}": "abc"})
    assert not candidate.scores.exists()
    client.post(url, {"action": "score", f"score-{candidate.pk}": "9"})
    _login(client, world, "evaluator")
    client.post(url, {"action": "score", f"score-{candidate.pk}": "8"})
    assert client.post(url, {"action": "close"}).status_code == 302
    assert not Selection.objects.get().collection  # only supervisors close
    _login(client, world, "supervisor")
    client.post(url, {"action": "close", "intro": "年度评选结果"})
    collection = Selection.objects.get().collection
    assert collection.live and client.get(collection.url).status_code == 200
    _login(client, world, "officer_land")
    refused = client.get(url)
    assert (refused.status_code, refused.url) == (302, "/admin/")


def test_the_supervisors_overview(client, world, concluded):
    page = drafting.nominate(concluded, world.user("officer_land"), "理由").page
    _login(client, world, "supervisor")
    html = client.get(reverse("archive_admin:typical_cases")).content.decode()
    assert page.title in html and reverse("archive_admin:redaction", args=[page.pk]) in html
    assert reverse("archive_admin:selection_new") in html and "处待审核" in html
    _login(client, world, "evaluator")
    refused = client.get(reverse("archive_admin:typical_cases"))
    assert (refused.status_code, refused.url) == (302, "/admin/")


def test_a_nominated_typical_case_is_not_deleted(client, world, concluded):
    page = drafting.nominate(concluded, world.user("supervisor"), "理由").page
    _login(client, world, "supervisor")
    response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]), follow=True)
    assert "请取消发布" in response.content.decode()
    assert TypicalCasePage.objects.filter(pk=page.pk).exists() and Nomination.objects.filter(page=page).exists()


def test_a_draft_is_the_justice_bureaus_alone(client, world, concluded):
    """Before it is redacted a draft holds personal information: no one else opens it in the admin."""
    page = drafting.nominate(concluded, world.user("officer_land"), "理由").page
    views = ("view_draft", "edit", "history", "preview_on_edit")
    for username in ("officer_land", "officer_market", "evaluator"):
        _login(client, world, username)
        for view in views:
            response = client.get(reverse(f"wagtailadmin_pages:{view}", args=[page.pk]))
            assert (response.status_code, response.url) == (302, "/admin/"), (username, view)
        assert page.title not in client.get("/admin/choose-page/", {"q": "王"}).content.decode()
