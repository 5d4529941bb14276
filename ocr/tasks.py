"""Extraction tasks (django-tasks): on the ``ocr`` queue, which workers take after ``default``.

Page tasks run at a lower priority than the orchestration and the watchdog, so
that a long scan's hundreds of pages never hold up the decisions about it.
"""

from django_tasks import task

from ocr import runs

PAGE_PRIORITY = -10


@task(queue_name="ocr")
def extract_document(document_id, force=False):
    runs.start(document_id, force=force)


@task(queue_name="ocr", priority=PAGE_PRIORITY)
def extract_pages(run_id, numbers):
    runs.extract_pages(run_id, numbers)


@task(queue_name="ocr")
def watch_run(run_id):
    runs.supervise(run_id)
