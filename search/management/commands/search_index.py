import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from casefiles.models import CaseFile
from search import documents, indexing
from search.backends import get_backend


class Command(BaseCommand):
    help = "The search index: rebuild it, bring it up to date, or show how current it is."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser(
            "rebuild", help="Index every live case file again; searches go on meanwhile, and stale entries go."
        )
        update = commands.add_parser("update", help="Index what changed since it was indexed; remove what is gone.")
        update.add_argument("--case-file", type=int, action="append", help="Only this case file (its id; repeatable).")
        commands.add_parser("status", help="What the index holds, and how much of it is out of date.")
        for command in commands.choices.values():
            command.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, action, **options):
        self.progress = not options["no_progress"] and options["verbosity"] > 0
        backend = get_backend()
        if action == "status":
            self.status(backend)
        elif action == "rebuild":
            self.rebuild(backend)
        else:
            self.update(backend, options["case_file"])

    def status(self, backend):
        state = backend.status()
        to_index, to_remove = indexing.stale()
        live = CaseFile.objects.live().count()
        self.stdout.write(f"Backend: {backend.name} ({', '.join(f'{k}: {v}' for k, v in state.items())})")
        self.stdout.write(f"Live case files: {live}")
        self.stdout.write(f"Out of date or missing: {len(to_index)}")
        self.stdout.write(f"Indexed but no longer live: {len(to_remove)}")
        if to_index or to_remove:
            self.stdout.write("Run `manage.py search_index update` to bring the index up to date.")

    def rebuild(self, backend):
        started = time.perf_counter()
        ids = list(CaseFile.objects.live().order_by("pk").values_list("pk", flat=True))
        handle = backend.begin_rebuild()
        kept = []
        try:
            for case_file_id in self._bar(ids, "rebuild"):
                document = documents.build(case_file_id)
                if document is not None:
                    backend.index(document, into=handle)
                    kept.append(case_file_id)
        except BaseException:
            backend.abandon_rebuild(handle)
            raise
        backend.end_rebuild(handle, keep=kept)
        self.stdout.write(f"Indexed {len(kept)} case files in {time.perf_counter() - started:.1f} s.")

    def update(self, backend, case_file_ids):
        started = time.perf_counter()
        if case_file_ids:
            missing = set(case_file_ids) - set(
                CaseFile.objects.filter(pk__in=case_file_ids).values_list("pk", flat=True)
            )
            if missing:
                raise CommandError(f"No case file with id {', '.join(map(str, sorted(missing)))}.")
        to_index, to_remove = indexing.stale(case_file_ids)
        for case_file_id in to_remove:
            backend.remove(case_file_id)
        indexed = 0
        for case_file_id in self._bar(to_index, "update"):
            indexed += bool(indexing.index_case_file(case_file_id))
        self.stdout.write(
            f"Indexed {indexed} case files, removed {len(to_remove)} entries in {time.perf_counter() - started:.1f} s."
        )

    def _bar(self, items, label):
        return tqdm(items, desc=label, unit="case", disable=not self.progress, file=self.stderr._out)
