from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casefiles.models import Agency, CaseFile
from casefiles.statistics import figures, measures, periods


class Command(BaseCommand):
    help = "Print the statistics of a period over every case file (what a supervisor sees on the statistics page)."

    def add_arguments(self, parser):
        parser.add_argument("--year", default=str(timezone.localdate().year))
        parser.add_argument("--period", default=periods.YEAR, help="year, h1, h2, q1, q2, q3 or q4.")
        parser.add_argument("--agency", help="Only the case library of the agency of this name.")

    def handle(self, *args, year, period, agency, **options):
        today = timezone.localdate()
        try:
            period = periods.parse(year, period, today)
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from e
        scope = CaseFile.objects.all()
        agencies = list(Agency.objects.filter(case_library__isnull=False).order_by("name"))
        if agency:
            chosen = Agency.objects.filter(name=agency, case_library__isnull=False).first()
            if chosen is None:
                raise CommandError(f"No agency with a case library is called {agency}.")
            scope, agencies = scope.filter(path__startswith=chosen.case_library.path), [chosen]
        statistics = figures.compute(scope, period, today, agencies=agencies)
        self.stdout.write(f"{period.label}（{period.start:%Y-%m-%d} – {period.end:%Y-%m-%d}）")
        for rate in measures.RATES:
            self.stdout.write(f"  {rate.label}: {statistics.total.text(rate.code)}")
        for count in measures.COUNTS:
            self.stdout.write(f"  {count.label}: {statistics.total[count.code]}")
        for title, rows in (
            ("by agency", statistics.by_agency),
            ("by cause", statistics.by_cause),
            ("by instance", statistics.by_instance),
        ):
            labels = [str(measures.measure(code).label) for code in measures.PAGE_COLUMNS]
            self.stdout.write(f"\n{title}: " + " | ".join(labels))
            for row in [*rows, statistics.total]:
                self.stdout.write(f"  {row.label}: " + " | ".join(row.texts(measures.PAGE_COLUMNS)))
