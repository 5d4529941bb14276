"""Uploading, replacing and serving case documents through the admin, as users do."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from casefiles import tree
from casefiles.models import CaseDocument, CaseDocumentVersion, Filing
from casefiles.models.documents import DuplicateDocument, replace_document_file, store_document
from tests import files


def stored_files(settings):
    root = settings.STORAGES["casefiles"]["OPTIONS"]["location"]
    return sorted(
        os.path.relpath(os.path.join(folder, name), root) for folder, _dirs, names in os.walk(root) for name in names
    )


def add_filing(client, case_file, uploads, title="行政起诉状"):
    return client.post(
        f"/admin/pages/add/casefiles/filing/{case_file.pk}/",
        {
            "title": title,
            "filing_type": "complaint",
            "document_number": "",
            "issuing_body": "张某",
            "document_date": "2024-03-01",
            "date_received": "2024-03-02",
            "note": "",
            "upload_files": uploads,
            "action-publish": "publish",
        },
    )


@pytest.fixture
def officer(client, world):
    client.force_login(world.user("officer_land"))
    return client


def test_officer_uploads_scans_with_a_filing(world, officer, settings):
    case_file = world.case_file()
    before = stored_files(settings)
    response = add_filing(
        officer,
        case_file,
        [
            SimpleUploadedFile("起诉状.pdf", files.scan_pdf()),
            SimpleUploadedFile("送达回证.jpg", files.jpeg()),
            SimpleUploadedFile("传票.tif", files.tiff(3)),
        ],
    )
    assert response.status_code == 302
    filing = Filing.objects.get(title="行政起诉状")
    documents = {d.title: d for d in CaseDocument.objects.filter(page=filing)}
    assert set(documents) == {"起诉状", "送达回证", "传票"}
    assert {(d.file_type, d.page_count) for d in documents.values()} == {("pdf", 1), ("jpeg", 1), ("tiff", 3)}
    assert all(
        d.case_file_id == case_file.pk and d.uploaded_by_user == world.user("officer_land") for d in documents.values()
    )
    assert len(stored_files(settings)) == len(before) + 3
    # The stored bytes are the uploaded bytes, and the hash says so.
    import hashlib

    with documents["起诉状"].file.open("rb") as stored:
        assert (
            hashlib.sha256(stored.read()).hexdigest()
            == documents["起诉状"].sha256
            == hashlib.sha256(files.scan_pdf()).hexdigest()
        )


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("空文件.pdf", b"", "是空的"),
        ("答辩状.docx", files.docx_like(), "不是 PDF、JPEG、PNG 或 TIFF"),
        ("伪装.pdf", files.png(), "实际上是 PNG"),
        ("损坏.pdf", files.corrupt_pdf(), "已损坏"),
        ("加密.pdf", files.encrypted_pdf(), "密码"),
        ("巨图.png", files.gigapixel_png(), "像素"),
    ],
)
def test_a_bad_file_refuses_the_whole_save_and_stores_nothing(world, officer, settings, name, data, message):
    case_file = world.case_file()
    before = stored_files(settings)
    response = add_filing(
        officer, case_file, [SimpleUploadedFile("好文件.pdf", files.text_pdf()), SimpleUploadedFile(name, data)]
    )
    assert response.status_code == 200  # the form again, with the reason
    assert message in response.content.decode()
    assert name in response.content.decode()
    assert not Filing.objects.filter(title="行政起诉状").exists()
    assert CaseDocument.objects.count() == 0
    assert stored_files(settings) == before


def test_an_oversized_file_is_refused(world, officer, settings):
    settings.ANJUAN_MAX_UPLOAD_MB = 1
    case_file = world.case_file()
    big = files.text_pdf() + b"%" + b"0" * (1024 * 1024)
    response = add_filing(officer, case_file, [SimpleUploadedFile("大文件.pdf", big)])
    assert response.status_code == 200
    assert "超过了 1 MB 的上限" in response.content.decode()
    assert CaseDocument.objects.count() == 0


def test_the_same_file_twice_in_one_case_file_is_reported(world, officer):
    case_file = world.case_file()
    assert add_filing(officer, case_file, [SimpleUploadedFile("起诉状.pdf", files.scan_pdf())]).status_code == 302
    response = add_filing(officer, case_file, [SimpleUploadedFile("副本.pdf", files.scan_pdf())], title="再次上传")
    body = response.content.decode()
    assert response.status_code == 200
    assert "本案卷中已有相同的文件：《起诉状》" in body
    assert CaseDocument.objects.filter(case_file=case_file).count() == 1
    # Twice in one upload is caught too.
    response = add_filing(
        officer,
        case_file,
        [SimpleUploadedFile("甲.jpg", files.jpeg()), SimpleUploadedFile("乙.jpg", files.jpeg())],
        title="第三次",
    )
    assert "“乙.jpg”与“甲.jpg”是同一个文件" in response.content.decode()
    # Another case file may hold the same file.
    other = world.case_file()
    assert add_filing(officer, other, [SimpleUploadedFile("起诉状.pdf", files.scan_pdf())]).status_code == 302


def test_replacing_a_file_keeps_the_earlier_one(world, officer, settings):
    case_file = world.case_file()
    filing = tree.add_filing(
        case_file, title="起诉状", filing_type="complaint", files=[("起诉状.pdf", files.scan_pdf())]
    )
    document = filing.case_documents.get()
    old_name, old_sha = document.file.name, document.sha256
    response = officer.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "起诉状（清晰版）", "file": SimpleUploadedFile("起诉状清晰版.pdf", files.text_pdf())},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document.refresh_from_db()
    assert document.title == "起诉状（清晰版）"
    assert document.file.name != old_name and document.sha256 != old_sha
    assert document.extraction_status == "pending"
    version = document.versions.get()
    assert (version.number, version.sha256, version.file.name, version.replaced_by) == (
        1,
        old_sha,
        old_name,
        world.user("officer_land"),
    )
    # Nothing was overwritten or deleted: both files are on disk, the old one downloadable.
    assert version.file.storage.exists(old_name) and document.file.storage.exists(document.file.name)
    response = officer.get(f"/admin/casefiles/documents/{document.pk}/versions/1/")
    assert b"".join(response.streaming_content) == files.scan_pdf()


def test_a_bad_replacement_changes_nothing(world, officer, settings):
    case_file = world.case_file()
    filing = tree.add_filing(
        case_file, title="起诉状", filing_type="complaint", files=[("起诉状.pdf", files.scan_pdf())]
    )
    document = filing.case_documents.get()
    before = stored_files(settings)
    response = officer.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "新标题", "file": SimpleUploadedFile("起诉状.pdf", files.encrypted_pdf())},
    )
    assert response.status_code == 200
    assert "密码" in response.content.decode()
    document.refresh_from_db()
    assert document.title == "起诉状" and document.versions.count() == 0
    assert stored_files(settings) == before


def test_replacing_with_a_file_already_in_the_case_file_is_reported(world, officer):
    case_file = world.case_file()
    tree.add_filing(
        case_file,
        title="起诉状",
        filing_type="complaint",
        files=[("起诉状.pdf", files.scan_pdf()), ("通知书.png", files.png())],
    )
    document = CaseDocument.objects.get(title="通知书")
    response = officer.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "通知书", "file": SimpleUploadedFile("x.pdf", files.scan_pdf())},
    )
    assert "本案卷中已有相同的文件：《起诉状》" in response.content.decode()
    assert document.versions.count() == 0


def test_a_failure_while_saving_leaves_no_file_behind(world, settings, monkeypatch):
    case_file = world.case_file()
    before = stored_files(settings)

    def fail(self, *args, **kwargs):
        raise IntegrityError("disk or database failure")

    monkeypatch.setattr(CaseDocument, "save", fail)
    with pytest.raises(IntegrityError):
        store_document(case_file, io.BytesIO(files.png()), "通知书.png")
    assert stored_files(settings) == before


def test_store_document_reports_duplicates(world):
    case_file = world.case_file()
    first = store_document(case_file, io.BytesIO(files.png()), "a.png")
    with pytest.raises(DuplicateDocument) as error:
        store_document(case_file, io.BytesIO(files.png()), "b.png")
    assert error.value.existing == first


def test_the_served_file_is_the_stored_file_and_cannot_run_scripts(world, officer):
    case_file = world.case_file()
    tree.add_filing(case_file, title="起诉状", filing_type="complaint", files=[("起诉状.pdf", files.scan_pdf())])
    document = CaseDocument.objects.get()
    response = officer.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.scan_pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_the_document_storage_has_no_public_url(world):
    case_file = world.case_file()
    document = store_document(case_file, io.BytesIO(files.png()), "a.png")
    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018 - the private storage has no URL at all
    assert document.url.startswith("/documents/")


def test_deleting_a_page_with_files_is_refused(world, client):
    case_file = world.case_file()
    filing = tree.add_filing(
        case_file, title="起诉状", filing_type="complaint", files=[("起诉状.pdf", files.scan_pdf())]
    )
    client.force_login(world.user("admin"))
    response = client.post(f"/admin/pages/{filing.pk}/delete/", follow=True)
    assert "下有 1 个文件，不能删除" in response.content.decode()
    assert Filing.objects.filter(pk=filing.pk).exists()
    assert CaseDocument.objects.count() == 1 and CaseDocumentVersion.objects.count() == 0


def test_deleting_a_document_removes_it_and_its_files(world, officer, settings, django_capture_on_commit_callbacks):
    case_file = world.case_file()
    filing = tree.add_filing(
        case_file, title="起诉状", filing_type="complaint", files=[("起诉状.pdf", files.scan_pdf())]
    )
    document = filing.case_documents.get()
    with django_capture_on_commit_callbacks(execute=True):
        replace_document_file(document, io.BytesIO(files.text_pdf()), "起诉状.pdf")
    document.refresh_from_db()
    storage = document.file.storage
    names = [document.file.name, document.versions.get().file.name]  # the file and its earlier version
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(f"/admin/documents/delete/{document.pk}/")
    assert response.status_code == 302
    assert not CaseDocument.objects.filter(pk=document.pk).exists()
    assert not any(storage.exists(name) for name in names)
