"""A case officer registers a case file and files a scan; the other unit cannot see it."""

import pytest

from casefiles import tree
from casefiles.models import CaseDocument, CaseFile, Filing
from tests import files
from tests.browser.conftest import log_in

# Transactional tests all restore the migrations' data after their flush (see tests/ocr/test_worker.py).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def publish(page):
    # Wagtail's action menu: open the dropdown beside "save draft", then publish.
    page.click("footer .w-dropdown__toggle")
    page.click("button[name='action-publish']")


def test_officer_creates_a_case_file_uploads_a_scan_and_the_other_unit_cannot_see_it(new_page, world, tmp_path):
    library = tree.ensure_library(world.land)
    scan = tmp_path / "起诉状扫描件.pdf"
    scan.write_bytes(files.scan_pdf())

    page = new_page()
    log_in(page, "officer_land", world.PASSWORD)

    # Register the case file in the bureau's case library.
    page.goto(f"/admin/pages/add/casefiles/casefile/{library.pk}/")
    page.fill("#id_title", "张某诉临江区自然资源和规划局房屋征收决定案")
    page.fill("#id_case_number", "〔2024〕鲁1503行初321号")
    page.select_option("#id_instance", "first")
    page.select_option("#id_court", label=world.court.name)
    page.select_option("#id_cause", label=str(world.cause))
    page.fill("#id_date_received", "2024-03-01")
    page.select_option("#id_handling_unit", label=world.land.name)
    page.select_option("#id_parties-0-role", "plaintiff")
    page.select_option("#id_parties-0-kind", "person")
    page.fill("#id_parties-0-name", "张某")
    page.select_option("#id_parties-1-role", "defendant")
    page.select_option("#id_parties-1-kind", "agency")
    page.select_option("#id_parties-1-agency", label=world.land.name)
    publish(page)
    page.wait_for_url("**/admin/pages/*/")
    case_file = CaseFile.objects.get()
    assert case_file.case_number == "（2024）鲁1503行初321号" and case_file.live

    # File the complaint with its scan.
    page.goto(f"/admin/pages/add/casefiles/filing/{case_file.pk}/")
    page.fill("#id_title", "行政起诉状")
    page.select_option("#id_filing_type", "complaint")
    page.fill("#id_issuing_body", "张某")
    page.set_input_files("#id_upload_files", str(scan))
    publish(page)
    page.wait_for_url(f"**/admin/pages/{case_file.pk}/")
    assert "已上传 1 个文件" in page.content()

    # It is in the tree, and the overview lists the file, which downloads.
    assert page.get_by_role("link", name="行政起诉状").first.is_visible()
    document = CaseDocument.objects.get()
    assert document.page_id == Filing.objects.get().pk
    page.goto(f"/admin/casefiles/{case_file.pk}/")
    assert page.get_by_text("起诉状扫描件").is_visible()
    download = page.request.get(document.url)
    assert download.status == 200 and download.body() == files.scan_pdf()

    # The market bureau's officer, in a browser of their own, finds nothing.
    other = new_page()
    log_in(other, "officer_market", world.PASSWORD)
    other.goto("/admin/pages/")
    assert "张某诉临江区自然资源和规划局" not in other.content()
    for url in (f"/admin/pages/{case_file.pk}/", f"/admin/pages/{library.pk}/", f"/admin/casefiles/{case_file.pk}/"):
        assert other.goto(url).status == 404, url
    assert other.request.get(document.url).status == 404
    other.goto("/admin/pages/search/?q=张某")
    assert "张某诉临江区自然资源和规划局" not in other.content()
