from django.core.management.base import BaseCommand

from casefiles.models import DeadlineRule, RuleProfile
from casefiles.rule_profile_data import differences, load_rule_profiles


class Command(BaseCommand):
    help = (
        "Create the deadline rule profiles of casefiles/data/rule_profiles.yaml that the database lacks, "
        "and report how the others differ from the file (they are left as supervisors edited them)."
    )

    def handle(self, *args, **options):
        for code in load_rule_profiles(RuleProfile, DeadlineRule):
            self.stdout.write(self.style.SUCCESS(f"Created rule profile {code}."))
        for code, found in differences(RuleProfile, DeadlineRule).items():
            self.stdout.write(f"Rule profile {code} differs from the file and was left as it is:")
            for line in found:
                self.stdout.write(f"  {line}")
