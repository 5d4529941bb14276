"""What a judgment's result means for the agency: a loss (败诉) or not.

The rules are data: each result of :class:`~casefiles.models.Judgment.Result`
falls in one outcome, with the provision that says so. A result the court gives
against the agency's act is a loss (004 第二十七条; 000 第十七条 and 002 第七条
list the same results when they require the loss report).
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    LOSS = "loss", _("Lost")
    NOT_LOST = "not_lost", _("Not lost")
    ENDED_OTHERWISE = "ended_otherwise", _("Ended otherwise")
    PENDING = "pending", _("No decision yet")


@dataclass(frozen=True)
class OutcomeRule:
    result: str
    outcome: Outcome
    source: str


# One rule per result code of Judgment.Result.
RULES = [
    OutcomeRule("revoked", Outcome.LOSS, "004 第二十七条（一）；000 第十七条；002 第七条"),
    OutcomeRule("partly_revoked", Outcome.LOSS, "004 第二十七条（一）"),
    OutcomeRule("revoked_redo", Outcome.LOSS, "004 第二十七条（二）；000 第十七条；002 第七条"),
    OutcomeRule("ordered_to_perform", Outcome.LOSS, "004 第二十七条（三）；000 第十七条；002 第七条"),
    OutcomeRule("ordered_to_pay", Outcome.LOSS, "004 第二十七条（三）；000 第十七条；002 第七条"),
    OutcomeRule("confirmed_illegal", Outcome.LOSS, "004 第二十七条（四）；000 第十七条；002 第七条"),
    OutcomeRule("confirmed_void", Outcome.LOSS, "004 第二十七条（四）；000 第十七条；002 第七条"),
    OutcomeRule("changed", Outcome.LOSS, "000 第十七条；002 第七条"),
    OutcomeRule("compensation", Outcome.LOSS, "004 第二十七条（五）；000 第十七条；002 第七条"),
    # A reversal on appeal is for or against the agency depending on the first
    # judgment; it is not itself one of the listed results.
    OutcomeRule("reversed", Outcome.ENDED_OTHERWISE, "004 第二十七条 (not among the listed results)"),
    OutcomeRule("claims_dismissed", Outcome.NOT_LOST, "004 第二十七条 (not among the listed results)"),
    OutcomeRule("appeal_dismissed", Outcome.NOT_LOST, "004 第二十七条 (not among the listed results)"),
    OutcomeRule("suit_dismissed", Outcome.NOT_LOST, "004 第二十七条 (not among the listed results)"),
    OutcomeRule("remanded", Outcome.ENDED_OTHERWISE, "004 第二十七条 (not among the listed results)"),
    OutcomeRule("withdrawn", Outcome.ENDED_OTHERWISE, "004 第二十七条 (not among the listed results)"),
    OutcomeRule("mediated", Outcome.ENDED_OTHERWISE, "004 第二十七条 (not among the listed results)"),
    OutcomeRule("other", Outcome.ENDED_OTHERWISE, "004 第二十七条 (not among the listed results)"),
]

_BY_RESULT = {rule.result: rule for rule in RULES}
_EPOCH = datetime.date.min


def rule_for(result):
    """The rule for a result code; KeyError for a code the rules do not know."""
    return _BY_RESULT[result]


def outcome_of(result):
    """The outcome of a result code, or PENDING when there is none."""
    if not result:
        return Outcome.PENDING
    return rule_for(result).outcome


def is_loss(result):
    return outcome_of(result) == Outcome.LOSS


def decisive_judgment(judgments):
    """The judgment that decides a case file: the latest to take effect, else the latest served.

    ``judgments`` are Judgment pages (or anything with ``date_effective``,
    ``date_served`` and ``pk``).
    """
    judgments = list(judgments)
    if not judgments:
        return None

    def key(judgment):
        return (
            judgment.date_effective is not None,
            judgment.date_effective or judgment.date_served or _EPOCH,
            judgment.date_served or _EPOCH,
            judgment.pk or 0,
        )

    return max(judgments, key=key)
