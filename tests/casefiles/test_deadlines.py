"""The deadline engine over plain rules and dates (the holidays are those of test_calendar)."""

import datetime

import pytest
from django.utils import translation

from casefiles.deadlines import (
    Condition,
    Direction,
    EventKind,
    Rule,
    RuleError,
    Unit,
    check_rules,
    compute_deadlines,
)
from casefiles.workdays import WorkingCalendar


def d(text):
    return datetime.date.fromisoformat(text)


def after(code, anchor, period, unit=Unit.DAYS, **extra):
    return Rule(code=code, label=code, period=period, unit=unit, source="测试 第一条", anchor=anchor, **extra)


def before(code, relative_to, period, unit=Unit.WORKING_DAYS, **extra):
    return Rule(
        code=code,
        label=code,
        period=period,
        unit=unit,
        source="测试 第二条",
        direction=Direction.BEFORE,
        relative_to=relative_to,
        **extra,
    )


CALENDAR = WorkingCalendar()
RULES = [
    after("defence_due", EventKind.PAPERS_RECEIVED, 15),
    after("forward_to_unit", EventKind.PAPERS_RECEIVED, 1, Unit.WORKING_DAYS),
    before("materials_to_bureau", "defence_due", 5),
    before("risk_report", "materials_to_bureau", 3, Unit.DAYS),  # before a deadline that is itself "before"
    after("appeal_window_judgment", EventKind.JUDGMENT_SERVED, 15, applies_if=Condition.APPEALABLE),
    after("appeal_window_ruling", EventKind.RULING_SERVED, 10, applies_if=Condition.APPEALABLE),
    after("judgment_reported", EventKind.DECISION_SERVED, 3),
    after("loss_report", EventKind.EFFECTIVE, 30, applies_if=Condition.LOST),
    after("archive", EventKind.CLOSED, 10, Unit.WORKING_DAYS),
]


def due_dates(events, **options):
    return {
        deadline.code: (deadline.due, deadline.provisional)
        for deadline in compute_deadlines(RULES, events, calendar=CALENDAR, **options)
    }


@pytest.mark.parametrize(
    "received, defence, forward, materials, risk",
    [
        # National Day 2025: the defence falls due on the make-up Saturday; the earlier
        # deadlines count back over the holiday to the make-up Sunday.
        ("2025-09-26", "2025-10-11", "2025-09-28", "2025-09-28", "2025-09-25"),
        ("2025-09-16", "2025-10-09", "2025-09-17", "2025-09-25", "2025-09-22"),
        # Spring Festival 2026: 02-06 + 15 is 02-21, in the holiday; the defence is due 02-24, and
        # the materials five working days earlier, counting the make-up Saturday 02-14.
        ("2026-02-06", "2026-02-24", "2026-02-09", "2026-02-10", "2026-02-06"),
        ("2026-02-13", "2026-02-28", "2026-02-14", "2026-02-14", "2026-02-11"),
    ],
)
def test_deadlines_from_the_court_papers(received, defence, forward, materials, risk):
    assert due_dates({EventKind.PAPERS_RECEIVED: d(received)}) == {
        "defence_due": (d(defence), False),
        "forward_to_unit": (d(forward), False),
        "materials_to_bureau": (d(materials), False),
        "risk_report": (d(risk), False),
    }


def test_a_chain_records_what_it_counts_back_from():
    found = compute_deadlines(RULES, {"papers_received": d("2025-09-26")}, calendar=CALENDAR)
    deadlines = {deadline.code: deadline for deadline in found}
    risk = deadlines["risk_report"]
    assert risk.depends_on == deadlines["materials_to_bureau"]
    assert risk.depends_on.depends_on == deadlines["defence_due"] and deadlines["defence_due"].depends_on is None
    assert risk.counted_from == d("2025-09-28") and deadlines["defence_due"].counted_from == d("2025-09-26")
    assert risk.source == "测试 第二条" and risk.label == "risk_report"


def test_deadlines_come_soonest_first():
    deadlines = compute_deadlines(RULES, {"papers_received": d("2025-09-26")}, calendar=CALENDAR)
    assert [dl.code for dl in deadlines] == ["risk_report", "forward_to_unit", "materials_to_bureau", "defence_due"]


@pytest.mark.parametrize(
    "events, conditions, expected",
    [
        # A first-instance judgment served on the make-up Saturday before Spring Festival 2026.
        (
            {"judgment_served": "2026-02-14"},
            {Condition.APPEALABLE},
            {"appeal_window_judgment": "2026-03-02", "judgment_reported": "2026-02-24"},
        ),
        # The same served at second instance: no appeal.
        ({"judgment_served": "2026-02-14"}, set(), {"judgment_reported": "2026-02-24"}),
        # A ruling: ten days to appeal; 2025-09-28 + 10 is 10-08, still National Day.
        (
            {"ruling_served": "2025-09-28"},
            {Condition.APPEALABLE},
            {"appeal_window_ruling": "2025-10-09", "judgment_reported": "2025-10-09"},
        ),
        # A loss: its report counts from the day the judgment took effect.
        (
            {"judgment_served": "2025-09-10", "effective": "2025-09-26"},
            {Condition.LOST},
            {"judgment_reported": "2025-09-15", "loss_report": "2025-10-27"},
        ),
        ({"effective": "2025-09-26"}, set(), {}),
        ({"closed": "2026-02-10"}, set(), {"archive": "2026-03-02"}),
    ],
)
def test_deadlines_after_a_decision(events, conditions, expected):
    events = {kind: d(day) for kind, day in events.items()}
    found = due_dates(events, conditions=conditions)
    assert found == {code: (d(day), False) for code, day in expected.items()}


def test_a_decision_served_is_the_latest_judgment_or_ruling_unless_given():
    rules = [after("judgment_reported", EventKind.DECISION_SERVED, 3)]
    events = {"ruling_served": d("2025-03-03"), "judgment_served": d("2025-06-02")}
    [deadline] = compute_deadlines(rules, events, calendar=CALENDAR)
    assert deadline.due == d("2025-06-05")
    [deadline] = compute_deadlines(rules, events | {"decision_served": d("2025-03-03")}, calendar=CALENDAR)
    assert deadline.due == d("2025-03-06")


def test_an_event_not_yet_happened_gives_no_deadline_nor_any_counted_back_from_it():
    assert due_dates({"papers_received": None, "hearing": d("2025-10-20")}) == {}


def test_unknown_events_are_refused():
    with pytest.raises(ValueError, match="verdict"):
        compute_deadlines(RULES, {"verdict": d("2025-10-20")}, calendar=CALENDAR)


def test_met_deadlines_and_overdue_ones():
    deadlines = compute_deadlines(
        RULES, {"papers_received": d("2025-09-26")}, calendar=CALENDAR, met={"forward_to_unit": d("2025-09-28")}
    )
    by_code = {dl.code: dl for dl in deadlines}
    assert by_code["forward_to_unit"].met_on == d("2025-09-28")
    assert not by_code["forward_to_unit"].is_overdue(d("2025-10-20"))
    assert by_code["defence_due"].met_on is None
    assert not by_code["defence_due"].is_overdue(d("2025-10-11"))
    assert by_code["defence_due"].is_overdue(d("2025-10-12"))


def test_a_deadline_in_a_year_without_an_official_calendar_is_provisional_and_so_is_its_chain():
    found = due_dates({"papers_received": d("2031-03-01")})
    assert found["defence_due"] == (d("2031-03-17"), True)
    assert found["materials_to_bureau"] == (d("2031-03-10"), True)
    assert found["risk_report"] == (d("2031-03-07"), True)
    # Papers received on 2026-12-10: the defence (12-25) is certain; so is all that counts back from it.
    assert set(due_dates({"papers_received": d("2026-12-10")}).values()) == {
        (d("2026-12-25"), False),
        (d("2026-12-11"), False),
        (d("2026-12-18"), False),
        (d("2026-12-15"), False),
    }


BAD_RULES = [
    ("a zero period", [after("defence_due", "papers_received", 0)], "期限至少为 1 日或 1 个工作日"),
    ("a negative period", [after("defence_due", "papers_received", -15)], "期限至少为 1 日或 1 个工作日"),
    ("an unknown event", [after("defence_due", "verdict_read", 15)], "未知的起算事件“verdict_read”"),
    ("no event", [after("defence_due", "", 15)], "请选择期限起算的事件"),
    (
        "a circle of before rules",
        [before("a", "b", 1), before("b", "c", 1), before("c", "a", 1)],
        "以下期限相互倒算，形成循环：a → b → c → a",
    ),
    ("a rule before itself", [before("a", "a", 1)], "期限不能在其自身之前"),
    ("before an unknown rule", [before("risk_report", "defence_due", 3)], "没有可供倒算的规则“defence_due”"),
    ("before without a rule", [before("risk_report", "", 3)], "请选择本期限据以倒算的期限"),
    (
        "an event on a before rule",
        [after("defence_due", "papers_received", 15), before("a", "defence_due", 1, anchor="hearing")],
        "在另一期限之前的期限从该期限倒算，不从事件起算",
    ),
    ("two rules with one code", [after("a", "hearing", 1), after("a", "closed", 1)], "有两条规则的代码都是“a”"),
    ("an unknown unit", [after("a", "hearing", 1, unit="weeks")], "未知的单位“weeks”"),
    ("an unknown condition", [after("a", "hearing", 1, applies_if="won")], "未知的适用条件“won”"),
    ("no source", [Rule(code="a", label="a", period=1, unit="days", source="", anchor="hearing")], "请注明规则出处"),
    ("a bad code", [after("Defence-Due", "hearing", 1)], "代码由小写字母、数字和下划线组成"),
]


@pytest.mark.parametrize("rules, message", [case[1:] for case in BAD_RULES], ids=[case[0] for case in BAD_RULES])
def test_unusable_rules_are_refused_in_chinese(rules, message):
    with translation.override("zh-hans"):
        assert any(message in problem.message for problem in check_rules(rules)), check_rules(rules)
        with pytest.raises(RuleError, match=message):
            compute_deadlines(rules, {"papers_received": d("2025-09-26")}, calendar=CALENDAR)


def test_good_rules_have_no_problems():
    assert check_rules(RULES) == []
