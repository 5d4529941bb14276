"""The handling unit: suggested by the regulations' rules, confirmed or overridden by a supervisor."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casefiles import access, tree
from casefiles.handling_units import RULES, suggest_handling_unit
from casefiles.models import Assignment, CaseDeadline, CaseEvent, CaseFile, Cause, RuleProfile, assign_handling_unit
from casefiles.roles import CHANGE, VIEW


def government_case(world, *, co_defendant=None, cause=None, **fields):
    """A case against the district government, registered in its library, handled for now by the land bureau."""
    world._numbers += 1
    parties = [
        {"role": "plaintiff", "kind": "person", "name": "张某"},
        {"role": "defendant", "kind": "agency", "agency": world.gov},
    ]
    if co_defendant is not None:
        parties.append({"role": "defendant", "kind": "agency", "agency": co_defendant})
    values = {
        "title": f"张某诉临江区人民政府案{world._numbers}",
        "case_number": f"（2025）鲁1503行初{world._numbers}号",
        "court": world.court,
        "instance": "first",
        "cause": Cause.objects.get(name=cause) if cause else world.cause,
        "handling_unit": world.land,
        "date_received": datetime.date(2025, 9, 26),
    }
    values.update(fields)
    return tree.create_case_file(tree.ensure_library(world.gov), parties=parties, **values)


def use_rules_of(world, profile):
    world.gov.rule_profile = RuleProfile.objects.get(code=profile)
    world.gov.save()


@pytest.mark.parametrize(
    "profile, facts, unit, rule, source",
    [
        (
            "national",
            {"acting": "market"},
            "market",
            "acting_department",
            "001 第十条（一）；003 第五条（二）；004 第九条（二）",
        ),
        (
            "national",
            {"acting": "market", "reconsidered": "changed"},
            "justice",
            "reconsideration_sole_defendant",
            "001 第十条（二）；004 第九条（一）；003 第五条（一）",
        ),
        (
            "liaocheng",
            {"acting": "market", "reconsidered": "upheld", "co_defendant": "market"},
            "market",
            "reconsideration_co_defendant",
            "001 第十条（二）；004 第九条（一）",
        ),
        (
            "tongzhou",
            {"acting": "market", "reconsidered": "upheld", "co_defendant": "market"},
            "justice",
            "reconsideration_all_to_bureau",
            "003 第五条（一）",
        ),
        (
            "xinzhou",
            {"acting": "market", "cause": "政府信息公开"},
            "market",
            "information_disclosure",
            "004 第九条（二）",
        ),
        ("tongzhou", {"acting": "land", "cause": "不履行职责"}, "land", "performance_duty", "003 第五条（四）"),
        (
            "national",
            {"cause": "行政复议"},
            "justice",
            "reconsideration_cause_to_bureau",
            "003 第五条（一）；001 第十条（二）",
        ),
        ("xinzhou", {}, "justice", "unknown_department_to_bureau", "004 第九条（二）、（三）"),
        ("liaocheng", {}, None, "unknown_department", "001 第十条（三）；003 第五条"),
        (
            "national",
            {"acting": "market", "instance": "appeal", "case_number": "（2025）鲁15行终3号"},
            "land",
            "appeal_first_instance_unit",
            "004 第九条（四）；002 第九条",
        ),
    ],
)
def test_the_rules_suggest_a_unit_and_cite_their_article(world, profile, facts, unit, rule, source):
    if profile != "national":
        use_rules_of(world, profile)
    fields = {}
    if "acting" in facts:
        fields["acting_department"] = getattr(world, facts["acting"])
    for name in ("reconsidered", "instance", "case_number"):
        if name in facts:
            fields[name] = facts[name]
    co_defendant = getattr(world, facts["co_defendant"]) if "co_defendant" in facts else None
    case_file = government_case(world, co_defendant=co_defendant, cause=facts.get("cause"), **fields)
    suggestion = suggest_handling_unit(case_file)
    assert (suggestion.rule, suggestion.source) == (rule, source)
    assert suggestion.agency == (getattr(world, unit) if unit else None)
    assert suggestion.explanation


def test_a_department_defendant_handles_its_own_case(world):
    case_file = world.case_file(handling_unit=world.market, defendant=world.land)
    suggestion = suggest_handling_unit(case_file)
    assert (suggestion.agency, suggestion.source) == (world.land, "001 第十一条、第十二条")


def test_every_rule_cites_a_provision_and_codes_are_unique():
    assert all(rule.source and rule.explanation for rule in RULES)
    assert len({rule.code for rule in RULES}) == len(RULES)


def test_confirming_the_suggestion_regrants_and_records_the_assignment(world):
    use_rules_of(world, "tongzhou")
    case_file = government_case(world, acting_department=world.market)
    officer_land, officer_market = world.user("officer_land"), world.user("officer_market")
    assert access.can(officer_land, CHANGE, case_file) and not access.can(officer_market, VIEW, case_file)

    suggestion = suggest_handling_unit(case_file)
    assignment = assign_handling_unit(
        case_file, world.market, by=world.user("supervisor"), suggestion=suggestion, date=datetime.date(2025, 9, 28)
    )

    assert (
        not assignment.overridden and assignment.rule_source == "001 第十条（一）；003 第五条（二）；004 第九条（二）"
    )
    case_file = CaseFile.objects.get(pk=case_file.pk)
    assert case_file.handling_unit == world.market
    # The editor shows the same unit: the change is the page's latest revision.
    assert case_file.get_latest_revision_as_object().handling_unit == world.market
    access.forget(officer_land), access.forget(officer_market)
    assert access.can(officer_market, CHANGE, case_file)
    assert not access.can(officer_land, CHANGE, case_file)
    event = CaseEvent.objects.get(case_file=case_file, kind="assigned")
    assert event.recorded_by == world.user("supervisor")
    # 003 第七条: contacts within 2 days of the assignment, 09-28 + 2 = 09-30.
    assert CaseDeadline.objects.get(case_file=case_file, code="contacts_reported").due == datetime.date(2025, 9, 30)


def test_overriding_needs_a_reason_and_changes_nothing_without_one(world):
    case_file = government_case(world, acting_department=world.market)
    suggestion = suggest_handling_unit(case_file)
    with pytest.raises(ValidationError, match="请说明理由"):
        assign_handling_unit(case_file, world.street, by=world.user("supervisor"), suggestion=suggestion)
    assert CaseFile.objects.get(pk=case_file.pk).handling_unit == world.land
    assert not Assignment.objects.exists() and not CaseEvent.objects.filter(kind="assigned").exists()

    assignment = assign_handling_unit(
        case_file, world.street, by=world.user("supervisor"), suggestion=suggestion, reason="征收实施主体为街道"
    )
    assert assignment.overridden and assignment.suggested_agency == world.market
    assert CaseFile.objects.get(pk=case_file.pk).handling_unit == world.street


def test_the_supervisor_assigns_in_the_view_and_an_officer_cannot(world, client):
    case_file = government_case(world, acting_department=world.market)
    url = reverse("casefiles_admin:lifecycle", args=[case_file.pk])

    client.force_login(world.user("officer_land"))
    body = client.get(url).content.decode()
    assert "001 第十条（一）" in body and "确定承办单位</button>" not in body
    response = client.post(url, {"action": "assign", "agency": world.market.pk})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not Assignment.objects.exists()

    client.force_login(world.user("supervisor"))
    response = client.post(url, {"action": "assign", "agency": world.street.pk})
    assert response.status_code == 400 and "请说明理由" in response.content.decode()
    assert client.post(url, {"action": "assign", "agency": world.market.pk}).status_code == 302
    assert CaseFile.objects.get(pk=case_file.pk).handling_unit == world.market
    assert "采纳建议" in client.get(url).content.decode()
