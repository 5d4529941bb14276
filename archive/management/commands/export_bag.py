"""Export an archived case file as a BagIt package: ``manage.py export_bag <id|archival code> DEST``."""

import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from archive.export import package
from archive.models import Volume
from archive.volume import service


class Command(BaseCommand):
    help = (
        "Export an archived case file (by id or archival code) as a BagIt package in the folder "
        "DEST/<archival code>/, or as DEST/<archival code>.zip with --zip. Generates the volume first "
        "if it has not been generated."
    )

    def add_arguments(self, parser):
        parser.add_argument("case_file", help="the case file's id or archival code, e.g. J023-2024-D30-0001")
        parser.add_argument("dest", help="the folder to write the package into")
        parser.add_argument("--zip", action="store_true", help="write one zip file instead of a folder")

    def handle(self, *args, **options):
        try:
            case_file = package.find_case_file(options["case_file"])
            if not package.is_archived(case_file):
                package.require_archived(case_file)  # raises, with the reason
            volume = Volume.objects.filter(case_file=case_file).first()
            if volume is None or not volume.is_ready:
                self.stdout.write(_("Generating the volume of “%(title)s” …") % {"title": case_file.title})
                volume = service.generate(case_file)
                if not volume.is_ready:
                    raise CommandError(volume.failure)
            code, _volume = package.require_archived(case_file)
            dest = Path(options["dest"])
            if options["zip"]:
                dest.mkdir(parents=True, exist_ok=True)
                target = dest / f"{code.code}.zip"
                if target.exists():
                    raise CommandError(_("The file “%(path)s” exists already.") % {"path": target})
                try:
                    with open(target, "xb") as out:
                        package.write_zip(case_file, out)
                except BaseException:
                    target.unlink(missing_ok=True)
                    raise
            else:
                target = dest / code.code
                existed = target.exists()
                try:
                    package.write_bag(case_file, target).validate()
                except BaseException:
                    if not existed:
                        shutil.rmtree(target, ignore_errors=True)
                    raise
        except package.ExportError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(_("Exported “%(title)s” to %(path)s.") % {"title": case_file.title, "path": target})
