"""Running the extraction of a document: start, pages, finish, and recovery.

A document's extraction is one run split into one task per page, so that the
pages of a long scan spread over every worker. Crash safety rests on our own
records, not on the task queue: a worker killed in the middle of a page leaves
that page missing from the run, and the run's watchdog (a task deferred by
OCR_LEASE_SECONDS) enqueues every missing page again once the run has made no
progress for that long. Pages are unique per run, so a page done twice is kept
once; the run is finished by whichever worker claims it first.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from casefiles.models import CaseDocument, ExtractionStatus
from ocr.extract import check_file, extract_page
from ocr.models import ExtractionRun, PageText
from ocr.sources import local_path, open_source

logger = logging.getLogger(__name__)

# Sent when a document's text is complete and current (search indexes it).
text_extracted = Signal()


def enqueue(document_id, force=False):
    """Extract the document's text once the current transaction commits."""
    from ocr.tasks import extract_document

    transaction.on_commit(lambda: extract_document.enqueue(document_id, force))


def current_pages(document):
    """The document's page texts from its current run, in page order."""
    return PageText.objects.filter(run__document=document, run__is_current=True).order_by("number")


def progress(document):
    """(pages done, pages total) of the document's extraction in progress or last finished."""
    run = document.extraction_runs.order_by("-pk").first()
    if run is None:
        return 0, document.page_count or 0
    return run.pages.count(), run.pages_total


def start(document_id, force=False):
    """Begin extracting a document; returns the run, or None when nothing needs doing."""
    document = CaseDocument.objects.filter(pk=document_id).first()
    if document is None:
        return None
    current = document.extraction_runs.filter(is_current=True).first()
    if current is not None and current.sha256 == document.sha256 and not force:
        return None
    running = document.extraction_runs.filter(status=ExtractionRun.Status.RUNNING, sha256=document.sha256)
    if not force and running.exists():
        return None  # this very file is being extracted already
    now = timezone.now()
    document.extraction_runs.filter(status=ExtractionRun.Status.RUNNING).update(
        status=ExtractionRun.Status.SUPERSEDED, finished_at=now
    )
    try:
        with local_path(document.file) as path:
            inspection = check_file(path, document.filename)
    except ValidationError as error:
        return _fail_new_run(document, " ".join(error.messages))
    except OSError as error:
        return _fail_new_run(document, _("The stored file cannot be read: %(error)s") % {"error": error})
    if not force and (donor := _same_file_done(document)) is not None:
        return _reuse(document, donor)
    run = ExtractionRun.objects.create(
        document=document, sha256=document.sha256, pages_total=inspection.page_count, progress_at=now
    )
    _set_document(document.pk, ExtractionStatus.RUNNING)
    _enqueue_pages(run, range(1, run.pages_total + 1))
    _enqueue_watchdog(run)
    return run


def extract_pages(run_id, numbers):
    """Extract the given pages of a run (those not already done) and finish the run if complete."""
    run = ExtractionRun.objects.select_related("document").filter(pk=run_id).first()
    if run is None or run.status != ExtractionRun.Status.RUNNING:
        return
    if run.document.sha256 != run.sha256:
        _supersede(run)
        return
    done = set(run.pages.filter(number__in=numbers).values_list("number", flat=True))
    todo = [number for number in numbers if number not in done]
    if todo:
        with local_path(run.document.file) as path, open_source(path, run.document.file_type) as source:
            for number in todo:
                try:
                    result = extract_page(source, number)
                except Exception as error:  # any failure of one page ends the run, with its reason
                    logger.exception("Extraction of page %s of document %s failed", number, run.document_id)
                    fail(run, _("Page %(number)d cannot be read: %(error)s") % {"number": number, "error": error})
                    return
                _record(run, result)
    finish_if_complete(run)


def _record(run, result):
    try:
        with transaction.atomic():
            PageText.objects.create(
                run=run,
                number=result.number,
                text=result.text,
                source=result.source,
                confidence=result.confidence,
                rotation=result.rotation,
                seconds=result.seconds,
            )
    except IntegrityError:
        pass  # another worker stored this page first: one text per page
    ExtractionRun.objects.filter(pk=run.pk).update(progress_at=timezone.now())


def finish_if_complete(run):
    """Make a complete run the document's current one; exactly one caller succeeds."""
    if run.pages.count() < run.pages_total:
        return False
    with transaction.atomic():
        claimed = ExtractionRun.objects.filter(pk=run.pk, status=ExtractionRun.Status.RUNNING).update(
            status=ExtractionRun.Status.DONE, finished_at=timezone.now()
        )
        if not claimed:
            return False
        ExtractionRun.objects.filter(document_id=run.document_id, is_current=True).update(is_current=False)
        ExtractionRun.objects.filter(pk=run.pk).update(is_current=True)
        _set_document(run.document_id, ExtractionStatus.DONE)
    transaction.on_commit(lambda: text_extracted.send(sender=ExtractionRun, run_id=run.pk))
    return True


def fail(run, reason):
    updated = ExtractionRun.objects.filter(pk=run.pk, status=ExtractionRun.Status.RUNNING).update(
        status=ExtractionRun.Status.FAILED, reason=reason, finished_at=timezone.now()
    )
    if updated:
        _set_document(run.document_id, ExtractionStatus.FAILED, reason)


def supervise(run_id):
    """The watchdog: re-enqueue the pages of a stalled run; keep watching until it ends."""
    run = ExtractionRun.objects.filter(pk=run_id).first()
    if run is None or run.status != ExtractionRun.Status.RUNNING:
        return
    if finish_if_complete(run):
        return
    lease = datetime.timedelta(seconds=settings.OCR_LEASE_SECONDS)
    if run.progress_at is None or run.progress_at <= timezone.now() - lease:
        missing = sorted(set(range(1, run.pages_total + 1)) - set(run.pages.values_list("number", flat=True)))
        logger.warning("Extraction %s stalled; enqueuing %d pages again", run.pk, len(missing))
        ExtractionRun.objects.filter(pk=run.pk).update(progress_at=timezone.now())
        _enqueue_pages(run, missing)
    _enqueue_watchdog(run)


def resume_stalled():
    """Supervise every running extraction now (after a restart, say); returns how many."""
    runs = list(ExtractionRun.objects.filter(status=ExtractionRun.Status.RUNNING).values_list("pk", flat=True))
    for run_id in runs:
        supervise(run_id)
    return len(runs)


def _enqueue_pages(run, numbers):
    from ocr.tasks import extract_pages as extract_pages_task

    numbers = list(numbers)
    size = settings.OCR_PAGES_PER_TASK
    for index in range(0, len(numbers), size):
        extract_pages_task.enqueue(run.pk, numbers[index : index + size])


def _enqueue_watchdog(run):
    from ocr.tasks import watch_run

    if not watch_run.get_backend().supports_defer:
        return  # tasks run as they are enqueued (the immediate backend): nothing can stall unseen
    run_after = timezone.now() + datetime.timedelta(seconds=settings.OCR_LEASE_SECONDS)
    watch_run.using(run_after=run_after).enqueue(run.pk)


def _same_file_done(document):
    """A finished extraction of the same bytes (in any case file), to reuse instead of reading again."""
    return (
        ExtractionRun.objects.filter(sha256=document.sha256, status=ExtractionRun.Status.DONE)
        .order_by("-finished_at")
        .first()
    )


@transaction.atomic
def _reuse(document, donor):
    run = ExtractionRun.objects.create(
        document=document, sha256=document.sha256, pages_total=donor.pages_total, reused_from=donor
    )
    PageText.objects.bulk_create(
        PageText(
            run=run,
            number=page.number,
            text=page.text,
            source=page.source,
            confidence=page.confidence,
            rotation=page.rotation,
            seconds=0,
        )
        for page in donor.pages.all()
    )
    finish_if_complete(run)
    return run


def _fail_new_run(document, reason):
    run = ExtractionRun.objects.create(
        document=document,
        sha256=document.sha256,
        status=ExtractionRun.Status.FAILED,
        reason=reason,
        finished_at=timezone.now(),
    )
    _set_document(document.pk, ExtractionStatus.FAILED, reason)
    return run


def _supersede(run):
    ExtractionRun.objects.filter(pk=run.pk, status=ExtractionRun.Status.RUNNING).update(
        status=ExtractionRun.Status.SUPERSEDED, finished_at=timezone.now()
    )


def _set_document(document_id, status, reason=""):
    CaseDocument.objects.filter(pk=document_id).update(extraction_status=status, extraction_reason=reason)
