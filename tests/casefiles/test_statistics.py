"""Statistics: figures on a fixture set of case files equal the figures computed by hand; who counts what.

The fixture (``statistics_fixture`` in tests/casefiles/conftest.py): eight case
files of three agencies, A–H, recorded with the services the admin uses. Every
expected figure below was worked out by hand from the dates recorded there; the
deadlines' due days are worked out in the comments there.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casefiles import access, outcomes
from casefiles.models import CaseFile, Judgment, record_hearing
from casefiles.statistics import counts, figures, periods
from casefiles.statistics.measures import COUNTS, RATES
from tests.casefiles.conftest import AGENT, head, judgment

TODAY = datetime.date(2026, 1, 15)
Y2025 = periods.Period(2025)
Q3 = periods.Period(2025, periods.Q3)


def d(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def world(statistics_fixture, db):
    return statistics_fixture.world


@pytest.fixture
def cases(statistics_fixture, db):
    return statistics_fixture


def everything():
    return CaseFile.objects.all()


# --- The figures, worked out by hand -------------------------------------------------------------------------

COLUMNS = [
    "new_cases", "concluded", "lost", "merits", "merits_lost",
    "hearings", "head_appeared", "principal_appeared", "head_spoke",
    "recommendations_received", "recommendations_answered", "recommendations_due", "recommendations_on_time",
    "deadlines_due", "deadlines_met", "performed",
]  # fmt: skip


def row(*values):
    return dict(zip(COLUMNS, values, strict=True))


# 2025, whole year. New: A B C D E F H. Concluded (by service): G 01-20, A 06-16, B 08-04, F 08-28, C 09-15,
# D 09-26, E 12-01; lost B C; on the merits G A B C F. Hearings: A B C C D E F (G's was in 2024).
# Deadlines due in 2025, met or past: A 2/2, B 0/2, C 5/5, D 1/5, E 0/2, F 1/1, G 1/1, H 0/2.
YEAR_2025 = {
    #                                     new conc lost mer merL  hear head prin spoke  rec ans due ontime  dl met perf
    "临江区自然资源和规划局": row(2, 3, 1, 3, 1, 2, 1, 0, 1, 0, 0, 0, 0, 5, 3, 0),  # A B G
    "临江区市场监督管理局": row(3, 2, 1, 1, 1, 3, 3, 1, 2, 2, 2, 2, 1, 12, 6, 1),  # C D H
    "临江区人民政府": row(2, 2, 0, 1, 0, 2, 2, 1, 1, 0, 0, 0, 0, 3, 1, 0),  # E F
    "合计": row(7, 7, 2, 5, 2, 7, 6, 2, 4, 2, 2, 2, 1, 20, 10, 1),
}
YEAR_2025_BY_CAUSE = {
    "行政征收或者征用 · 征收或者征用房屋": row(1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 2, 0, 0),  # E
    "行政处罚 · 罚款": row(3, 2, 1, 1, 1, 3, 3, 1, 2, 2, 2, 2, 1, 12, 6, 1),  # C D H
    "政府信息公开": row(3, 4, 1, 4, 1, 3, 2, 1, 1, 0, 0, 0, 0, 6, 4, 0),  # A B F G
}
YEAR_2025_BY_INSTANCE = {
    "一审": row(6, 6, 2, 4, 2, 6, 5, 1, 4, 2, 2, 2, 1, 19, 9, 1),
    "二审": row(1, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0),  # F
    "再审": row(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
}
# 2025 Q3 (07-01 to 09-30). New: C D E. Concluded: B F C D; lost B C; merits B C F. Hearings: F C C D.
# Deadlines: A's window 07-01 (met); B's window (late); C forward, defence, window, opinion (met); D forward
# (late), defence (met), opinion 09-29 (not met), recommendation 09-01 (late); E defence (late).
Q3_2025 = {
    "临江区自然资源和规划局": row(0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0),
    "临江区市场监督管理局": row(2, 2, 1, 1, 1, 3, 3, 1, 2, 2, 1, 1, 0, 8, 5, 0),
    "临江区人民政府": row(1, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0),
    "合计": row(3, 4, 2, 3, 2, 4, 4, 2, 2, 2, 1, 1, 0, 11, 6, 0),
}
# Rates of the whole year and of Q3: (numerator, denominator).
RATES_2025 = {
    "head_appearance_rate": (6, 7),
    "principal_head_rate": (2, 7),
    "spoke_rate": (4, 6),
    "loss_rate": (2, 7),
    "merits_loss_rate": (2, 5),
    "recommendations_on_time_rate": (1, 2),
    "deadlines_met_rate": (10, 20),
}
RATES_Q3 = {
    "head_appearance_rate": (4, 4),
    "principal_head_rate": (2, 4),
    "spoke_rate": (2, 4),
    "loss_rate": (2, 4),
    "merits_loss_rate": (2, 3),
    "recommendations_on_time_rate": (0, 1),
    "deadlines_met_rate": (6, 11),
}


def as_table(rows, total=None):
    table = {str(r.label): {code: r[code] for code in COLUMNS} for r in rows}
    if total is not None:
        table["合计"] = {code: total[code] for code in COLUMNS}
    return table


@pytest.mark.parametrize(
    "period, by_agency, rates",
    [(Y2025, YEAR_2025, RATES_2025), (Q3, Q3_2025, RATES_Q3)],
    ids=["2025", "2025-Q3"],
)
def test_the_figures_equal_those_computed_by_hand(world, cases, period, by_agency, rates):
    statistics = figures.compute(everything(), period, TODAY)
    assert as_table(statistics.by_agency, statistics.total) == by_agency
    found = {code: (statistics.total.ratio(code).numerator, statistics.total.ratio(code).denominator) for code in rates}
    assert found == rates


def test_the_figures_by_cause_and_instance_equal_those_computed_by_hand(world, cases):
    statistics = figures.compute(everything(), Y2025, TODAY)
    assert as_table(statistics.by_cause) == YEAR_2025_BY_CAUSE
    assert as_table(statistics.by_instance) == YEAR_2025_BY_INSTANCE


def test_the_results_of_the_year_and_what_they_count_as(world, cases):
    statistics = figures.compute(everything(), Y2025, TODAY)
    found = {(r.kind, r.result): (r.count, r.on_the_merits, str(r.outcome_label)) for r in statistics.results}
    assert found == {
        ("judgment", "claims_dismissed"): (2, True, "未败诉"),
        ("judgment", "revoked"): (1, True, "败诉"),
        ("judgment", "confirmed_illegal"): (1, True, "败诉"),
        ("judgment", "appeal_dismissed"): (1, True, "未败诉"),
        ("ruling", "suit_dismissed"): (1, False, "未败诉"),
        ("ruling", "withdrawn"): (1, False, "以其他方式结案"),
    }


def test_the_trend_counts_each_year_by_its_own_dates(world, cases):
    rows = figures.trend(everything(), [periods.Period(2024), periods.Period(2025)], TODAY)
    assert [r.label for r in rows] == ["2024", "2025"]
    # 2024: G received 11-04, its hearing 12-10, its defence due 11-19 and filed 11-15.
    assert as_table(rows[:1])["2024"] == row(1, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1, 0)
    assert as_table(rows[1:])["2025"] == YEAR_2025["合计"]


def test_the_cases_lost_in_the_quarter_with_their_judgments(world, cases):
    lost = figures.losses(everything(), Q3)
    assert [(loss.case_file_id, loss.result, loss.document_number, loss.date_served, loss.performed_on)
            for loss in lost] == [
        (cases.b.pk, "revoked", "（2025）鲁1503行初2号", d("2025-08-04"), None),
        (cases.c.pk, "confirmed_illegal", "（2025）鲁1503行初3号", d("2025-09-15"), d("2025-10-10")),
    ]  # fmt: skip
    assert lost[1].agency == "临江区市场监督管理局" and lost[1].loss_source.startswith("004 第二十七条（四）")
    assert figures.losses(everything(), periods.Period(2025, periods.Q4)) == []


def test_a_deadline_still_open_and_not_yet_due_is_not_counted(world, cases):
    # On 2025-10-10, H's forward (10-11) and defence (10-24) deadlines are open and not due yet.
    q4 = periods.Period(2025, periods.Q4)
    early = figures.compute(everything(), q4, datetime.date(2025, 10, 10)).total
    late = figures.compute(everything(), q4, TODAY).total
    # Q4 on TODAY: C's recommendation 10-20 (met), D's window 10-09 (not), E's window 12-11 (not), H's two (not).
    assert (late["deadlines_due"], late["deadlines_met"]) == (5, 1)
    # On 10-10 only D's window (10-09) has passed of the open ones; C's answer counts, being recorded as met.
    assert (early["deadlines_due"], early["deadlines_met"]) == (2, 1)


# --- The deciding judgment in the database is the one outcomes.decisive_judgment picks ---------------------------


def test_the_database_picks_the_deciding_judgment_as_outcomes_does(world):
    case_files = []
    for served_effective in [
        # The latest to take effect wins over one served later without effect.
        [("revoked", "2025-09-10", None), ("claims_dismissed", "2025-09-01", "2025-09-05")],
        # Without effect, the latest served.
        [("revoked", "2025-03-01", None), ("withdrawn", "2025-04-01", None)],
        # Two effective: the later effect.
        [("revoked", "2025-03-01", "2025-05-01"), ("claims_dismissed", "2025-04-01", "2025-04-20")],
        # The same days: the later page.
        [("claims_dismissed", "2025-03-01", "2025-03-20"), ("changed", "2025-03-01", "2025-03-20")],
    ]:
        case_file = world.case_file()
        for result, served, effective in served_effective:
            judgment(case_file, "judgment", result, served, effective)
        case_files.append(case_file)
    found = dict(
        counts.with_decision(CaseFile.objects.filter(pk__in=[c.pk for c in case_files])).values_list(
            "pk", "decisive_result"
        )
    )
    expected = {c.pk: outcomes.decisive_judgment(Judgment.objects.child_of(c).live()).result for c in case_files}
    assert found == expected == {case_files[0].pk: "claims_dismissed", case_files[1].pk: "withdrawn",
                                 case_files[2].pk: "revoked", case_files[3].pk: "changed"}  # fmt: skip


def test_a_fixed_number_of_queries_whatever_the_number_of_case_files(cases, world):
    with CaptureQueriesContext(connection) as few:
        figures.compute(everything(), Y2025, TODAY)
    for _number in range(5):
        case_file = world.case_file(date_received=d("2025-02-03"))
        judgment(case_file, "judgment", "revoked", "2025-05-06")
        record_hearing(case_file, d("2025-04-01"), by=None, agents=AGENT, **head())
    with CaptureQueriesContext(connection) as more:
        statistics = figures.compute(everything(), Y2025, TODAY)
    assert len(more) == len(few) <= 7
    assert statistics.total["new_cases"] == 12 and statistics.total["lost"] == 7


# --- Definitions --------------------------------------------------------------------------------------------


def test_every_measure_is_defined_once_with_its_source():
    codes = [item.code for item in (*COUNTS, *RATES)]
    assert len(codes) == len(set(codes))
    for item in (*COUNTS, *RATES):
        assert str(item.label) and str(item.definition) and str(item.source), item.code
    counted = {count.code for count in COUNTS}
    for rate in RATES:
        assert {rate.numerator, rate.denominator} <= counted
    targets = {rate.code: (rate.target, rate.target_source) for rate in RATES if rate.target is not None}
    assert targets == {
        "head_appearance_rate": (1, "001 第二十条、第二十六条"),
        "principal_head_rate": (Decimal("0.2"), "001 第二十二条"),
    }


@pytest.mark.parametrize(
    "kind, result, merits, cited",
    [
        ("judgment", "claims_dismissed", True, "行政诉讼法 第六十九条"),
        ("judgment", "revoked", True, "行政诉讼法 第七十条"),
        ("judgment", "ordered_to_perform", True, "行政诉讼法 第七十二条"),
        ("judgment", "confirmed_illegal", True, "行政诉讼法 第七十四条"),
        ("judgment", "appeal_dismissed", True, "行政诉讼法 第八十九条（一）"),
        ("judgment", "reversed", True, "行政诉讼法 第八十九条（二）"),
        ("ruling", "appeal_dismissed", False, "行政诉讼法 第八十九条（一）"),  # 维持原裁定: a ruling
        ("ruling", "remanded", False, "行政诉讼法 第八十九条（三）"),
        ("ruling", "suit_dismissed", False, "第六十九条"),
        ("ruling", "withdrawn", False, "行政诉讼法 第六十二条"),
        ("mediation", "mediated", False, "行政诉讼法 第六十条"),
    ],
)
def test_what_counts_as_a_judgment_on_the_merits(kind, result, merits, cited):
    assert outcomes.is_on_the_merits(kind, result) is merits
    assert cited in outcomes.merits_rule_for(result).source


def test_the_merits_table_covers_every_result():
    assert {rule.result for rule in outcomes.MERITS_RULES} == set(Judgment.Result.values)


# --- Periods ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "year, part, start, end",
    [
        ("2025", "year", "2025-01-01", "2025-12-31"),
        ("2025", "h1", "2025-01-01", "2025-06-30"),
        ("2025", "h2", "2025-07-01", "2025-12-31"),
        ("2024", "q1", "2024-01-01", "2024-03-31"),
        ("2025", "q2", "2025-04-01", "2025-06-30"),
        (" 2025 ", "q3", "2025-07-01", "2025-09-30"),
        ("2025", "q4", "2025-10-01", "2025-12-31"),
    ],
)
def test_periods(year, part, start, end):
    period = periods.parse(year, part, TODAY)
    assert (period.start, period.end) == (d(start), d(end))


@pytest.mark.parametrize(
    "year, part, message",
    [
        ("99999", "year", "年份须在 1990 年"),
        ("1989", "year", "年份须在 1990 年"),
        ("二〇二五", "year", "请以数字填写年份"),
        ("", "year", "请以数字填写年份"),
        ("2025", "q5", "未知的统计期间"),
        ("2026", "q2", "尚未开始"),
    ],
)
def test_bad_periods_are_refused_in_chinese(year, part, message):
    with pytest.raises(ValidationError) as refused:
        periods.parse(year, part, TODAY)
    assert message in " ".join(refused.value.messages)


# --- Who sees what ------------------------------------------------------------------------------------------


def test_each_user_counts_only_the_case_files_they_may_view(cases, world):
    def agencies(username):
        return sorted(a.name for a in access.statistics_agencies(world.user(username)))

    # The land bureau handles A B G and, for the government, E F; the market bureau C D H.
    land = figures.compute(access.statistics_case_files(world.user("officer_land")), Y2025, TODAY)
    market = figures.compute(access.statistics_case_files(world.user("officer_market")), Y2025, TODAY)
    supervisor = figures.compute(access.statistics_case_files(world.user("supervisor")), Y2025, TODAY)
    assert as_table(market.by_agency, market.total) == {
        "临江区市场监督管理局": YEAR_2025["临江区市场监督管理局"],
        "合计": YEAR_2025["临江区市场监督管理局"],
    }
    assert as_table(land.by_agency) == {name: YEAR_2025[name] for name in ("临江区自然资源和规划局", "临江区人民政府")}
    assert as_table(supervisor.by_agency, supervisor.total) == YEAR_2025
    assert agencies("officer_land") == agencies("head_land") == ["临江区人民政府", "临江区自然资源和规划局"]
    assert agencies("officer_market") == ["临江区市场监督管理局"]
    every_agency = ["临江区人民政府", "临江区市场监督管理局", "临江区自然资源和规划局"]
    assert agencies("supervisor") == agencies("admin") == every_agency
    assert agencies("evaluator") == agencies("nobody") == []
    assert access.statistics_case_files(world.user("evaluator")).count() == 0
    # A grant by hand brings that case file, and its agency, into the evaluator's figures.
    access.grant(cases.c, access.VIEW, user=world.user("evaluator"), reason="评查")
    access.forget(world.user("evaluator"))
    assert agencies("evaluator") == ["临江区市场监督管理局"]
    assert figures.compute(access.statistics_case_files(world.user("evaluator")), Y2025, TODAY).total["new_cases"] == 1
