"""Retention periods (保管期限) of an archived case file, and the rules that propose one.

The codes are those of DA/T 22-2015 (归档文件整理规则): Y 永久, D30 30年,
D10 10年. None of the regulations in ``regulations/`` sets a period for
litigation-response files, so the rules below are a proposal, after the split
of 国家档案局令第8号 (机关文件材料归档范围和文书档案保管期限规定): what the
agency must answer for later is kept longer, routine matters 10 years. The
archivist confirms or changes the proposal when approving (see
:func:`archive.workflow.approve`); nothing here decides on its own.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from casefiles.models import Judgment
from casefiles.models.agencies import Agency
from casefiles.models.pages import Instance
from casefiles.outcomes import decisive_judgment, is_loss


class Retention(models.TextChoices):
    PERMANENT = "Y", _("Permanent (Y)")
    YEARS_30 = "D30", _("30 years (D30)")
    YEARS_10 = "D10", _("10 years (D10)")


@dataclass(frozen=True)
class RetentionRule:
    """When ``condition`` holds for a case file, ``retention`` is proposed; ``source`` says why."""

    condition: str
    retention: Retention
    source: str


# First match wins; the last rule always matches.
RULES = [
    # A lost case is followed up for years: loss analysis, accountability and
    # rectification (004 第二十七条–第三十二条; 002 第七条).
    RetentionRule("lost", Retention.YEARS_30, "004 第二十七条–第三十二条；国家档案局令第8号（建议，档案员确认）"),
    # A people's government as defendant: its heads must appear (001 第二十一条).
    RetentionRule("government_defendant", Retention.YEARS_30, "001 第二十一条；国家档案局令第8号（建议，档案员确认）"),
    RetentionRule("retrial", Retention.YEARS_30, "国家档案局令第8号（建议，档案员确认）"),
    RetentionRule("always", Retention.YEARS_10, "国家档案局令第8号（建议，档案员确认）"),
]


def facts(case_file):
    """The conditions of :data:`RULES` that hold for ``case_file``."""
    held = {"always"}
    judgment = decisive_judgment(Judgment.objects.child_of(case_file).live())
    if judgment is not None and is_loss(judgment.result):
        held.add("lost")
    if any(agency.kind == Agency.Kind.GOVERNMENT for agency in case_file.defendant_agencies):
        held.add("government_defendant")
    if case_file.instance == Instance.RETRIAL:
        held.add("retrial")
    return held


def propose(case_file):
    """The rule whose retention is proposed for ``case_file``."""
    held = facts(case_file)
    return next(rule for rule in RULES if rule.condition in held)
