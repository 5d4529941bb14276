#!/usr/bin/env python
"""Throughput of the OCR stage against the engine's own limit on this machine.

In one run, on the same 24 scanned pages (300 dpi, four faces, seals, turned
pages, skew, speckle, JPEG):

* baseline: the plain ``tesseract`` command line with OMP_THREAD_LIMIT=1, two
  processes at a time, on the page images, with the same language data;
* stage: the whole extraction (two django-tasks-db workers: PDF rendering,
  preprocessing, recognition, storing the pages) of those pages as one PDF;
* text layer: a 200-page PDF with a text layer, through the same workers.

Prints pages per second for each and, last, ``ratio=<stage / baseline>``
(target ≥ 0.85; text-layer pages ≥ 50 per second).

    .venv/bin/python bench/ocr_throughput.py
"""

import concurrent.futures
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="anjuan-bench-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings",
    ANJUAN_VAR_DIR=str(WORK),
    TASKS_BACKEND="db",
    OCR_ON_UPLOAD="0",
    LOG_LEVEL="WARNING",
    OCR_TESSDATA_DIR=os.environ.get("OCR_TESSDATA_DIR", str(ROOT / "var" / "tessdata")),
)
WORKERS = 2
DPI = 300


def scanned_pages():
    from casefiles.demo import render
    from casefiles.demo.scans import DOCUMENTS, FACES, ScanCase

    conditions = [
        {},
        {"seal": True},
        {"rotation": 180},
        {"skew": 1.5},
        {"noise": 0.006},
        {"jpeg_quality": 60},
    ]
    pages = []
    for index, face in enumerate(FACES):
        for number, extra in enumerate(conditions):
            document, spec = DOCUMENTS[(index + number) % len(DOCUMENTS)]
            options = render.ScanOptions(font=face, dpi=DPI, seed=index * 10 + number, **extra)
            image, _truth = ScanCase(f"{face} {extra}", document, spec, options).render()
            pages.append(image)
    return pages


def baseline(paths, languages, tessdata):
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def run(path):
        subprocess.run(
            ["tesseract", str(path), "-", "-l", languages, "--tessdata-dir", str(tessdata)],
            env=env,
            check=True,
            capture_output=True,
        )

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(run, paths))
    return time.perf_counter() - started


def start_workers():
    env = {**os.environ}
    return [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--queue-name", "default,ocr", "--interval", "0.1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(WORKERS)
    ]


def extract(document):
    """Seconds from enqueueing a document's extraction to its last page stored."""
    from casefiles.models import CaseDocument
    from ocr.tasks import extract_document

    started = time.perf_counter()
    extract_document.enqueue(document.pk)
    while True:
        status = CaseDocument.objects.filter(pk=document.pk).values_list("extraction_status", flat=True).get()
        if status in ("done", "failed"):
            break
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    if status != "done":
        raise SystemExit(f"extraction failed: {CaseDocument.objects.get(pk=document.pk).extraction_reason}")
    return elapsed


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from casefiles import tree
    from casefiles.demo import render
    from casefiles.models import Cause, Court, ensure_agency
    from casefiles.models.documents import store_document
    from ocr import language_data

    language_data.install(log=lambda message: None)
    call_command("migrate", verbosity=0)
    agency = ensure_agency("临江区人民政府", "government")
    court = Court.objects.create(name="明川市临江区人民法院", level="basic", code="鲁1503")
    case_file = tree.create_case_file(
        tree.ensure_library(agency),
        parties=[
            {"role": "plaintiff", "kind": "person", "name": "张某"},
            {"role": "defendant", "kind": "agency", "agency": agency},
        ],
        title="基准测试案卷",
        case_number="（2024）鲁1503行初1号",
        court=court,
        instance="first",
        cause=Cause.objects.get(name="征收或者征用房屋"),
        handling_unit=agency,
        date_received="2024-03-01",
    )

    pages = scanned_pages()
    paths = []
    for number, image in enumerate(pages, start=1):
        path = WORK / f"page-{number:02}.png"
        image.save(path, dpi=(DPI, DPI))
        paths.append(path)
    scan = store_document(case_file, io.BytesIO(render.images_to_pdf(pages, DPI)), "扫描件.pdf")
    text_pages = render.CourtDocument(
        title="行政答辩状",
        paragraphs=["答辩人认为被诉行政行为认定事实清楚，证据确凿，适用法律正确，程序合法。" * 6] * 600,
    )
    text = store_document(case_file, io.BytesIO(render.render_pdf(text_pages)), "答辩状.pdf")

    tessdata = language_data.tessdata_dir()
    print(f"{len(pages)} scanned pages at {DPI} dpi; {text.page_count} text-layer pages; {WORKERS} workers")
    baseline_seconds = baseline(paths, settings.OCR_LANGUAGES, tessdata)
    baseline_rate = len(pages) / baseline_seconds
    print(
        f"baseline  tesseract CLI, OMP_THREAD_LIMIT=1, {WORKERS} at a time: "
        f"{baseline_seconds:6.1f} s  {baseline_rate:5.2f} pages/s"
    )
    workers = start_workers()
    try:
        time.sleep(3)  # let the workers start
        stage_seconds = extract(scan)
        text_seconds = extract(text)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait()
    stage_rate = len(pages) / stage_seconds
    text_rate = text.page_count / text_seconds
    print(f"stage     rendering, preprocessing, OCR, storing: {stage_seconds:6.1f} s  {stage_rate:5.2f} pages/s")
    print(f"text layer {text.page_count} pages: {text_seconds:6.1f} s  {text_rate:5.1f} pages/s")
    print(f"ratio={stage_rate / baseline_rate:.2f}")


if __name__ == "__main__":
    main()
