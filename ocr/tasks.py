"""Extraction tasks (django-tasks): on the ``ocr`` queue, which workers take after ``default``.

No priorities: django-tasks-rq does not support them. The watchdog is a
deferred task, and django-tasks-db runs deferred tasks that are due before
undeferred ones, so it is never stuck behind a long scan's pages.
"""

from django_tasks import task

from ocr import runs


@task(queue_name="ocr")
def extract_document(document_id, force=False):
    runs.start(document_id, force=force)


@task(queue_name="ocr")
def extract_pages(run_id, numbers):
    runs.extract_pages(run_id, numbers)


@task(queue_name="ocr")
def watch_run(run_id):
    runs.supervise(run_id)
