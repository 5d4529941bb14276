"""The completeness check against the archiving checklist (data a supervisor edits)."""

import pytest

from archive import checklists
from archive.checklist_data import checklist_items
from archive.models import ChecklistAlternative, ChecklistItem
from archive.models.checklists import document_kind_choices
from casefiles import tree
from tests.archive.conftest import pdf

pytestmark = pytest.mark.django_db


def test_the_seeded_checklist_cites_a_source_for_every_item_and_names_known_documents():
    known = {value for value, _label in document_kind_choices()}
    assert ChecklistItem.objects.count() == len(checklist_items()) == 9
    for item in ChecklistItem.objects.all():
        assert item.source and item.label
        kinds = set(item.alternatives.values_list("kind", flat=True))
        assert kinds and kinds <= known, item.code
    head = ChecklistItem.objects.get(code="appearing_head")
    assert list(head.alternatives.values_list("kind", flat=True)) == [
        "filing:appearing_head_certificate",
        "filing:head_absence_explanation",
    ]


def test_a_complete_case_file_passes(closed_case):
    result = checklists.check(closed_case())
    assert result.complete, result.missing
    assert len(result.items) == 9


@pytest.mark.parametrize(
    "leave_out, missing_code, reason_names",
    [
        (("complaint",), "complaint", "“起诉状”或“上诉状”"),
        (("statement_of_defence",), "statement_of_defence", "“答辩状”"),
        (("evidence_list",), "evidence_list", "“证据目录”"),
        (("power_of_attorney",), "power_of_attorney", "“授权委托书”"),
        (("appearing_head_certificate",), "appearing_head", "“出庭应诉负责人身份证明”或“负责人不能出庭的书面说明”"),
        (("judgment",), "judgment", "“判决书、裁定书或调解书”"),
        (("proof_of_service",), "proof_of_service", "“送达回证”"),
    ],
)
def test_each_missing_document_is_reported_in_chinese_with_its_source(
    closed_case, leave_out, missing_code, reason_names
):
    result = checklists.check(closed_case(leave_out=leave_out))
    assert not result.complete
    assert [item.code for item in result.missing] == [missing_code]
    item = result.missing[0]
    assert item.reason.startswith("缺少：") and reason_names in item.reason, item.reason
    assert item.source in item.reason


def test_the_either_or_item_is_met_by_the_explanation_of_absence(closed_case):
    case_file = closed_case(leave_out=("appearing_head_certificate",))
    tree.add_filing(
        case_file, title="负责人不能出庭的情况说明", filing_type="head_absence_explanation", files=pdf("说明")
    )
    result = checklists.check(case_file)
    assert result.complete
    assert next(i for i in result.items if i.code == "appearing_head").found == ["负责人不能出庭的情况说明"]


def test_a_document_registered_without_its_file_does_not_count(closed_case):
    case_file = closed_case(leave_out=("power_of_attorney",))
    tree.add_filing(case_file, title="授权委托书（待扫描）", filing_type="power_of_attorney")
    [item] = checklists.check(case_file).missing
    assert item.code == "power_of_attorney"
    assert "“授权委托书（待扫描）”已登记但没有文件" in item.reason


def test_appeal_cases_need_no_evidence_list(world):
    case_file = world.case_file(
        status="closed", instance="appeal", case_number="（2024）鲁15行终3号", court=world.court2
    )
    missing = {item.code for item in checklists.check(case_file).missing}
    assert "evidence_list" not in missing
    assert {"complaint", "judgment", "appearing_head"} <= missing


def test_a_supervisors_item_for_one_cause_applies_only_to_that_cause(world, closed_case):
    item = ChecklistItem.objects.create(
        code="expropriation_decision", label="房屋征收决定书", source="测试", cause=world.cause, sort_order=5
    )
    ChecklistAlternative.objects.create(item=item, kind="filing:other")
    assert "expropriation_decision" in {i.code for i in checklists.check(closed_case()).missing}
    item.cause = world.cause.__class__.objects.exclude(pk=world.cause.pk).first()
    item.save()
    assert checklists.check(closed_case()).complete
    item.active = False
    item.cause = None
    item.save()
    assert checklists.check(closed_case()).complete
