"""Extraction run by real django-tasks-db worker processes, including one killed mid-document."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from casefiles.demo import render
from casefiles.models.documents import store_document
from ocr import runs
from ocr.models import ExtractionRun
from tests import files

ROOT = Path(__file__).resolve().parents[2]
LEASE_SECONDS = 4

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCAN = render.CourtDocument(
    title="行政判决书",
    paragraphs=["原告张某诉被告临江区人民政府房屋征收决定一案，本院依法组成合议庭公开开庭审理。"] * 3,
    issuer="明川市临江区人民法院",
)


def scan_pdf(pages):
    images, _layout = render.render_scan_pages(SCAN, render.ScanOptions(dpi=120))
    return render.images_to_pdf(images * pages, 120)


def database_url():
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    credentials = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    return f"postgres://{credentials}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"


class Workers:
    """db_worker processes sharing the test database and files."""

    def __init__(self, settings, tmp_path):
        self.processes = []
        self.logs = tmp_path
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url(),
            "PRIVATE_MEDIA_ROOT": str(settings.STORAGES["casefiles"]["OPTIONS"]["location"]),
            "OCR_TESSDATA_DIR": str(settings.OCR_TESSDATA_DIR),
            "TASKS_BACKEND": "db",
            "OCR_LEASE_SECONDS": str(LEASE_SECONDS),
            "LOG_LEVEL": "INFO",
        }

    def start(self, **env):
        log = open(self.logs / f"worker-{len(self.processes)}.log", "w")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--queue-name", "default,ocr", "--interval", "0.2"],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def workers(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}
    settings.OCR_ON_UPLOAD = True
    pool = Workers(settings, tmp_path)
    yield pool
    pool.stop()


def wait_for(condition, timeout=180, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out waiting for {message}")


def ended(document):
    document.refresh_from_db()
    return document.extraction_status in ("done", "failed")


def test_two_workers_share_the_pages_of_one_scan(world, workers):
    workers.start()
    workers.start()
    document = store_document(world.case_file(), io.BytesIO(scan_pdf(6)), "判决书.pdf")
    wait_for(lambda: ended(document), message="the extraction")
    assert document.extraction_status == "done"
    assert sorted(runs.current_pages(document).values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    page_tasks = DBTaskResult.objects.filter(task_path="ocr.tasks.extract_pages")
    assert len({worker for task in page_tasks for worker in task.worker_ids}) == 2


def test_killing_a_worker_mid_document_loses_nothing(world, workers):
    first = workers.start()
    document = store_document(world.case_file(), io.BytesIO(scan_pdf(6)), "判决书.pdf")
    wait_for(lambda: ExtractionRun.objects.filter(document=document).exists(), message="the run to start")
    run = ExtractionRun.objects.get(document=document)
    # Kill the worker while it is in the middle of a page, with pages done and pages to go.
    wait_for(
        lambda: (
            run.pages.count() >= 2
            and DBTaskResult.objects.filter(task_path="ocr.tasks.extract_pages", status="RUNNING").exists()
        ),
        message="a page in progress",
    )
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    done_when_killed = run.pages.count()
    assert done_when_killed < 6
    # The task queue still believes the killed worker's page is running: only our watchdog recovers it.
    assert DBTaskResult.objects.filter(task_path="ocr.tasks.extract_pages", status="RUNNING").exists()
    workers.start()
    wait_for(lambda: ended(document), timeout=240, message="the extraction to finish after the crash")
    run.refresh_from_db()
    assert (run.status, run.is_current, document.extraction_status) == ("done", True, "done")
    numbers = list(run.pages.values_list("number", flat=True))
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]  # every page, each exactly once


def test_bad_files_fail_with_their_reason_and_the_worker_goes_on(world, workers):
    case_file = world.case_file()
    bad = {
        "已损坏": files.store_unchecked(case_file, "损坏.pdf", files.corrupt_pdf(), "pdf"),
        "密码": files.store_unchecked(case_file, "加密.pdf", files.encrypted_pdf(), "pdf"),
        "没有页面": files.store_unchecked(case_file, "空白.pdf", files.zero_page_pdf(), "pdf"),
        "百万像素的上限": files.store_unchecked(case_file, "巨图.png", files.gigapixel_png(), "png"),
        "实际上是 PNG": files.store_unchecked(case_file, "伪装.pdf", files.png(), "pdf"),
        "3 页上限": files.store_unchecked(case_file, "长文件.pdf", scan_pdf(4), "pdf", 4),
    }
    good = files.store_unchecked(case_file, "正常.pdf", scan_pdf(1), "pdf")
    for document in [*bad.values(), good]:
        runs.enqueue(document.pk)
    worker = workers.start(OCR_MAX_PAGES="3")
    wait_for(lambda: all(ended(document) for document in [*bad.values(), good]), message="every file")
    for reason, document in bad.items():
        assert document.extraction_status == "failed", document.title
        assert reason in document.extraction_reason, (document.title, document.extraction_reason)
    assert good.extraction_status == "done"
    assert worker.poll() is None  # still working


def test_reprocess_follows_the_workers_progress(world, workers, capsys):
    workers.start()
    document = store_document(world.case_file(), io.BytesIO(scan_pdf(2)), "判决书.pdf")
    wait_for(lambda: ended(document), message="the first extraction")
    call_command("ocr", "reprocess", "--case-file", str(document.case_file_id), "--timeout", "120")
    assert "1 of 1 documents extracted." in capsys.readouterr().out
    assert document.extraction_runs.filter(status="done").count() == 2
    assert document.extraction_runs.filter(is_current=True).count() == 1


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_answers():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_answers(), reason=f"no Redis answers at {REDIS_URL}")
def test_redis_workers_do_the_same_work(world, workers, settings):
    """The at-scale setup: the same tasks through django-tasks-rq and an RQ worker."""
    import redis

    settings.OCR_ON_UPLOAD = False
    document = store_document(world.case_file(), io.BytesIO(scan_pdf(2)), "判决书.pdf")
    env = {**workers.env, "TASKS_BACKEND": "rq", "REDIS_URL": REDIS_URL}
    redis.Redis.from_url(REDIS_URL).flushdb()
    try:
        subprocess.run(
            [sys.executable, "manage.py", "ocr", "reprocess", "--case-file", str(document.case_file_id), "--no-wait"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        # Burst mode: work until the queues are empty, then stop (twice: the
        # orchestrating task enqueues the page tasks).
        for _ in range(2):
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "rqworker",
                    "default",
                    "ocr",
                    "--burst",
                    "--job-class",
                    "django_tasks_rq.Job",
                ],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                timeout=300,
            )
        document.refresh_from_db()
        assert document.extraction_status == "done"
        assert sorted(runs.current_pages(document).values_list("number", flat=True)) == [1, 2]
    finally:
        redis.Redis.from_url(REDIS_URL).flushdb()
