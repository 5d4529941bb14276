from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from casefiles.importer import case_folders, import_folder


class Command(BaseCommand):
    help = "Import a backlog of case files: one folder per case file with its case.yaml and scans (README.md)."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="The folder holding one folder per case file.")
        parser.add_argument("--user", help="Record the import as done by this user (username).")

    def handle(self, directory, user, **options):
        folders = case_folders(directory)
        if not folders:
            raise CommandError(f"No case.yaml under {directory}.")
        actor = get_user_model().objects.filter(username=user).first() if user else None
        if user and actor is None:
            raise CommandError(f"No user {user}.")
        results = []
        for folder in tqdm(folders, unit="case", desc="Importing", disable=None):
            results.append(import_folder(folder, user=actor))
        failed = [result for result in results if result.problem]
        created = sum(1 for result in results if result.created)
        files = sum(result.files_added for result in results)
        self.stdout.write(
            f"{len(results) - len(failed)} of {len(results)} folders imported: "
            f"{created} new case files, {files} files added (their text is being extracted)."
        )
        for result in failed:
            self.stdout.write(self.style.ERROR(f"not imported: {result.folder}: {result.problem}"))
