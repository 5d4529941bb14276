"""Email the deadline reminders owed today (run daily, e.g. from cron)."""

import datetime

from django.core.management.base import BaseCommand

from casefiles.reminders import send_deadline_reminders


class Command(BaseCommand):
    help = "Email reminders of open deadlines due in DEADLINE_REMINDER_WORKING_DAYS working days, or overdue."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="Count from this day (YYYY-MM-DD)")

    def handle(self, *args, date=None, **options):
        count = send_deadline_reminders(today=date)
        self.stdout.write(f"Sent {count} deadline reminders.")
