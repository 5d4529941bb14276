"""From submit to archived: the officer submits a closed case file, the archivist reviews and archives it."""

import pytest

from archive.models import ArchivalCode, ArchivingSubmission, State
from tests.archive.conftest import fill
from tests.browser.conftest import log_in

# Transactional tests all restore the migrations' data after their flush (see tests/ocr/test_worker.py).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_officer_submits_and_archivist_archives_with_an_archival_code(new_page, world):
    case_file = fill(world.case_file(status="closed"))

    officer = new_page()
    log_in(officer, "officer_land", world.PASSWORD)
    officer.goto(f"/admin/archive/case-files/{case_file.pk}/")
    officer.get_by_role("button", name="提交归档").click()
    officer.wait_for_load_state()
    assert "已提交归档，齐全性检查通过。" in officer.content()
    assert ArchivingSubmission.objects.get().state == State.CHECKED

    archivist = new_page()
    log_in(archivist, "archivist_land", world.PASSWORD)
    archivist.get_by_role("link", name="立卷归档", exact=True).first.click()  # the archiving queue, in the menu
    archivist.wait_for_url("**/admin/archive/")
    archivist.get_by_role("link", name=case_file.title).first.click()
    archivist.get_by_role("button", name="开始审核").click()
    archivist.wait_for_load_state()
    archivist.select_option("#id_retention", "D30")
    archivist.get_by_role("button", name="确认保管期限并归档").click()
    archivist.wait_for_load_state()

    code = ArchivalCode.objects.get(case_file=case_file)
    assert code.code == "J023-2024-D30-0001"
    assert archivist.get_by_text(code.code).first.is_visible()
    case_file.refresh_from_db()
    assert case_file.status == "archived"

    # The handling unit sees the case file archived, with its code.
    officer.goto(f"/admin/archive/case-files/{case_file.pk}/")
    assert "J023-2024-D30-0001" in officer.content() and "已归档" in officer.content()
