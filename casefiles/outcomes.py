"""What a judgment's result means for the agency: a loss (败诉) or not.

The rules are data: each result of :class:`~casefiles.models.Judgment.Result`
falls in one outcome, with the provision that says so. A result the court gives
against the agency's act is a loss (004 第二十七条; 000 第十七条 and 002 第七条
list the same results when they require the loss report).
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce
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


@dataclass(frozen=True)
class MeritsRule:
    """Whether a result decides the dispute itself (实体判决) or ends the case without deciding it."""

    result: str
    on_the_merits: bool
    source: str


# One rule per result code of Judgment.Result. A judgment on the merits rules on the
# lawfulness of the act or on the claims (行政诉讼法 第六十九条–第七十八条, and on appeal
# 第八十九条（一）（二）); a ruling that dismisses the suit, allows a withdrawal or remands,
# and a mediation, end the case without deciding it. Only a document of the kind
# "judgment" counts: an appeal dismissed by a ruling (维持原裁定) is not a judgment on the merits.
MERITS_RULES = [
    MeritsRule("claims_dismissed", True, "行政诉讼法 第六十九条"),
    MeritsRule("revoked", True, "行政诉讼法 第七十条"),
    MeritsRule("partly_revoked", True, "行政诉讼法 第七十条"),
    MeritsRule("revoked_redo", True, "行政诉讼法 第七十条"),
    MeritsRule("ordered_to_perform", True, "行政诉讼法 第七十二条"),
    MeritsRule("ordered_to_pay", True, "行政诉讼法 第七十三条"),
    MeritsRule("confirmed_illegal", True, "行政诉讼法 第七十四条"),
    MeritsRule("confirmed_void", True, "行政诉讼法 第七十五条"),
    MeritsRule("compensation", True, "行政诉讼法 第七十六条"),
    MeritsRule("changed", True, "行政诉讼法 第七十七条"),
    MeritsRule("appeal_dismissed", True, "行政诉讼法 第八十九条（一）"),
    MeritsRule("reversed", True, "行政诉讼法 第八十九条（二）"),
    MeritsRule("remanded", False, "行政诉讼法 第八十九条（三）"),
    MeritsRule("suit_dismissed", False, "最高人民法院关于适用《中华人民共和国行政诉讼法》的解释 第六十九条"),
    MeritsRule("withdrawn", False, "行政诉讼法 第六十二条"),
    MeritsRule("mediated", False, "行政诉讼法 第六十条"),
    MeritsRule("other", False, "not a judgment listed in 行政诉讼法 第六十九条–第七十八条"),
]

_MERITS_BY_RESULT = {rule.result: rule for rule in MERITS_RULES}
JUDGMENT_KIND = "judgment"  # Judgment.Kind.JUDGMENT
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


def loss_results():
    """The result codes that are losses."""
    return [rule.result for rule in RULES if rule.outcome == Outcome.LOSS]


def merits_rule_for(result):
    """The merits rule for a result code; KeyError for a code the rules do not know."""
    return _MERITS_BY_RESULT[result]


def is_on_the_merits(kind, result):
    """Is a decision of ``kind`` (Judgment.Kind) with ``result`` a judgment on the merits (实体判决)?"""
    return kind == JUDGMENT_KIND and bool(result) and merits_rule_for(result).on_the_merits


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


# decisive_judgment's order for the database, best first: ``Judgment.objects.order_by(*DECISIVE_ORDER)[:1]``.
DECISIVE_ORDER = [
    Case(When(date_effective__isnull=False, then=Value(1)), default=Value(0)).desc(),
    Coalesce("date_effective", "date_served").desc(nulls_last=True),
    F("date_served").desc(nulls_last=True),
    F("pk").desc(),
]
