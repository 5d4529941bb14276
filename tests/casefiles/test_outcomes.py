"""A judgment's result is a loss or not by the rules (004 第二十七条; 000 第十七条), and a loss starts its report."""

import datetime

import pytest

from casefiles import outcomes, tree
from casefiles.models import CaseDeadline, Judgment, RuleProfile
from casefiles.outcomes import Outcome


@pytest.mark.parametrize(
    "result, outcome, cited",
    [
        ("revoked", Outcome.LOSS, "004 第二十七条（一）"),
        ("partly_revoked", Outcome.LOSS, "004 第二十七条（一）"),
        ("revoked_redo", Outcome.LOSS, "004 第二十七条（二）"),
        ("ordered_to_perform", Outcome.LOSS, "004 第二十七条（三）"),
        ("ordered_to_pay", Outcome.LOSS, "004 第二十七条（三）"),
        ("confirmed_illegal", Outcome.LOSS, "004 第二十七条（四）"),
        ("confirmed_void", Outcome.LOSS, "004 第二十七条（四）"),
        ("changed", Outcome.LOSS, "000 第十七条"),
        ("compensation", Outcome.LOSS, "004 第二十七条（五）"),
        ("claims_dismissed", Outcome.NOT_LOST, "004 第二十七条"),
        ("appeal_dismissed", Outcome.NOT_LOST, "004 第二十七条"),
        ("suit_dismissed", Outcome.NOT_LOST, "004 第二十七条"),
        ("reversed", Outcome.ENDED_OTHERWISE, "004 第二十七条"),
        ("remanded", Outcome.ENDED_OTHERWISE, "004 第二十七条"),
        ("withdrawn", Outcome.ENDED_OTHERWISE, "004 第二十七条"),
        ("mediated", Outcome.ENDED_OTHERWISE, "004 第二十七条"),
        ("other", Outcome.ENDED_OTHERWISE, "004 第二十七条"),
    ],
)
def test_each_result_is_a_loss_or_not_by_a_cited_rule(result, outcome, cited):
    rule = outcomes.rule_for(result)
    assert rule.outcome == outcome and cited in rule.source
    assert outcomes.is_loss(result) is (outcome == Outcome.LOSS)


def test_the_table_covers_every_result_of_the_controlled_list():
    assert {rule.result for rule in outcomes.RULES} == set(Judgment.Result.values)
    assert outcomes.outcome_of("") == Outcome.PENDING


def test_the_effective_judgment_decides_whether_the_case_is_lost(world):
    # A first-instance loss reversed on appeal: the later, effective decision counts.
    world.gov.rule_profile = RuleProfile.objects.get(code="jining")
    world.gov.save()
    case_file = world.case_file(date_received=datetime.date(2025, 6, 2))
    common = {"title": "行政判决书", "kind": "judgment", "instance": "first"}
    tree.add_judgment(case_file, result="revoked", date_served=datetime.date(2025, 9, 10), **common)
    assert CaseDeadline.objects.filter(case_file=case_file, code="loss_report").exists() is False  # not yet effective
    tree.add_judgment(
        case_file,
        result="claims_dismissed",
        date_served=datetime.date(2025, 9, 20),
        date_effective=datetime.date(2025, 9, 25),
        **common,
    )
    assert not CaseDeadline.objects.filter(case_file=case_file, code="loss_report").exists()
