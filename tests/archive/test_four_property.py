"""The four-property check (四性检测) at archiving: its checks as data, good and bad case files, its report."""

import datetime

import pytest
from django.urls import reverse

from archive import four_property, workflow
from archive.models import (
    ArchivalCode,
    ArchivingEvent,
    ArchivingSubmission,
    FourPropertyReport,
    ManifestEntry,
    State,
)
from archive.models.four_property import Category, Level
from casefiles import tree
from casefiles.models import CaseDocument, Filing
from casefiles.storage import casefiles_storage
from tests import files
from tests.archive.test_sealing import archive_case, small_case

pytestmark = pytest.mark.django_db


def outcome_of(case_file):
    """{check code: problems} of the checks that failed."""
    return {item.check.code: item.problems for item in four_property.run(case_file).outcomes if not item.passed}


def add_filing(case_file, name, data, title="其他材料", **fields):
    return tree.add_filing(case_file, title=title, filing_type="other", files=[(name, data)], **fields)


def under_review(world, case_file):
    submission = workflow.submit(case_file, world.user("officer_land"))
    return workflow.start_review(submission, world.user("archivist_land"))


# --- The checks are data ----------------------------------------------------------------


def test_the_checks_are_data_each_with_its_property_level_and_clause():
    codes = [check.code for check in four_property.CHECKS]
    assert len(codes) == len(set(codes)) and set(codes) == set(four_property._CHECKERS)
    assert {check.category for check in four_property.CHECKS} == set(Category.values)
    for check in four_property.CHECKS:
        assert check.level in Level.values and check.clause and str(check.label)
        assert "DA/T 70-2018" in check.clause or "00" in check.clause  # the standard or a regulation


# --- A good case file ------------------------------------------------------------------------


def test_a_good_case_file_passes_every_check_and_its_report_is_kept_and_shown(
    client, world, closed_case, settings, django_capture_on_commit_callbacks
):
    settings.OCR_ON_UPLOAD = True  # text PDFs: their text layer is read, no OCR needed
    with django_capture_on_commit_callbacks(execute=True):
        case_file = closed_case()
    archive_case(world, case_file)

    report = FourPropertyReport.objects.get(case_file=case_file)
    assert report.passed and report.occasion == FourPropertyReport.Occasion.ARCHIVING
    assert report.run_by == world.user("archivist_land") and report.files_checked == 9
    results = list(report.results_in_order())
    assert [r.code for r in results] == [check.code for check in four_property.CHECKS]
    assert all(r.passed for r in results), [(r.code, r.problems) for r in results if not r.passed]
    assert ArchivingEvent.objects.get(action="archived").details["four_property_report"] == report.pk
    assert ManifestEntry.objects.filter(case_file=case_file).count() == 9

    client.force_login(world.user("archivist_land"))
    page = client.get(reverse("archive_admin:case_file", args=[case_file.pk])).content.decode()
    assert "四性检测" in page and "真实性" in page and "安全性" in page and "✗" not in page
    url = reverse("archive_admin:four_property_report", args=[report.pk])
    assert url in page
    full = client.get(url).content.decode()
    assert "DA/T 70-2018 归档环节 真实性：固化信息有效性检测" in full and "004 第二十四条" in full
    assert "每个文件现在读出的 SHA-256 和大小与上传时记录的一致" in full
    # Kept with the case file: whoever may read it may read the report, nobody else.
    client.force_login(world.user("head_land"))
    assert client.get(url).status_code == 200
    client.force_login(world.user("officer_market"))
    assert client.get(url).status_code == 404


def test_text_not_yet_extracted_is_a_warning_and_does_not_stop_archiving(world, closed_case):
    case_file = closed_case()  # text extraction is off in the tests: nothing extracted
    archive_case(world, case_file)
    report = FourPropertyReport.objects.get(case_file=case_file)
    text = report.results.get(code="text_present")
    assert report.passed and not text.passed and not text.blocks
    assert "“答辩状”：等待文字识别。" in text.problems


# --- Bad files ----------------------------------------------------------------------------


def test_an_encrypted_pdf_stops_archiving_with_the_reason_and_the_report_is_kept(client, world, closed_case):
    case_file = closed_case()
    add_filing(case_file, "情况说明.pdf", files.owner_only_encrypted_pdf())  # opens without a password
    under_review(world, case_file)
    with pytest.raises(workflow.FourPropertyFailed, match="“情况说明”已加密"):
        workflow.approve(ArchivingSubmission.objects.get(), world.user("archivist_land"), "D10")
    assert ArchivingSubmission.objects.get().state == State.UNDER_REVIEW
    assert not ArchivalCode.objects.exists() and not ManifestEntry.objects.exists()
    assert not FourPropertyReport.objects.exists()  # the step rolled back …

    client.force_login(world.user("archivist_land"))
    url = reverse("archive_admin:case_file", args=[case_file.pk])
    response = client.post(url, {"action": "approve", "retention": "D10", "note": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "四性检测未通过，案卷不能封存" in page and "PDF 均未加密、未设密码：“情况说明”已加密。" in page
    report = FourPropertyReport.objects.get()  # … the admin keeps the report of the refusal
    assert not report.passed and [r.code for r in report.failures() if r.blocks] == ["not_encrypted"]
    assert ArchivingSubmission.objects.get().state == State.UNDER_REVIEW and not ArchivalCode.objects.exists()


def test_a_pdf_locked_by_a_password_fails_usability_and_security(world):
    case_file = small_case(world)
    filing = Filing.objects.child_of(case_file).get()
    locked = files.store_unchecked(case_file, "加密.pdf", files.encrypted_pdf(), "pdf")
    CaseDocument.objects.filter(pk=locked.pk).update(page=filing)
    failed = outcome_of(case_file)
    assert failed["files_open"] == ["“加密.pdf”无法打开：文件设有打开密码。"]
    assert failed["not_encrypted"] == ["“加密.pdf”已加密。"]


def test_a_mislabelled_file_fails_the_type_check(world):
    case_file = small_case(world)
    filing = Filing.objects.child_of(case_file).get()
    disguised = files.store_unchecked(case_file, "判决书附件.pdf", files.png(), "pdf")  # a PNG recorded as a PDF
    renamed = files.store_unchecked(case_file, "送达回证.jpg", files.png(), "png")  # a PNG named .jpg
    CaseDocument.objects.filter(pk__in=[disguised.pk, renamed.pk]).update(page=filing)
    failed = outcome_of(case_file)
    assert failed["type_matches_content"] == [
        "“判决书附件.pdf”登记为 PDF，但其实际内容是 PNG。",
        "“判决书附件.pdf”保存为“判决书附件.pdf”，其扩展名与实际格式 PNG 不符。",
        "“送达回证.jpg”保存为“送达回证.jpg”，其扩展名与实际格式 PNG 不符。",
    ]
    assert "files_open" not in failed  # they are images that decode


def test_scripts_and_launch_actions_are_refused_and_attachments_warned(world):
    case_file = small_case(world)
    add_filing(case_file, "脚本.pdf", files.javascript_pdf(), title="脚本")
    add_filing(case_file, "启动.pdf", files.launch_pdf(), title="启动")
    add_filing(case_file, "附件.pdf", files.pdf_with_attachment(), title="附件")
    outcome = four_property.run(case_file)
    failed = {item.check.code: item for item in outcome.outcomes if not item.passed}
    assert failed["no_active_content"].problems == ["“脚本”含有 JavaScript 脚本。", "“启动”含有启动外部程序的动作。"]
    assert failed["no_active_content"].blocks
    assert failed["no_embedded_files"].problems == ["“附件”嵌有附件。"] and not failed["no_embedded_files"].blocks


def test_only_warnings_let_the_case_file_be_archived(world):
    case_file = small_case(world)
    add_filing(case_file, "附件.pdf", files.pdf_with_attachment(), title="附件")
    archive_case(world, case_file)
    report = FourPropertyReport.objects.get()
    assert report.passed and report.results.get(code="no_embedded_files").problems == ["“附件”嵌有附件。"]
    assert ArchivingSubmission.objects.get().state == State.ARCHIVED


def test_a_file_changed_in_the_storage_since_its_upload_fails_authenticity(world):
    case_file = small_case(world)
    document = CaseDocument.objects.get(title="起诉状")
    with casefiles_storage().open(document.file.name, "rb") as handle:
        data = bytearray(handle.read())
    data[300] ^= 0xFF
    path = casefiles_storage().path(document.file.name)
    with open(path, "wb") as handle:
        handle.write(data)
    failed = outcome_of(case_file)
    assert len(failed["hashes_match"]) == 1 and failed["hashes_match"][0].startswith("“起诉状”：SHA-256 为 ")
    assert document.sha256 in failed["hashes_match"][0]


def test_a_missing_file_and_a_page_without_one_fail_integrity(world):
    case_file = small_case(world)
    tree.add_filing(case_file, title="送达回证", filing_type="proof_of_service")  # registered, never scanned
    document = CaseDocument.objects.get(title="起诉状")
    casefiles_storage().delete(document.file.name)
    failed = outcome_of(case_file)
    assert failed["files_present"] == [
        "“送达回证”没有对应的文件。",
        f"“起诉状”（{document.file.name}）：存储中没有这个文件。",
    ]


def test_wrong_page_counts_and_gaps_in_the_evidence_pages_fail_integrity(world):
    case_file = small_case(world)
    counted = files.store_unchecked(case_file, "证据.pdf", files.text_pdf("证据"), "pdf", page_count=3)
    evidence = tree.add_evidence_list(
        case_file,
        title="证据目录",
        items=[
            {"name": "征收决定", "pages": "1-2"},
            {"name": "现场照片", "pages": "4-5"},  # page 3 is missing
            {"name": "送达回证", "pages": "6"},
        ],
        files=[("证据目录.pdf", files.text_pdf("证据目录"))],
    )
    CaseDocument.objects.filter(pk=counted.pk).update(page=evidence)
    failed = outcome_of(case_file)
    assert failed["page_counts"] == ["“证据.pdf”实有 1 页，与记录的 3 页不符。"]
    assert failed["sequences_continuous"] == ["“证据目录”第 2 项“现场照片”：页码从第 4 页开始，应从第 3 页开始。"]


def test_metadata_out_of_order_fails_authenticity(world):
    case_file = small_case(world)
    add_filing(
        case_file,
        "补充.png",
        files.png(),
        title="补充通知",
        document_date=datetime.date(2024, 3, 10),
        date_received=datetime.date(2024, 3, 5),
    )
    failed = outcome_of(case_file)
    assert failed["dates_in_order"] == ["“补充通知”的收到日期（2024-03-05）早于成文日期（2024-03-10）。"]
    assert set(failed) == {"dates_in_order", "text_present"}


def test_the_archivist_runs_the_check_before_deciding(client, world):
    case_file = small_case(world)
    add_filing(case_file, "脚本.pdf", files.javascript_pdf(), title="脚本")
    under_review(world, case_file)
    client.force_login(world.user("archivist_land"))
    url = reverse("archive_admin:case_file", args=[case_file.pk])
    response = client.post(url, {"action": "four_property"}, follow=True)
    page = response.content.decode()
    assert "四性检测未通过，详见下方报告" in page and "“脚本”含有 JavaScript 脚本。" in page
    report = FourPropertyReport.objects.get()
    assert report.occasion == FourPropertyReport.Occasion.ON_REQUEST and not report.passed
    client.force_login(world.user("officer_land"))  # not the unit's decision to make
    client.post(url, {"action": "four_property"})
    assert FourPropertyReport.objects.count() == 1
