"""Recount the stored deadlines of every case file (after an upgrade, or to check nothing drifted)."""

from django.core.management.base import BaseCommand

from casefiles.models.case_deadlines import recompute_all_deadlines


class Command(BaseCommand):
    help = "Recount the stored deadlines (CaseDeadline) of every case file from its events, judgments and rules."

    def handle(self, *args, **options):
        count = recompute_all_deadlines()
        self.stdout.write(f"Recounted the deadlines of {count} case files.")
