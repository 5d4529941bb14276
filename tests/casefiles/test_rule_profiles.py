"""The deadline rule profiles: loaded from data/rule_profiles.yaml, edited by supervisors only."""

import datetime
import io

import pytest
from django.core.management import call_command

from casefiles.models import DeadlineRule, RuleProfile
from casefiles.rule_profile_data import DATA_FILE, differences, load_rule_profiles, read_profiles

pytestmark = pytest.mark.django_db

NATIONAL_LAW = ["national", "jining", "liaocheng", "shiguai", "tongzhou", "xinzhou"]
APPEAL = "行政诉讼法 第八十五条"

# The minimum of issue 5, rule by rule: (profile, rule, period, unit, counted from, source).
# "counted from" is an event, or "before <rule>".
ISSUE_MINIMUM = [
    ("liaocheng", "register", 3, "days", "papers_received", "001 第三十八条"),
    ("jining", "forward_to_unit", 2, "days", "papers_received", "000 第八条"),
    ("shiguai", "forward_to_unit", 2, "days", "papers_received", "002 第四条"),
    ("tongzhou", "forward_to_unit", 2, "days", "papers_received", "003 第六条"),
    ("xinzhou", "forward_to_unit", 1, "working_days", "papers_received", "004 第十条"),
    *[(code, "defence_due", 15, "days", "papers_received", "行政诉讼法 第六十七条") for code in NATIONAL_LAW],
    ("tongzhou", "materials_to_bureau", 5, "days", "assigned", "003 第七条"),
    ("xinzhou", "materials_to_bureau", 5, "working_days", "before defence_due", "004 第十条"),
    ("liaocheng", "risk_report", 3, "working_days", "before defence_due", "001 第十八条"),
    *[(code, "appeal_window_judgment", 15, "days", "judgment_served", APPEAL) for code in NATIONAL_LAW],
    *[(code, "appeal_window_ruling", 10, "days", "ruling_served", APPEAL) for code in NATIONAL_LAW],
    ("jining", "appeal_opinion", 3, "days", "decision_served", "000 第二十条"),
    ("liaocheng", "appeal_opinion", 5, "days", "decision_served", "001 第三十三条"),
    ("shiguai", "appeal_opinion", 5, "days", "decision_served", "002 第八条"),
    ("jining", "judgment_reported", 3, "days", "decision_served", "000 第十九条"),
    ("tongzhou", "judgment_reported", 3, "days", "decision_served", "003 第十一条"),
    ("jining", "loss_report", 15, "days", "effective", "000 第十七条"),
    ("shiguai", "loss_report", 30, "days", "effective", "002 第七条"),
    ("tongzhou", "loss_report", 5, "days", "decision_served", "003 第十一条"),
    ("jining", "recommendation_answer", 30, "days", "recommendation_received", "000 第二十一条"),
    ("xinzhou", "archive", 10, "working_days", "closed", "004 第二十四条"),
]


def counted_from(rule):
    return f"before {rule.relative_to}" if rule.direction == "before" else rule.anchor


@pytest.mark.parametrize("profile, code, period, unit, start, source", ISSUE_MINIMUM)
def test_every_rule_the_issue_names_is_loaded_with_its_source(profile, code, period, unit, start, source):
    rules = {rule.code: rule for rule in RuleProfile.objects.get(code=profile).rules_in_force()}
    rule = rules[code]
    assert (rule.period, rule.unit, counted_from(rule), rule.source) == (period, unit, start, source)


def test_one_profile_per_regulation_each_building_on_the_national_law():
    profiles = {profile.code: profile for profile in RuleProfile.objects.all()}
    assert sorted(profiles) == sorted(NATIONAL_LAW)
    national = RuleProfile.national()
    assert national.base is None
    for number, code in enumerate(["jining", "liaocheng", "shiguai", "tongzhou", "xinzhou"]):
        profile = profiles[code]
        assert profile.base == national
        assert profile.document.startswith(f"00{number} ")
        # Its own rules cite its regulation; the national ones the law.
        for rule in profile.own_rules():
            assert rule.source.startswith(f"00{number} 第"), rule
        assert {rule.code for rule in national.own_rules()} <= {rule.code for rule in profile.rules_in_force()}


def test_a_local_rule_replaces_the_national_one_with_the_same_code():
    national, liaocheng = RuleProfile.national(), RuleProfile.objects.get(code="liaocheng")
    liaocheng.rules.create(
        code="defence_due", label="提交答辩材料", period=10, unit="days", anchor="papers_received", source="测试"
    )
    rules = [rule for rule in liaocheng.rules_in_force() if rule.code == "defence_due"]
    assert [rule.period for rule in rules] == [10]
    assert [rule.period for rule in national.rules_in_force() if rule.code == "defence_due"] == [15]


def test_an_agency_counts_by_its_profile_or_else_by_the_national_law(world):
    assert RuleProfile.for_agency(world.land) == RuleProfile.national()
    world.land.rule_profile = RuleProfile.objects.get(code="liaocheng")
    world.land.save()
    profile = RuleProfile.for_agency(world.land)
    deadlines = {dl.code: dl.due for dl in profile.deadlines({"papers_received": datetime.date(2025, 9, 26)})}
    assert deadlines == {
        "register": datetime.date(2025, 9, 29),
        "defence_due": datetime.date(2025, 10, 11),
        "risk_report": datetime.date(2025, 9, 30),  # three working days before 10-11: 10-10, 10-09, 09-30
    }


def test_reloading_the_file_keeps_what_supervisors_changed():
    liaocheng = RuleProfile.objects.get(code="liaocheng")
    liaocheng.rules.filter(code="register").update(period=5)
    liaocheng.rules.filter(code="appeal_opinion").delete()
    xinzhou = RuleProfile.objects.get(code="xinzhou")
    xinzhou.rules.all().delete()
    xinzhou.delete()

    output = io.StringIO()
    call_command("load_rule_profiles", stdout=output)

    assert liaocheng.rules.get(code="register").period == 5
    assert not liaocheng.rules.filter(code="appeal_opinion").exists()
    assert RuleProfile.objects.get(code="xinzhou").rules.count() == 7  # the missing profile is back
    assert differences(RuleProfile, DeadlineRule) == {
        "liaocheng": ["appeal_opinion: in the file, not in the database", "register: period differ"]
    }
    assert "Created rule profile xinzhou." in output.getvalue()
    assert "register: period differ" in output.getvalue()
    assert load_rule_profiles(RuleProfile, DeadlineRule) == []


def test_the_file_matches_what_a_fresh_database_holds():
    assert differences(RuleProfile, DeadlineRule) == {}
    assert [profile.code for profile in read_profiles()] == NATIONAL_LAW


@pytest.mark.parametrize(
    "rule, message",
    [
        ("{code: a, label: a, anchor: verdict_read, period: 3, unit: days, source: x}", "verdict_read"),
        ("{code: a, label: a, anchor: hearing, period: 0, unit: days, source: x}", "期限至少为 1 日"),
        ("{code: a, label: a, before: b, period: 1, unit: days, source: x}", "没有可供倒算的规则“b”"),
        ("{code: a, label: a, anchor: hearing, period: 1, unit: days, source: x, deadline: 3}", "unknown keys"),
    ],
)
def test_a_bad_data_file_is_refused(tmp_path, rule, message):
    path = tmp_path / "rule_profiles.yaml"
    path.write_text(f"profiles:\n  - code: national\n    name: 法\n    rules:\n      - {rule}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_profiles(path)
    assert DATA_FILE.exists()
