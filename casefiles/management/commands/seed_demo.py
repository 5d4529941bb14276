from django.core.management.base import BaseCommand

from archive.demo import evaluation, typical
from casefiles.demo import seed


class Command(BaseCommand):
    help = "Create demo agencies, users of every role and about 30 case files with their documents."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=30, help="How many case files (default 30).")
        parser.add_argument("--workers", type=int, default=2, help="Processes rendering the scans.")
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args, cases, workers, quiet_logins, **options):
        def progress(done, total, spec):
            self.stdout.write(f"  [{done}/{total}] {spec.case_number} {spec.title}")

        created, logins = seed.seed(count=cases, workers=workers, progress=progress)
        evaluation.seed()  # the demo's evaluation campaigns (案卷评查), on the case files just made
        published = typical.seed()  # the typical-case library (典型案例库): one published, one in draft
        if published is not None:
            self.stdout.write(f"Typical case published: {published.url}")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {created} case files created."))
        if not quiet_logins:
            self.stdout.write(format_logins(logins))


def format_logins(logins):
    lines = ["Logins (kept in var/demo-logins.json):"]
    for username, entry in logins.items():
        lines.append(
            f"  {username:<16} {entry['password']:<14} {entry['name']} · {entry['agency'] or '—'} · {entry['role']}"
        )
    return "\n".join(lines)
