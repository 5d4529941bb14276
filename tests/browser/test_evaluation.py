"""An evaluator scores one case file beside its documents, in a real browser."""

import datetime

import pytest
from django.utils import timezone

from archive.evaluation import campaigns
from archive.models import Campaign, Evaluation, Rubric
from archive.models.evaluation import EvaluationState
from casefiles.models import CaseDocument, CaseEventKind, record_event
from ocr import runs
from tests.archive.conftest import fill
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_evaluator_scores_a_case_file_beside_its_documents(new_page, world):
    case_file = fill(world.case_file(status="closed"))
    defence = CaseDocument.objects.get(case_file=case_file, page__title="答辩状")
    runs.start(defence.pk)  # its text layer, read now by the immediate task backend
    record_event(case_file, CaseEventKind.DEFENCE_FILED, datetime.date(2024, 3, 10), by=world.user("officer_land"))
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="年度案卷评查",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=30),
        rubric=Rubric.objects.get(code="litigation_response", version=1),
        evaluators_per_file=1,
        seed="b",
        created_by=world.user("supervisor"),
    )
    campaign.evaluators.set([world.user("evaluator")])
    campaigns.start(campaign, world.user("supervisor"))
    evaluation = Evaluation.objects.get()

    page = new_page()
    log_in(page, "evaluator", world.PASSWORD)
    page.get_by_role("link", name="案卷评查", exact=True).first.click()  # the menu
    page.get_by_role("link", name=case_file.title).click()
    # The documents beside the form: the first page's image and its text.
    viewer = page.locator("#scoring-viewer")
    viewer.get_by_role("link", name=f"答辩状：{defence.title}").click()
    page.wait_for_load_state()
    image = viewer.locator("img")
    image.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", image.element_handle())
    assert "诉讼请求" in page.locator("#page-text").inner_text()
    # The data's finding is prefilled, with its evidence; the evaluator disagrees.
    item = page.locator("#item-evidence_list_contents")
    assert "房屋征收决定书" in item.inner_text()
    assert page.locator("#faults-evidence_list_contents").input_value() == "1"
    page.fill("#faults-evidence_list_contents", "0")
    page.fill("#faults-judgment_reported", "1")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state()
    assert "请说明为何认定为 0 处" in page.locator("#item-evidence_list_contents").inner_text()
    page.fill("#reason-evidence_list_contents", "证据来源和证明目的见证据材料首页")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state()
    assert "草稿已保存" in page.content()
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.DRAFT
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/admin/archive/evaluation/")
    evaluation.refresh_from_db()
    # 100 − 5 (judgment not reported) − 5 (not archived) = 90.
    assert evaluation.state == EvaluationState.SUBMITTED and str(evaluation.score) == "90.0"
    assert "90.0（优秀）" in page.locator("#my-evaluations").inner_text()
