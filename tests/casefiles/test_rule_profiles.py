"""The deadline rule profiles: loaded from data/rule_profiles.yaml, edited by supervisors only."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils.html import escape
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from casefiles.deadlines import Rule
from casefiles.models import CalendarYear, DeadlineRule, RuleProfile, sync_role_group_permissions
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


# --- The admin ------------------------------------------------------------------------


def profile_form(profile, change=None, add=(), delete=(), **fields):
    """The edit form of ``profile`` as the admin sends it, with ``change``s to rules (by code)."""
    change = change or {}
    rules = []
    for rule in profile.rules.all():
        values = {field: getattr(rule, field) for field in Rule.FIELDS} | {"id": rule.pk, "ORDER": rule.sort_order}
        values.update(change.get(rule.code, {}))
        if rule.code in delete:
            values["DELETE"] = "1"
        rules.append(values)
    for new in add:
        rules.append({field: "" for field in Rule.FIELDS} | {"id": "", "ORDER": len(rules)} | new)
    data = {"name": profile.name, "code": profile.code, "base": profile.base_id or "", "document": profile.document}
    data.update(fields)
    return nested_form_data(data | {"rules": inline_formset(rules, initial=profile.rules.count())})


def edit(client, profile, **changes):
    return client.post(f"/admin/rule_profiles/edit/{profile.pk}/", profile_form(profile, **changes))


def test_a_supervisor_edits_a_rule(world, client):
    client.force_login(world.user("supervisor"))
    liaocheng = RuleProfile.objects.get(code="liaocheng")
    assert "聊城市行政应诉工作管理办法" in client.get("/admin/rule_profiles/").content.decode()
    page = client.get(f"/admin/rule_profiles/edit/{liaocheng.pk}/").content.decode()
    assert "001 第三十八条" in page and "收到应诉文书" in page
    for url in ["/admin/calendar_days/", "/admin/calendar_days/new/", "/admin/calendar_years/"]:
        assert client.get(url).status_code == 200, url
    assert "聊城市行政应诉工作管理办法" in client.get(f"/admin/agencies/edit/{world.land.pk}/").content.decode()
    response = edit(client, liaocheng, change={"register": {"period": 5, "note": "本地实践：5日"}})
    assert response.status_code == 302, response.content.decode()[:3000]
    register = liaocheng.rules.get(code="register")
    assert (register.period, register.note) == (5, "本地实践：5日")
    assert liaocheng.rules.count() == 3


def test_a_case_officer_cannot_see_or_edit_rules(world, client):
    client.force_login(world.user("officer_land"))
    liaocheng = RuleProfile.objects.get(code="liaocheng")
    for url in ["/admin/rule_profiles/", f"/admin/rule_profiles/edit/{liaocheng.pk}/", "/admin/calendar_days/"]:
        assert client.get(url).status_code == 302
    response = edit(client, liaocheng, change={"register": {"period": 30}})
    assert response.status_code == 302
    assert liaocheng.rules.get(code="register").period == 3
    client.post("/admin/calendar_years/new/", {"year": 2031, "source": "冒名"})
    assert not CalendarYear.objects.exists()


BAD_EDITS = [
    ("a zero period", {"change": {"register": {"period": 0}}}, "期限至少为 1 日或 1 个工作日"),
    ("a negative period", {"change": {"register": {"period": -3}}}, "期限至少为 1 日或 1 个工作日"),
    ("an unknown event", {"change": {"register": {"anchor": "verdict_read"}}}, "选择一个有效的选项"),
    (
        "a circle of before rules",
        {
            "change": {"risk_report": {"relative_to": "hearing_prep"}},
            "add": [
                {
                    "code": "hearing_prep",
                    "label": "庭前准备",
                    "direction": "before",
                    "relative_to": "risk_report",
                    "period": 1,
                    "unit": "days",
                    "source": "测试",
                }
            ],
        },
        "以下期限相互倒算，形成循环",
    ),
    ("before an unknown rule", {"change": {"risk_report": {"relative_to": "hearing_prep"}}}, "没有可供倒算的规则"),
    ("a before rule with an event", {"change": {"risk_report": {"anchor": "hearing"}}}, "不从事件起算"),
    ("an after rule without an event", {"change": {"register": {"anchor": ""}}}, "请选择期限起算的事件"),
    ("no source", {"change": {"register": {"source": ""}}}, "必需字段"),  # Wagtail's wording
    ("a new code", {"code": "liaocheng2"}, "规则配置的代码不能更改"),
]


@pytest.mark.parametrize("changes, message", [case[1:] for case in BAD_EDITS], ids=[case[0] for case in BAD_EDITS])
def test_the_rule_form_explains_bad_rules_in_chinese(world, client, changes, message):
    client.force_login(world.user("supervisor"))
    liaocheng = RuleProfile.objects.get(code="liaocheng")
    before = list(liaocheng.rules.values())
    response = edit(client, liaocheng, **changes)
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert list(liaocheng.rules.values()) == before and RuleProfile.objects.filter(code="liaocheng").exists()


def test_a_rule_other_profiles_count_back_from_cannot_be_removed(world, client):
    client.force_login(world.user("supervisor"))
    national = RuleProfile.national()
    response = edit(client, national, delete={"defence_due"})
    assert response.status_code == 200
    content = response.content.decode()
    assert escape("在“聊城市行政应诉工作管理办法”中，risk_report：没有可供倒算的规则“defence_due”") in content
    assert "新洲区" in content
    assert national.rules.filter(code="defence_due").exists()


def test_a_profile_cannot_build_on_itself(world, client):
    client.force_login(world.user("supervisor"))
    national = RuleProfile.national()
    response = edit(client, national, base=RuleProfile.objects.get(code="liaocheng").pk)
    assert response.status_code == 200
    assert "规则配置不能以自身为基础" in response.content.decode()
    assert RuleProfile.national().base is None


def test_a_supervisor_adds_a_profile_and_gives_it_to_an_agency(world, client):
    client.force_login(world.user("supervisor"))
    rules = [
        {
            "code": "register",
            "label": "登记",
            "direction": "after",
            "anchor": "papers_received",
            "relative_to": "",
            "period": 2,
            "unit": "working_days",
            "applies_if": "",
            "source": "临江 第五条",
            "note": "",
            "ORDER": 0,
        }
    ]
    data = {"name": "临江区行政应诉办法", "code": "linjiang", "base": RuleProfile.national().pk, "document": ""}
    response = client.post("/admin/rule_profiles/new/", nested_form_data(data | {"rules": inline_formset(rules)}))
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = RuleProfile.objects.get(code="linjiang")
    world.land.rule_profile = profile
    world.land.save()
    deadlines = RuleProfile.for_agency(world.land).deadlines({"papers_received": datetime.date(2026, 2, 13)})
    assert {dl.code: dl.due for dl in deadlines} == {
        "register": datetime.date(2026, 2, 24),  # 02-14 (make-up Saturday), then after Spring Festival
        "defence_due": datetime.date(2026, 2, 28),
    }


def test_a_supervisor_marks_a_years_calendar_as_entered(world, client):
    client.force_login(world.user("supervisor"))
    response = client.post("/admin/calendar_years/new/", {"year": 2025, "source": "国办发明电〔2024〕12号"})
    assert response.status_code == 200 and "2025 年的官方日历已内置" in response.content.decode()
    notice = "国务院办公厅关于2031年部分节假日安排的通知"
    response = client.post("/admin/calendar_years/new/", {"year": 2031, "source": notice})
    assert response.status_code == 302
    assert CalendarYear.objects.filter(year=2031).exists()


def test_supervisor_groups_made_before_an_upgrade_receive_the_new_permissions(world):
    supervisor = world.user("supervisor")
    group = world.justice.role_group("supervisor")
    group.permissions.remove(*group.permissions.filter(codename__endswith="ruleprofile"))
    assert not type(supervisor).objects.get(pk=supervisor.pk).has_perm("casefiles.change_ruleprofile")
    sync_role_group_permissions()
    assert type(supervisor).objects.get(pk=supervisor.pk).has_perm("casefiles.change_ruleprofile")
