"""What the statistics count, defined once: each count and each rate, what it counts and the article asking for it.

Counts place what they count in a period by one date each (the papers received,
the decision served, the hearing held, the deadline falling due). A rate is one
count over another; with nothing to divide by it has no value ("—"), never 0 %.
Where a regulation sets a figure to reach, the rate carries it with its source.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Count:
    code: str
    label: str
    definition: str
    source: str


@dataclass(frozen=True)
class Rate:
    code: str
    label: str
    numerator: str  # a Count code
    denominator: str  # a Count code
    definition: str
    source: str
    target: Decimal | None = None
    target_source: str = ""


COUNTS = [
    Count(
        "new_cases",
        _("New cases"),
        _("Case files whose court papers were received in the period."),
        "001 第四十三条；003 第二十三条（案件总量数据）",
    ),
    Count(
        "concluded",
        _("Concluded cases"),
        _(
            "Case files whose deciding judgment, ruling or mediation document (the latest to take effect, else the "
            "latest served) was served in the period (when no service date is recorded: took effect in it)."
        ),
        "003 第二十三条（法院判决情况）",
    ),
    Count(
        "lost",
        _("Cases lost"),
        _("Concluded cases whose deciding result is a loss."),
        "004 第二十七条；000 第十七条；003 第二十四条",
    ),
    Count(
        "merits",
        _("Judgments on the merits"),
        _(
            "Concluded cases decided by a judgment on the merits (a judgment, not a ruling or mediation, ruling on "
            "the act or the claims); dismissals of the suit, withdrawals and remands are not."
        ),
        "行政诉讼法 第六十九条–第七十八条、第八十九条",
    ),
    Count(
        "merits_lost",
        _("Judgments on the merits lost"),
        _("Judgments on the merits whose result is a loss."),
        "004 第二十七条；行政诉讼法 第六十九条–第七十八条",
    ),
    Count(
        "hearings",
        _("Hearings held"),
        _("Hearings recorded on the case files, held in the period."),
        "001 第十九条；003 第十七条",
    ),
    Count(
        "head_appeared",
        _("Hearings the head attended"),
        _("Hearings held in the period at which a head of the agency appeared."),
        "001 第二十条；法释〔2020〕3号",
    ),
    Count(
        "principal_appeared",
        _("Hearings the principal head attended"),
        _("Hearings held in the period at which the agency's principal head appeared."),
        "001 第二十一条、第二十二条；003 第十八条",
    ),
    Count(
        "head_spoke",
        _("Hearings the head spoke at"),
        _("Hearings held in the period at which the appearing head spoke in court."),
        "004 第十六条；001 第二十五条；003 第十九条",
    ),
    Count(
        "recommendations_received",
        _("Recommendations received"),
        _("Judicial and procuratorial recommendations received in the period."),
        "001 第三十六条；003 第二十二条",
    ),
    Count(
        "recommendations_answered",
        _("Recommendations answered"),
        _("Answers to judicial and procuratorial recommendations sent in the period."),
        "001 第三十六条；003 第二十二条",
    ),
    Count(
        "recommendations_due",
        _("Recommendation answers due"),
        _(
            "Deadlines to answer a recommendation falling due in the period that have been met or have passed "
            "(only where the agency's rules set one)."
        ),
        "000 第二十一条",
    ),
    Count(
        "recommendations_on_time",
        _("Recommendations answered on time"),
        _("Recommendation answers due in the period that were answered on or before their deadline."),
        "000 第二十一条",
    ),
    Count(
        "deadlines_due",
        _("Deadlines due"),
        _(
            "Deadlines falling due in the period that have been met or have passed, of the rules a recorded event "
            "meets (registration, forwarding, defence, appeal decision, recommendation answer, archiving)."
        ),
        _("the article each deadline rule cites (deadline rules)"),
    ),
    Count(
        "deadlines_met",
        _("Deadlines met on time"),
        _("Deadlines due in the period that were met on or before the day they fell due."),
        _("the article each deadline rule cites (deadline rules)"),
    ),
    Count(
        "performed",
        _("Decisions performed"),
        _("Effective judgments, rulings and mediation documents recorded as performed in the period."),
        "003 第二十三条（执行生效裁判情况）；001 第三十五条",
    ),
]

RATES = [
    Rate(
        "head_appearance_rate",
        _("Head appearance rate"),
        "head_appeared",
        "hearings",
        _("Hearings the head attended ÷ hearings held."),
        "001 第二十条、第二十六条；004 第十六条",
        target=Decimal("1"),
        target_source="001 第二十条、第二十六条",
    ),
    Rate(
        "principal_head_rate",
        _("Principal head appearance rate"),
        "principal_appeared",
        "hearings",
        _("Hearings the principal head attended ÷ hearings held."),
        "001 第二十二条",
        target=Decimal("0.2"),
        target_source="001 第二十二条",
    ),
    Rate(
        "spoke_rate",
        _("Spoke-in-court rate"),
        "head_spoke",
        "head_appeared",
        _("Hearings the appearing head spoke at ÷ hearings the head attended."),
        "004 第十六条；001 第二十五条",
    ),
    Rate(
        "loss_rate",
        _("Loss rate"),
        "lost",
        "concluded",
        _("Cases lost ÷ concluded cases."),
        "001 第六条、第二十三条；004 第二十七条",
    ),
    Rate(
        "merits_loss_rate",
        _("Loss rate of judgments on the merits"),
        "merits_lost",
        "merits",
        _("Judgments on the merits lost ÷ judgments on the merits."),
        "004 第二十七条；行政诉讼法 第六十九条–第七十八条",
    ),
    Rate(
        "recommendations_on_time_rate",
        _("Rate of recommendations answered on time"),
        "recommendations_on_time",
        "recommendations_due",
        _("Recommendations answered on time ÷ recommendation answers due."),
        "000 第二十一条；001 第三十六条",
    ),
    Rate(
        "deadlines_met_rate",
        _("Deadlines met"),
        "deadlines_met",
        "deadlines_due",
        _("Deadlines met on time ÷ deadlines due."),
        _("the article each deadline rule cites (deadline rules)"),
    ),
]

COUNT_BY_CODE = {count.code: count for count in COUNTS}
RATE_BY_CODE = {rate.code: rate for rate in RATES}


@dataclass(frozen=True)
class Ratio:
    """A rate's value for one row: numerator, denominator, and their quotient (None when nothing to divide by)."""

    numerator: int
    denominator: int

    @property
    def value(self):
        if not self.denominator:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)

    @property
    def percent(self):
        """The rate as text, e.g. "66.7%", or "—" when there is nothing to divide by."""
        value = self.value
        return "—" if value is None else f"{value * 100:.1f}%"


def ratio(counts, rate):
    """The Ratio of ``rate`` (a Rate or its code) over ``counts`` (a mapping of count codes to numbers)."""
    rate = RATE_BY_CODE[rate] if isinstance(rate, str) else rate
    return Ratio(counts.get(rate.numerator, 0), counts.get(rate.denominator, 0))


def measure(code):
    """The Count or Rate called ``code``."""
    return COUNT_BY_CODE.get(code) or RATE_BY_CODE[code]


# The columns of a table of figures, in order (a Count or Rate code each).
TABLE_COLUMNS = [
    "new_cases",
    "concluded",
    "lost",
    "loss_rate",
    "merits",
    "merits_lost",
    "merits_loss_rate",
    "hearings",
    "head_appeared",
    "head_appearance_rate",
    "principal_appeared",
    "principal_head_rate",
    "head_spoke",
    "spoke_rate",
    "recommendations_received",
    "recommendations_answered",
    "recommendations_due",
    "recommendations_on_time",
    "recommendations_on_time_rate",
    "deadlines_due",
    "deadlines_met",
    "deadlines_met_rate",
    "performed",
]
# Fewer, for the page: the rates with their numerators and denominators in each cell.
PAGE_COLUMNS = [
    "new_cases",
    "concluded",
    "lost",
    "loss_rate",
    "merits_loss_rate",
    "hearings",
    "head_appearance_rate",
    "principal_head_rate",
    "spoke_rate",
    "recommendations_on_time_rate",
    "deadlines_met_rate",
]
# The quarterly loss report's (003 第二十四条).
LOSS_COLUMNS = ["concluded", "lost", "loss_rate", "merits", "merits_lost", "merits_loss_rate", "performed"]
