"""Check the fixity of every archived file (run daily, e.g. from cron); exits 1 when a file has a problem."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from archive import fixity
from archive.models import FixityRun


class Command(BaseCommand):
    help = (
        "Read every file of every sealed case file again and compare it with the SHA-256 and size recorded "
        "when it was sealed; report missing, changed and unreadable files (stored, shown in the admin and "
        "emailed to the archivists and supervisors). Exits with status 1 when there is a problem."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the check as a task for the workers instead of running it here.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from archive.tasks import check_fixity

            result = check_fixity.enqueue()
            self.stdout.write(f"Fixity check enqueued (task {result.id}).")
            return
        run = fixity.check_all(trigger=FixityRun.Trigger.COMMAND)
        for line in fixity.report_lines(run, fixity.findings_of(run)):
            self.stdout.write(line)
        if run.problem_count:
            raise CommandError(
                _("%(count)d archived files failed the fixity check.") % {"count": run.problem_count}, returncode=1
            )
