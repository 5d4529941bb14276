"""A typical case from nomination to the public site, in a real browser.

The handling unit nominates its concluded case file; the justice bureau's
supervisor reviews the redaction, submits the draft to the review workflow and
approves it; then a fresh browser with no login finds it on the public site,
its plaintiff's name, ID number and phone removed.
"""

import re

import pytest

from archive.models import TypicalCasePage
from tests.archive.typical import ID_NUMBER, make_concluded
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def concluded(world, settings, django_capture_on_commit_callbacks):
    return make_concluded(world, settings, django_capture_on_commit_callbacks)


def test_nominate_redact_approve_and_read_it_in_public(new_page, world, concluded):
    # The unit's case officer nominates the case file from its page.
    officer = new_page()
    log_in(officer, "officer_land", world.PASSWORD)
    officer.goto(f"/admin/pages/{concluded.pk}/edit/")
    officer.locator("button:has(svg.icon-dots-horizontal)").first.click()  # the page header's actions
    officer.get_by_role("link", name="推荐为典型案例").click()
    officer.get_by_label("推荐理由").fill("征收程序规范，证据充分，具有示范意义。")
    officer.get_by_role("button", name="推荐").click()
    officer.wait_for_url("**/admin/archive/typical/")
    assert "典型案例初稿已生成" in officer.content()
    typical = TypicalCasePage.objects.get()

    # The supervisor reviews every replacement found, then applies them.
    supervisor = new_page()
    log_in(supervisor, "supervisor", world.PASSWORD)
    supervisor.get_by_role("link", name="典型案例", exact=True).first.click()
    supervisor.get_by_role("link", name=re.compile("处待审核")).click()
    rows = supervisor.locator("#redaction-decisions tr[data-original]")
    rows.first.wait_for()
    originals = rows.evaluate_all("(rows) => rows.map((row) => row.dataset.original)")
    assert {"王建国", ID_NUMBER, "13812345678"} <= set(originals)
    supervisor.get_by_role("button", name="全部采纳待审核项").click()
    supervisor.get_by_role("button", name="将已采纳的替换写入草稿").click()
    assert "脱敏已完成" in supervisor.locator("#redaction-state").inner_text()

    # In the editor: no Publish, only the review workflow; submit, then approve.
    supervisor.get_by_role("link", name="编辑典型案例").click()
    supervisor.locator("footer [data-w-dropdown-target='toggle']").first.click()  # the action menu
    assert supervisor.locator("button[name='action-publish']").count() == 0
    supervisor.get_by_role("button", name=re.compile("提交")).click()
    supervisor.wait_for_load_state()
    supervisor.goto(f"/admin/pages/{typical.pk}/edit/")
    supervisor.locator("footer [data-w-dropdown-target='toggle']").first.click()  # the action menu
    supervisor.get_by_role("button", name=re.compile(r"^审核通过\s*和发布$")).click()  # the last task publishes
    supervisor.wait_for_load_state()
    typical.refresh_from_db()
    assert typical.live

    # A fresh browser, nobody logged in: the public site shows it, redacted.
    public = new_page()
    public.set_viewport_size({"width": 390, "height": 844})  # a phone
    public.goto("/")
    public.get_by_role("link", name=typical.title).first.click()
    public.wait_for_url(f"**{typical.url}")
    assert public.title().startswith(typical.title)
    text = public.locator("main").inner_text()
    assert "基本案情" in text and "王某" in text
    for original in ("王建国", ID_NUMBER, "13812345678"):
        assert original not in public.content()
    public.goto("/cases/")
    public.get_by_label("搜索典型案例").fill("征收决定")
    public.get_by_role("button", name="搜索").click()
    assert typical.title in public.locator("main").inner_text()
    assert public.goto(f"/admin/pages/{typical.pk}/edit/").url.endswith(
        f"/admin/login/?next=/admin/pages/{typical.pk}/edit/"
    )
