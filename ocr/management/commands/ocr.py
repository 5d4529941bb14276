import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Sum
from django.utils import timezone
from tqdm import tqdm

from casefiles.models import CaseDocument, ExtractionStatus
from ocr import runs
from ocr.models import ExtractionRun, PageText

STATES = [choice.value for choice in ExtractionStatus]
LISTED = 20  # running and failed documents listed by status


class Command(BaseCommand):
    help = "Text extraction: show its state, extract documents again, or resume what stalled."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        status = commands.add_parser("status", help="Documents by extraction state, and what is running.")
        self._add_filters(status)
        reprocess = commands.add_parser("reprocess", help="Extract the selected documents' text again.")
        self._add_filters(reprocess)
        reprocess.add_argument("--no-wait", action="store_true", help="Only enqueue; do not follow the progress.")
        reprocess.add_argument("--timeout", type=int, default=3600, help="Seconds to follow the progress.")
        commands.add_parser("resume", help="Enqueue again the missing pages of stalled extractions.")

    def _add_filters(self, parser):
        parser.add_argument("--case-file", type=int, help="Only this case file (its id).")
        parser.add_argument("--state", choices=STATES + ["all"], default="all", help="Only documents in this state.")
        parser.add_argument("--since", type=datetime.date.fromisoformat, help="Uploaded on or after (YYYY-MM-DD).")
        parser.add_argument("--until", type=datetime.date.fromisoformat, help="Uploaded on or before (YYYY-MM-DD).")

    def handle(self, action, **options):
        if action == "resume":
            count = runs.resume_stalled()
            self.stdout.write(f"Supervised {count} running extractions.")
            return
        documents = self.select(options)
        if action == "status":
            self.status(documents)
        else:
            self.reprocess(documents, wait=not options["no_wait"], timeout=options["timeout"])

    def select(self, options):
        documents = CaseDocument.objects.all()
        if options["case_file"]:
            documents = documents.filter(case_file_id=options["case_file"])
        if options["state"] != "all":
            documents = documents.filter(extraction_status=options["state"])
        if options["since"]:
            documents = documents.filter(created_at__date__gte=options["since"])
        if options["until"]:
            documents = documents.filter(created_at__date__lte=options["until"])
        return documents

    def status(self, documents):
        counts = dict(documents.order_by().values_list("extraction_status").annotate(n=Count("pk")))
        pages = documents.aggregate(total=Sum("page_count"))["total"] or 0
        self.stdout.write(f"{documents.count()} documents, {pages} pages")
        for state in STATES:
            self.stdout.write(f"  {ExtractionStatus(state).label:<24} {counts.get(state, 0)}")
        running = ExtractionRun.objects.filter(status=ExtractionRun.Status.RUNNING, document__in=documents)
        for run in running.select_related("document").annotate(done=Count("pages"))[:LISTED]:
            self.stdout.write(
                f"  running: {run.document.title} (#{run.document_id}) — {run.done}/{run.pages_total} pages"
            )
        failed = documents.filter(extraction_status=ExtractionStatus.FAILED)
        for document in failed[:LISTED]:
            self.stdout.write(f"  failed: {document.title} (#{document.pk}): {document.extraction_reason}")
        more = max(0, running.count() - LISTED) + max(0, failed.count() - LISTED)
        if more:
            self.stdout.write(f"  … and {more} more (narrow with --case-file, --state, --since, --until)")

    def reprocess(self, documents, wait, timeout):
        ids = list(documents.values_list("pk", flat=True))
        if not ids:
            raise CommandError("No document matches.")
        started = timezone.now()
        for document_id in ids:
            runs.enqueue(document_id, force=True)
        self.stdout.write(f"Extraction enqueued for {len(ids)} documents.")
        if not wait:
            return
        total = documents.aggregate(total=Sum("page_count"))["total"] or 0
        deadline = time.monotonic() + timeout
        with tqdm(total=total, unit="page", desc="Extracting", disable=None) as bar:
            while time.monotonic() < deadline:
                fresh = ExtractionRun.objects.filter(document_id__in=ids, created_at__gte=started)
                done = PageText.objects.filter(run__in=fresh).count()
                bar.update(done - bar.n)
                # A forced extraction always makes a new run, so every document ends in one.
                if fresh.exclude(status=ExtractionRun.Status.RUNNING).count() >= len(ids):
                    break
                time.sleep(1)
        failed = CaseDocument.objects.filter(pk__in=ids, extraction_status=ExtractionStatus.FAILED)
        for document in failed:
            self.stdout.write(f"failed: {document.title} (#{document.pk}): {document.extraction_reason}")
        self.stdout.write(f"{len(ids) - failed.count()} of {len(ids)} documents extracted.")
