"""Scoring: the form prefilled from the case data, overrides with reasons, drafts, submission,
reconciliation, the final score, results and their exports, rectification."""

import datetime
import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from freezegun import freeze_time

from archive.evaluation import campaigns, checks, exports, rectification, results, rubrics, scoring
from archive.evaluation.campaigns import CampaignError
from archive.evaluation.scoring import Entry, ScoringError
from archive.models import CampaignFile, Evaluation, Rectification, Rubric
from archive.models.evaluation import EvaluationState, FileState, RectificationState
from casefiles.models import CaseEventKind, record_event, record_hearing

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2025, 3, 3, 10, 0))
HEAD = {"head_appeared": True, "head_name": "王某", "head_title": "副局长", "head_spoke": True}
AGENTS = [{"name": "李某", "kind": "staff"}, {"name": "赵律师", "kind": "lawyer"}]


def well_kept(world, closed_case, **kwargs):
    """A closed case file of the land bureau with its documents, a hearing and the defence on time."""
    case_file = closed_case(**kwargs)
    record_event(case_file, CaseEventKind.DEFENCE_FILED, datetime.date(2024, 3, 10), by=world.user("officer_land"))
    record_hearing(case_file, datetime.date(2024, 5, 10), by=world.user("officer_land"), agents=AGENTS, **HEAD)
    return case_file


def findings_of(case_file):
    return checks.run(Rubric.objects.get(code="litigation_response", version=1).items.all(), case_file)


def test_the_checks_read_the_case_data_and_show_their_evidence(world, closed_case):
    case_file = well_kept(world, closed_case)
    found = findings_of(case_file)
    assert found["defence_on_time"].faults == 0 and "2024-03-10" in " ".join(found["defence_on_time"].evidence)
    assert found["defence_contents"].faults == 0
    assert found["seals_and_certificates"].faults == 0
    assert found["head_certificate"].faults == 0 and "王某" in " ".join(found["head_certificate"].evidence)
    assert (found["head_appeared"].faults, found["agents_valid"].faults, found["head_spoke"].faults) == (0, 0, 0)
    # The fixture's one evidence item gives neither its source nor what it proves.
    assert (
        found["evidence_list_contents"].faults == 1 and "房屋征收决定书" in found["evidence_list_contents"].evidence[0]
    )
    assert found["archived_complete"].faults == 0
    assert not found["loss_analysed"].applies and found["loss_analysed"].faults == 0  # not lost
    assert not found["recommendation_answered"].applies
    assert found["archived_on_time"].faults == 1  # not archived yet
    assert "judgment_reported" not in found  # the data cannot decide it: the evaluator does


def test_missing_documents_late_defence_bad_agents_and_a_loss_are_found(world, closed_case):
    case_file = closed_case(leave_out=("power_of_attorney", "statement_of_defence"), result="revoked")
    record_event(case_file, CaseEventKind.DEFENCE_FILED, datetime.date(2024, 4, 30), by=world.user("officer_land"))
    hearing = record_hearing(
        case_file, datetime.date(2024, 5, 10), by=world.user("officer_land"), agents=AGENTS, **HEAD
    )
    hearing.agents.update(kind="lawyer")  # only lawyers: recorded before the rule, say
    record_hearing(
        case_file,
        datetime.date(2024, 6, 1),
        by=world.user("officer_land"),
        agents=AGENTS,
        head_appeared=False,
        absence_explanation="负责人出差",
    )
    found = findings_of(case_file)
    assert found["defence_on_time"].faults == 1 and "2024-04-30" in found["defence_on_time"].evidence[0]
    assert found["defence_contents"].faults == checks.DEFENCE_ELEMENTS
    assert found["seals_and_certificates"].faults == 2
    assert found["agents_valid"].faults == 1 and found["head_appeared"].faults == 1
    assert found["loss_analysed"].applies and found["loss_analysed"].faults == 1
    assert found["archived_complete"].faults == 2


@pytest.fixture
def running(world, campaign, closed_case):
    """A running campaign over one well-kept land-bureau case file, scored by two evaluators."""
    with freeze_time(NOW):
        well_kept(world, closed_case)
        made = campaign()
        campaigns.start(made, world.user("supervisor"))
    campaign_file = CampaignFile.objects.get(campaign=made)
    return campaign_file, list(campaign_file.evaluations.order_by("evaluator__username"))


def entries(evaluation, **faults):
    rows = scoring.prefill(evaluation)
    given = {row.item.code: Entry(row.faults) for row in rows}
    for code, value in faults.items():
        given[code] = Entry(*value) if isinstance(value, tuple) else Entry(value)
    return given


@freeze_time(NOW)
def test_the_form_is_prefilled_overrides_need_a_reason_drafts_save_and_submitting_locks(running, world):
    campaign_file, (first, second) = running
    rows = {row.item.code: row for row in scoring.prefill(first)}
    assert rows["evidence_list_contents"].checked_faults == 1 and rows["evidence_list_contents"].faults == 1
    assert rows["judgment_reported"].checked_faults is None
    # Only the evaluator scores their evaluation.
    with pytest.raises(PermissionDenied):
        scoring.save(first, second.evaluator, entries(first))
    # Saying there is no fault where the data shows one needs a reason.
    with pytest.raises(ScoringError) as refused:
        scoring.save(first, first.evaluator, entries(first, evidence_list_contents=0))
    assert set(refused.value.errors) == {"evidence_list_contents"}
    with pytest.raises(ScoringError) as refused:
        scoring.save(first, first.evaluator, entries(first, head_spoke=-1, agents_valid="两"))
    assert set(refused.value.errors) == {"head_spoke", "agents_valid"}
    scoring.save(
        first,
        first.evaluator,
        entries(first, evidence_list_contents=(0, "", "证据来源在证据材料首页已写明")),
        comment="草稿",
    )
    first.refresh_from_db()
    assert first.state == EvaluationState.DRAFT and first.score is None
    assert first.item_scores.get(item__code="evidence_list_contents").override_reason == "证据来源在证据材料首页已写明"
    # Submitting computes the score and freezes the items; nothing changes it afterwards.
    scoring.save(
        first,
        first.evaluator,
        entries(first, evidence_list_contents=(0, "", "首页已写明"), judgment_reported=1),
        submit=True,
    )
    first.refresh_from_db()
    # 100 − 5 (judgment not reported) − 5 (not archived on time) = 90.
    assert (first.state, first.score, first.grade, first.vetoed) == (
        EvaluationState.SUBMITTED,
        Decimal("90.0"),
        "excellent",
        False,
    )
    assert first.snapshot["version"] == 1 and len(first.snapshot["items"]) == 13
    with pytest.raises(ScoringError):
        scoring.save(first, first.evaluator, entries(first), submit=True)
    campaign_file.refresh_from_db()
    assert campaign_file.state == FileState.SCORING  # the second evaluator has not submitted


@freeze_time(NOW)
def test_close_scores_give_the_mean_and_far_apart_scores_go_to_a_reviewer(running, world):
    campaign_file, (first, second) = running
    scoring.save(first, first.evaluator, entries(first, judgment_reported=1), submit=True)  # 100−2−5−5 = 88
    scoring.save(
        second, second.evaluator, entries(second, seals_and_certificates=(2, "", "两处未盖章")), submit=True
    )  # 100−2−4−5 = 89
    campaign_file.refresh_from_db()
    assert campaign_file.state == FileState.FINAL
    # The mean deduction per item: 2, 2.5 (5 and 0), 2 (0 and 4), 5 → 88.5.
    assert campaign_file.score == Decimal("88.5") and campaign_file.grade == "good"
    assert Decimal(campaign_file.deductions["judgment_reported"]) == Decimal("2.5")


@freeze_time(NOW)
def test_a_reviewer_who_did_not_score_the_file_reconciles_with_a_reason(running, world):
    campaign_file, (first, second) = running
    scoring.save(first, first.evaluator, entries(first), submit=True)  # 93
    # The second finds the defence late: a veto (and 15 points).
    scoring.save(
        second, second.evaluator, entries(second, defence_on_time=(1, "", "答辩状落款日期晚于期限")), submit=True
    )
    campaign_file.refresh_from_db()
    assert campaign_file.state == FileState.RECONCILE and campaign_file.score is None
    faults = {row.item.code: row.faults for row in second.item_scores.select_related("item")}
    with pytest.raises(PermissionDenied):
        scoring.reconcile(campaign_file, first.evaluator, faults, reason="x")
    with pytest.raises(CampaignError):
        scoring.reconcile(campaign_file, world.user("supervisor"), faults, reason="  ")
    with pytest.raises(CampaignError):
        scoring.reconcile(campaign_file, world.user("supervisor"), {**faults, "agents_valid": -3}, reason="核对原件")
    scoring.reconcile(
        campaign_file, world.user("supervisor"), {**faults, "defence_on_time": 0}, reason="核对邮寄凭证，答辩按期提交"
    )
    campaign_file.refresh_from_db()
    assert (campaign_file.state, campaign_file.score, campaign_file.vetoed) == (FileState.FINAL, Decimal("93.0"), False)
    assert campaign_file.events.filter(action="reconciled", reason__contains="邮寄凭证").exists()


@freeze_time(NOW)
def test_a_submitted_score_never_changes_with_a_new_rubric_version(running, world):
    campaign_file, (first, _second) = running
    scoring.save(first, first.evaluator, entries(first), submit=True)
    first.refresh_from_db()
    before = (first.score, first.snapshot)
    rubric = campaign_file.campaign.rubric
    draft = rubrics.new_version(rubric, world.user("supervisor"))
    draft.items.filter(code="evidence_list_contents").update(max_points=Decimal(5), deduct=Decimal(5))
    draft.items.filter(code="defence_contents").update(max_points=Decimal(15))
    rubrics.publish(draft, world.user("supervisor"))
    first.refresh_from_db()
    assert (first.score, first.snapshot) == before
    assert first.snapshot["items"][1]["max_points"] == "10.0"


@pytest.fixture
def closed_campaign(world, campaign, closed_case):
    """A closed campaign: a land-bureau file that passed, a market-bureau file that failed on a veto."""
    with freeze_time(NOW):
        good = well_kept(world, closed_case)
        bad = closed_case(handling_unit=world.market, leave_out=("statement_of_defence",))
        made = campaign()
        campaigns.start(made, world.user("supervisor"))
        for evaluation in Evaluation.objects.filter(campaign_file__campaign=made):
            scoring.save(evaluation, evaluation.evaluator, entries(evaluation), submit=True)
        campaigns.close(made, world.user("supervisor"))
    made.refresh_from_db()
    return made, good, bad


def test_results_per_file_per_agency_and_per_item_and_the_exports(closed_campaign, world):
    made, good, bad = closed_campaign
    files = {row.title: row for row in results.file_rows(made)}
    assert files[good.title].score == Decimal("93.0") and files[good.title].grade == "excellent"
    bad_row = files[bad.title]
    assert bad_row.vetoed and bad_row.grade == "fail"
    agencies = results.agency_rows(made)
    assert [(row.agency, row.rank, row.average) for row in agencies] == [
        (world.land.name, 1, Decimal("93.0")),
        (world.market.name, 2, bad_row.score),
    ]
    items = results.item_rows(made)
    assert items[0].code == "defence_on_time" and items[0].lost == Decimal(15) and items[0].files == 1
    assert results.item_chart(items).rows  # drawn for the items that lost points

    book = openpyxl.load_workbook(io.BytesIO(exports.workbook(made)))
    assert book.sheetnames == ["案卷得分", "单位排名", "扣分项"]
    values = [[cell.value for cell in row] for row in book["单位排名"].iter_rows(min_row=5)]
    assert values[0][:5] == [1, world.land.name, 1, 1, 93.0]
    assert book["案卷得分"]["A4"].value == "案卷"

    circular = docx.Document(io.BytesIO(exports.circular(made, world.justice.name)))
    text = "\n".join(paragraph.text for paragraph in circular.paragraphs)
    assert made.name in text and "001 第四十六条" in text and world.justice.name in text
    table = circular.tables[0]
    assert [cell.text for cell in table.rows[1].cells][:4] == ["1", world.land.name, "1", "93.0"]
    assert any(bad.title in cell.text for row in circular.tables[1].rows for cell in row.cells)


def test_a_failed_file_gets_a_rectification_notice_its_unit_answers_and_the_supervisor_closes(closed_campaign, world):
    made, good, bad = closed_campaign
    notice = Rectification.objects.get()
    assert notice.campaign_file.case_file_id == bad.pk and notice.agency == world.market
    assert notice.due == datetime.date(2025, 4, 2) and "第六十七条" in notice.problems
    # Evaluators no longer see the files once the campaign is closed.
    assert not Evaluation.objects.filter(grant__expires_at__gt=timezone.now()).exists()
    assert not rectification.can_answer(world.user("officer_land"), notice)
    assert list(rectification.visible_to(world.user("officer_land"))) == []
    with pytest.raises(PermissionDenied):
        rectification.answer(notice, world.user("officer_land"), "已整改")
    with pytest.raises(CampaignError):
        rectification.answer(notice, world.user("officer_market"), " ")
    with pytest.raises(CampaignError):
        rectification.close(notice, world.user("supervisor"))  # not answered yet
    rectification.answer(notice, world.user("officer_market"), "已补充答辩状并完善应诉流程")
    with pytest.raises(CampaignError):
        rectification.send_back(notice, world.user("supervisor"), "")
    rectification.send_back(notice, world.user("supervisor"), "未附整改材料")
    notice.refresh_from_db()
    assert notice.state == RectificationState.ISSUED
    rectification.answer(notice, world.user("officer_market"), "已附整改材料")
    with pytest.raises(PermissionDenied):
        rectification.close(notice, world.user("officer_market"))
    rectification.close(notice, world.user("supervisor"), "整改到位")
    notice.refresh_from_db()
    assert notice.state == RectificationState.CLOSED
    steps = list(
        notice.campaign_file.events.filter(action__startswith="rectification").values_list("action", flat=True)
    )
    assert steps == [
        "rectification_issued",
        "rectification_answered",
        "rectification_returned",
        "rectification_answered",
        "rectification_closed",
    ]


def test_after_the_campaigns_last_day_the_evaluator_can_no_longer_score(running):
    campaign_file, (first, _second) = running
    with freeze_time(timezone.make_aware(datetime.datetime(2025, 4, 1, 8, 0))):
        with pytest.raises(ScoringError) as refused:
            scoring.save(first, first.evaluator, entries(first), submit=True)
    assert "查阅权限已终止" in refused.value.errors[""]
    first.refresh_from_db()
    assert first.state == EvaluationState.ASSIGNED
