"""The extraction pipeline, run by django-tasks' immediate backend (each task as it is enqueued)."""

import io
import re

import pytest
from django.core.management import call_command

from casefiles.demo import render
from casefiles.models.documents import store_document
from ocr import runs
from ocr.models import ExtractionRun, PageText
from tests import files

pytestmark = pytest.mark.django_db

SCAN = render.CourtDocument(
    title="应诉通知书",
    paragraphs=["本院已受理原告张某诉你单位房屋征收一案。", "请于十五日内提交答辩状和证据材料。"] * 2,
    issuer="明川市临江区人民法院",
    date="二〇二四年三月一日",
)


def scan_pdf(pages=2, **options):
    images, layout = render.render_scan_pages(SCAN, render.ScanOptions(dpi=150, **options))
    return render.images_to_pdf(images * pages, 150), layout.page_texts[0]


def text_pdf():
    return render.render_pdf(SCAN)


@pytest.fixture(autouse=True)
def extract_on_upload(settings, django_capture_on_commit_callbacks):
    settings.OCR_ON_UPLOAD = True
    global commit
    commit = django_capture_on_commit_callbacks


commit = None


def upload(world, name, data, case_file=None):
    """Store a file as an upload does; its extraction runs when the upload commits."""
    case_file = case_file or world.case_file()
    with commit(execute=True):
        document = store_document(case_file, io.BytesIO(data), name)
    document.refresh_from_db()
    return document


def compact(text):
    return re.sub(r"\s+", "", text)


def test_scans_are_read_page_by_page(world):
    data, truth = scan_pdf(pages=2, seal=True)
    document = upload(world, "通知书.pdf", data)
    document.refresh_from_db()
    assert document.extraction_status == "done" and document.extraction_reason == ""
    pages = list(runs.current_pages(document))
    assert [page.number for page in pages] == [1, 2]
    for page in pages:
        assert page.source == "ocr" and page.rotation == 0
        assert page.confidence > 80 and page.seconds > 0
        assert "本院已受理原告张某诉你单位房屋征收一案" in compact(page.text)


def test_a_text_layer_is_used_instead_of_ocr(world):
    document = upload(world, "通知书.pdf", text_pdf())
    page = runs.current_pages(document).get()
    assert page.source == "text_layer" and page.confidence is None
    assert compact(page.text).startswith("应诉通知书本院已受理原告张某")


def test_images_and_multi_page_tiffs_are_read(world):
    images, _layout = render.render_scan_pages(SCAN, render.ScanOptions(dpi=150, rotation=180))
    case_file = world.case_file()
    jpeg = upload(world, "通知书.jpg", render.image_bytes(images[0], "JPEG", 150), case_file)
    tiff = upload(world, "通知书.tif", render.images_to_tiff([images[0], images[0].rotate(180)], 150), case_file)
    assert runs.current_pages(jpeg).get().rotation == 180
    assert [page.rotation for page in runs.current_pages(tiff)] == [180, 0]
    assert all("本院已受理" in compact(page.text) for page in runs.current_pages(tiff))


def test_the_same_file_is_not_read_twice(world):
    data, _truth = scan_pdf(pages=1)
    first = upload(world, "通知书.pdf", data)
    second = upload(world, "同一文件.pdf", data, world.case_file())
    run = second.extraction_runs.get()
    assert run.reused_from == first.extraction_runs.get()
    assert run.pages.get().seconds == 0
    assert runs.current_pages(second).get().text == runs.current_pages(first).get().text


def test_extracting_again_replaces_the_pages_atomically(world, settings):
    document = upload(world, "通知书.pdf", text_pdf())
    old = list(runs.current_pages(document).values_list("pk", flat=True))
    # With a queue that nobody works, a new run starts but its pages are not done yet.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}
    run = runs.start(document.pk, force=True)
    assert run.status == "running"
    assert list(runs.current_pages(document).values_list("pk", flat=True)) == old
    runs.extract_pages(run.pk, [1])
    run.refresh_from_db()
    assert run.status == "done" and run.is_current
    assert not set(old) & set(runs.current_pages(document).values_list("pk", flat=True))
    assert ExtractionRun.objects.filter(document=document, is_current=True).count() == 1


def test_a_page_done_twice_is_kept_once(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}
    settings.OCR_ON_UPLOAD = False
    data, _truth = scan_pdf(pages=2)
    document = upload(world, "通知书.pdf", data)
    run = runs.start(document.pk)
    runs.extract_pages(run.pk, [1])
    # A second worker, given the same page after a crash, finds it done.
    runs.extract_pages(run.pk, [1, 2])
    runs.extract_pages(run.pk, [2])
    assert sorted(run.pages.values_list("number", flat=True)) == [1, 2]
    run.refresh_from_db()
    assert run.status == "done"


@pytest.mark.parametrize(
    "name, maker, file_type, reason",
    [
        ("损坏.pdf", files.corrupt_pdf, "pdf", "已损坏"),
        ("加密.pdf", files.encrypted_pdf, "pdf", "密码"),
        ("空白.pdf", files.zero_page_pdf, "pdf", "没有页面"),
        ("巨图.png", files.gigapixel_png, "png", "像素"),
        ("伪装.pdf", files.png, "pdf", "实际上是 PNG"),
    ],
)
def test_unreadable_files_fail_with_a_reason(world, name, maker, file_type, reason):
    document = files.store_unchecked(world.case_file(), name, maker(), file_type)
    runs.start(document.pk)
    document.refresh_from_db()
    assert document.extraction_status == "failed"
    assert reason in document.extraction_reason
    assert document.extraction_runs.get().status == "failed"


def test_files_over_the_page_cap_fail(world, settings):
    settings.OCR_MAX_PAGES = 2
    data, _truth = scan_pdf(pages=3)
    document = upload(world, "长文件.pdf", data)
    document.refresh_from_db()
    assert document.extraction_status == "failed"
    assert "3 页" in document.extraction_reason and "2 页" in document.extraction_reason


def test_progress_is_shown_in_the_admin(world, client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}
    data, _truth = scan_pdf(pages=3)
    document = upload(world, "通知书.pdf", data)
    run = runs.start(document.pk)
    runs.extract_pages(run.pk, [1])
    client.force_login(world.user("officer_land"))
    state = client.get(f"/admin/ocr/documents/{document.pk}/progress/").json()
    assert state == {
        "status": "running",
        "label": "正在识别文字：已完成 1 / 3 页",
        "done": 1,
        "total": 3,
        "reason": "",
    }
    overview = client.get(f"/admin/casefiles/{document.case_file_id}/").content.decode()
    assert '<progress max="3" value="1"' in overview
    edit = client.get(f"/admin/documents/edit/{document.pk}/").content.decode()
    assert '<progress max="3" value="1"' in edit
    client.force_login(world.user("officer_market"))
    assert client.get(f"/admin/ocr/documents/{document.pk}/progress/").status_code == 404


def test_failures_are_shown_with_their_reason(world, client):
    document = files.store_unchecked(world.case_file(), "损坏.pdf", files.corrupt_pdf(), "pdf")
    runs.start(document.pk)
    client.force_login(world.user("officer_land"))
    overview = client.get(f"/admin/casefiles/{document.case_file_id}/").content.decode()
    assert "文字识别失败" in overview and "已损坏" in overview


def test_ocr_file_prints_pages_separated_by_form_feeds(tmp_path, capsys):
    data, truth = scan_pdf(pages=2)
    path = tmp_path / "通知书.pdf"
    path.write_bytes(data)
    call_command("ocr_file", str(path))
    pages = capsys.readouterr().out.split("\f")
    assert len(pages) == 2
    assert all("本院已受理原告张某诉你单位房屋征收一案" in compact(page) for page in pages)
    assert PageText.objects.count() == 0  # nothing stored


def test_ocr_file_refuses_a_bad_file(tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "加密.pdf"
    path.write_bytes(files.encrypted_pdf())
    with pytest.raises(CommandError, match="密码"):
        call_command("ocr_file", str(path))


def test_the_ocr_command_reports_and_reprocesses_by_filter(world, capsys):
    first = upload(world, "文本.pdf", text_pdf())
    broken = files.store_unchecked(world.case_file(), "损坏.pdf", files.corrupt_pdf(), "pdf")
    runs.start(broken.pk)
    call_command("ocr", "status")
    out = capsys.readouterr().out
    assert "2 documents" in out and "损坏.pdf" in out and "已损坏" in out
    with commit(execute=True):
        call_command("ocr", "reprocess", "--case-file", str(first.case_file_id), "--no-wait")
    assert "Extraction enqueued for 1 documents" in capsys.readouterr().out
    assert first.extraction_runs.count() == 2 and first.extraction_runs.filter(is_current=True).count() == 1
    assert broken.extraction_runs.count() == 1  # another case file: not selected
    with commit(execute=True):
        call_command("ocr", "reprocess", "--state", "failed", "--no-wait")
    assert broken.extraction_runs.count() == 2
    broken.refresh_from_db()
    assert broken.extraction_status == "failed"
