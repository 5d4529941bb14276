"""Evaluation in the admin: who sees which page, forms, forged ids, downloads."""

import datetime
import io

import docx
import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from archive.evaluation import campaigns
from archive.models import Campaign, CampaignFile, Evaluation, Rubric
from archive.models.evaluation import CampaignState, EvaluationState
from casefiles.models import CaseDocument

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2025, 3, 3, 10, 0))


def client_for(client, world, name):
    client.force_login(world.user(name))
    return client


@pytest.fixture
def started(world, campaign, closed_case):
    with freeze_time(NOW):
        case_file = closed_case()
        made = campaign()
        campaigns.start(made, world.user("supervisor"))
    evaluation = Evaluation.objects.filter(campaign_file__campaign=made).order_by("evaluator__username").first()
    return made, case_file, evaluation


@freeze_time(NOW)
def test_a_supervisor_creates_a_campaign_with_a_seed_and_starts_it(client, world, evaluators, closed_case):
    closed_case()
    client_for(client, world, "supervisor")
    assert client.get(reverse("archive_admin:evaluation")).status_code == 200
    url = reverse("archive_admin:campaign_new")
    assert client.get(url).status_code == 200
    rubric = Rubric.objects.get(code="litigation_response")
    form = {
        "name": "2024年度评查",
        "starts_on": "2025-03-01",
        "ends_on": "2025-03-31",
        "rubric": rubric.pk,
        "years": "2024，2023",
        "archived": "any",
        "selection": "sample",
        "sample_size": "",
        "seed": "",
        "evaluators_per_file": 2,
        "evaluators": [evaluators["justice"].pk, evaluators["street"].pk],
        "reconcile_over": "10",
        "rectification_days": 30,
    }
    refused = client.post(url, form)
    assert refused.status_code == 200 and "请填写每个单位抽取的案卷数" in refused.content.decode()
    assert client.post(url, {**form, "years": "2024 二〇二三", "sample_size": 2}).status_code == 200
    response = client.post(url, {**form, "sample_size": 2})
    made = Campaign.objects.get()
    assert response.status_code == 302 and made.years == [2023, 2024] and len(made.seed) == 8
    page = client.get(reverse("archive_admin:campaign", args=[made.pk])).content.decode()
    assert made.seed in page and "1 个已结案案卷" in page.replace("评查范围内有 ", "")
    client.post(reverse("archive_admin:campaign", args=[made.pk]), {"action": "start"})
    made.refresh_from_db()
    assert made.state == CampaignState.RUNNING and CampaignFile.objects.filter(campaign=made).count() == 1
    # A started campaign's settings no longer change.
    client.post(reverse("archive_admin:campaign_edit", args=[made.pk]), {**form, "name": "改名", "sample_size": 2})
    made.refresh_from_db()
    assert made.name == "2024年度评查"


@freeze_time(NOW)
def test_the_evaluator_scores_beside_the_documents_and_no_one_else_opens_the_evaluation(client, world, started):
    made, case_file, evaluation = started
    url = reverse("archive_admin:scoring", args=[evaluation.pk])
    client_for(client, world, evaluation.evaluator.username)
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "起诉状副本" in html and "document_page_image" not in html
    document = CaseDocument.objects.filter(case_file=case_file).order_by("page__path").first()
    assert reverse("search_admin:document_page_image", args=[document.pk, 1]) in html
    assert "房屋征收决定书" in html  # the evidence the data check shows
    assert client.get(url, {"document": document.pk, "page": 1}).status_code == 200
    # Forged viewer parameters: another case file's document, a page out of range, not a number.
    other = world.case_file()
    from casefiles.models.documents import store_document
    from tests import files

    foreign = store_document(other, io.BytesIO(files.text_pdf()), "其他.pdf")
    for params in ({"document": foreign.pk}, {"document": document.pk, "page": 99}, {"page": "abc"}):
        assert client.get(url, params).status_code == 404
    fields = {"action": "draft", "comment": "待核对"}
    for row in evaluation.item_scores.select_related("item"):
        fields[f"faults-{row.item.code}"] = row.faults
    fields["faults-evidence_list_contents"] = 0  # differs from the data, without a reason
    refused = client.post(url, fields)
    assert refused.status_code == 400 and "请说明为何认定为 0 处" in refused.content.decode()
    fields["reason-evidence_list_contents"] = "证据来源另页列明"
    assert client.post(url, fields).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.DRAFT and evaluation.comment == "待核对"
    assert client.post(url, {**fields, "action": "submit"}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.SUBMITTED
    assert "不能再修改" in client.get(url).content.decode()
    assert client.post(url, {**fields, "action": "draft"}).status_code == 400

    others = [
        name for name in ("evaluator", "evaluator_street", "evaluator_market") if name != evaluation.evaluator.username
    ]
    for name in [*others, "supervisor", "officer_land", "admin"]:
        client_for(client, world, name)
        assert client.get(url).status_code == 404, name
    client_for(client, world, "evaluator")
    assert client.get(reverse("archive_admin:scoring", args=[999999])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


@freeze_time(NOW)
def test_only_supervisors_open_campaigns_and_download_the_results(client, world, started):
    made, _case_file, _evaluation = started
    for name in ("evaluator", "officer_land", "archivist_land"):
        client_for(client, world, name)
        assert client.get(reverse("archive_admin:campaign", args=[made.pk])).status_code == 404, name
        assert client.get(reverse("archive_admin:campaign_download", args=[made.pk, "xlsx"])).status_code == 404
        assert client.get(reverse("archive_admin:campaign_new")).status_code in (302, 403)
    client_for(client, world, "officer_land")
    assert client.get(reverse("archive_admin:evaluation")).status_code in (302, 403)
    client_for(client, world, "supervisor")
    assert client.get(reverse("archive_admin:campaign", args=[999999])).status_code == 404
    assert client.get(reverse("archive_admin:campaign_download", args=[made.pk, "pdf"])).status_code == 404
    sheet = client.get(reverse("archive_admin:campaign_download", args=[made.pk, "xlsx"]))
    assert sheet.status_code == 200 and "attachment" in sheet["Content-Disposition"]
    assert openpyxl.load_workbook(io.BytesIO(sheet.content)).sheetnames[0] == "案卷得分"
    circular = client.get(reverse("archive_admin:campaign_download", args=[made.pk, "docx"]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(circular.content)).paragraphs)
    assert world.justice.name in text and made.name in text


def test_a_supervisor_publishes_a_draft_rubric_and_a_published_one_cannot_be_edited(client, world):
    client_for(client, world, "supervisor")
    rubric = Rubric.objects.get(code="litigation_response", version=1)
    edit = client.get(reverse("evaluation_rubrics:edit", args=[rubric.pk]))
    assert edit.status_code == 200
    client.post(reverse("archive_admin:rubric", args=[rubric.pk]), {"action": "new_version"})
    draft = Rubric.objects.get(code="litigation_response", version=2)
    assert draft.state == "draft"
    page = client.get(reverse("archive_admin:rubric", args=[draft.pk])).content.decode()
    assert "发布此版本" in page and "001 第十六条" in page
    client.post(reverse("archive_admin:rubric", args=[draft.pk]), {"action": "publish"})
    draft.refresh_from_db()
    assert draft.state == "published"
    client_for(client, world, "officer_land")
    assert client.get(reverse("archive_admin:rubric", args=[draft.pk])).status_code in (302, 403)


@freeze_time(NOW)
def test_the_home_page_shows_what_evaluation_asks_of_each_user(client, world, started):
    made, case_file, evaluation = started
    client_for(client, world, evaluation.evaluator.username)
    panel = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "evaluation-panel" in panel and reverse("archive_admin:scoring", args=[evaluation.pk]) in panel
    client_for(client, world, "officer_market")  # nothing asked of them
    assert "evaluation-panel" not in client.get(reverse("wagtailadmin_home")).content.decode()
