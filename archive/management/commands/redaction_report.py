from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from archive.models import TypicalCasePage
from archive.typical import redacting


class Command(BaseCommand):
    help = "Print the redaction report of a typical case: what was replaced, by which rule, decided by whom."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="The typical case's slug (default: every published one).")

    def handle(self, *args, slug=None, **options):
        pages = TypicalCasePage.objects.all() if slug else TypicalCasePage.objects.live()
        if slug:
            pages = pages.filter(slug=slug)
        if not pages.exists():
            raise CommandError(
                _("No such typical case: %(slug)s") % {"slug": slug} if slug else _("No typical case is published.")
            )
        for page in pages.order_by("pk"):
            self.stdout.write(redacting.report(page))
