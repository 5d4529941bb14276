import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ocr.extract import extract_file


class Command(BaseCommand):
    help = "Print the text a file yields, pages separated by form feeds; nothing is stored."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A PDF, JPEG, PNG or TIFF file.")
        parser.add_argument("--details", action="store_true", help="Report each page's source and timing on stderr.")

    def handle(self, path, details, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            for index, page in enumerate(extract_file(file, file.name)):
                if index:
                    self.stdout.write("\f", ending="")
                self.stdout.write(page.text)
                if details:
                    confidence = f", confidence {page.confidence}" if page.confidence is not None else ""
                    sys.stderr.write(
                        f"page {page.number}: {page.source}, rotation {page.rotation}{confidence}, {page.seconds}s\n"
                    )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (e.g. piped into head): nothing more to say
