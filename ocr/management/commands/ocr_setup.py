from django.core.management.base import BaseCommand, CommandError

from ocr import language_data


class Command(BaseCommand):
    help = "Install the Tesseract language data Anjuan reads with (does nothing when it is in place)."

    def handle(self, *args, **options):
        try:
            installed = language_data.install(log=lambda message: self.stdout.write(message))
        except language_data.LanguageDataError as error:
            raise CommandError(str(error)) from error
        if installed:
            self.stdout.write(self.style.SUCCESS(f"OCR language data ready in {language_data.tessdata_dir()}"))
