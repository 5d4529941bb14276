"""Print an evaluation campaign's results: per case file, per agency (average, ranking) and per rubric item."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from archive.evaluation import results
from archive.models import Campaign
from archive.models.evaluation import Grade


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Print the results of an evaluation campaign (by id or name; the latest closed one by default)."

    def add_arguments(self, parser):
        parser.add_argument("campaign", nargs="?", help="The campaign's id or name.")

    def handle(self, *args, campaign=None, **options):
        campaigns = Campaign.objects.select_related("rubric")
        if campaign:
            by_id = Q(pk=int(campaign)) if campaign.isdigit() else Q(pk__in=[])
            found = campaigns.filter(Q(name=campaign) | by_id).first()
        else:
            found = campaigns.filter(state="closed").order_by("-ends_on", "-pk").first()
        if found is None:
            raise CommandError(_("No such evaluation campaign: %(campaign)s") % {"campaign": campaign or "—"})
        files = results.file_rows(found)
        veto = _("veto")
        self.stdout.write(
            _("%(name)s (%(state)s), %(rubric)s, random seed %(seed)s")
            % {"name": found.name, "state": found.get_state_display(), "rubric": found.rubric, "seed": found.seed}
        )
        self.stdout.write(
            "\n"
            + _table(
                [_("Case file"), _("Case number"), _("Handling unit"), _("Evaluators' scores"), _("Score"), _("Grade")],
                [
                    (
                        row.title,
                        row.case_number,
                        row.agency,
                        " / ".join(str(score) for score in row.evaluator_scores),
                        row.score if row.score is not None else "—",
                        (row.grade_label + (f"（{veto}）" if row.vetoed else ""))
                        if row.score is not None
                        else row.state,
                    )
                    for row in files
                ],
            )
        )
        self.stdout.write(
            "\n"
            + _table(
                [_("Rank"), _("Handling unit"), _("Case files"), _("Average score")]
                + [str(Grade(g).label) for g in results.GRADE_ORDER],
                [
                    (row.rank or "—", row.agency, f"{row.scored}/{row.files}", row.average or "—")
                    + tuple(row.grades.get(grade, 0) for grade in results.GRADE_ORDER)
                    for row in results.agency_rows(found, files)
                ],
            )
        )
        self.stdout.write(
            "\n"
            + _table(
                [_("Rubric item"), _("Source"), _("Points lost"), _("Case files losing points")],
                [(row.label, row.source, row.lost, row.files) for row in results.item_rows(found) if row.lost],
            )
        )
