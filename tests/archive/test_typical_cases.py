"""The typical-case library: nominate, draft, redact, review through the workflow, publish, select."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import Site

from archive.models import Nomination, RedactionItem, TypicalCaseLibraryPage, TypicalCasePage
from archive.models.typical import PublicHomePage
from archive.typical import drafting, redacting
from archive.typical import selection as selecting
from tests.archive.typical import ID_NUMBER, publish_through_review, redact_everything

pytestmark = pytest.mark.django_db


def test_the_public_site_is_the_default_sites_root():
    home = PublicHomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    library = TypicalCaseLibraryPage.objects.get()
    assert library.url == "/cases/" and library.live
    assert library.get_workflow().name


def test_a_concluded_case_file_is_drafted_with_its_parties_masked(world, concluded):
    nomination = drafting.nominate(concluded, world.user("officer_land"), "征收程序规范，具有示范意义。")
    page = nomination.page
    assert not page.live
    assert page.title == "王某诉临江区自然资源和规划局征收或者征用房屋案"
    assert page.year == 2024 and page.court_level == "basic" and page.instance == "first"
    assert "驳回原告王建国的诉讼请求" in page.judgment_text  # the document's own text, before redaction
    assert "判决如下" in page.outcome
    found = {item.original: item for item in page.redaction.items.all()}
    assert found["王建国"].replacement == "王某"
    assert found[ID_NUMBER].rule == "id_card"
    assert found["13812345678"].rule == "phone"
    assert "明川市恒达房地产开发有限公司" in found
    assert all(item.decision == RedactionItem.Decision.PENDING for item in found.values())


def test_who_may_nominate(world, concluded, closed_case):
    with pytest.raises(PermissionDenied):
        drafting.nominate(concluded, world.user("officer_market"), "理由")  # another unit's case file
    open_case = world.case_file(status="in_progress")
    with pytest.raises(PermissionDenied):
        drafting.nominate(open_case, world.user("supervisor"), "理由")  # not concluded
    with pytest.raises(ValidationError):
        drafting.nominate(concluded, world.user("supervisor"), "  ")  # no reason
    drafting.nominate(concluded, world.user("supervisor"), "理由")
    with pytest.raises(ValidationError):
        drafting.nominate(concluded, world.user("officer_land"), "再次推荐")
    assert Nomination.objects.count() == 1


def test_only_supervisors_redact(world, concluded):
    page = drafting.nominate(concluded, world.user("officer_land"), "理由").page
    item = page.redaction.items.first()
    with pytest.raises(PermissionDenied):
        redacting.decide(item, world.user("officer_land"), RedactionItem.Decision.ACCEPTED)
    with pytest.raises(PermissionDenied):
        redacting.apply(page, world.user("evaluator"))


def test_nothing_unreviewed_is_published(world, concluded):
    supervisor = world.user("supervisor")
    page = drafting.nominate(concluded, supervisor, "理由").page
    revision = page.latest_revision
    with pytest.raises(ValidationError):
        revision.publish(user=supervisor)  # straight past the review
    assert not TypicalCasePage.objects.get(pk=page.pk).live
    with pytest.raises(ValidationError):
        redacting.apply(page, supervisor)  # items not yet decided
    page.get_workflow().start(page, supervisor)
    task_state = TypicalCasePage.objects.get(pk=page.pk).current_workflow_task_state.specific
    draft = redacting.draft_of(page)
    assert [name for name, _l, _m in task_state.task.specific.get_actions(draft, supervisor)] == ["reject"]
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, supervisor, "approve")
    assert not TypicalCasePage.objects.get(pk=page.pk).live


def test_redacted_reviewed_and_published(world, concluded):
    supervisor = world.user("supervisor")
    page = drafting.nominate(concluded, world.user("officer_land"), "理由").page
    rejected = page.redaction.items.get(original="明川市恒达房地产开发有限公司")
    redacting.decide(rejected, supervisor, RedactionItem.Decision.REJECTED)
    redacting.add(page, supervisor, "幸福路", "某路")
    redact_everything(page, supervisor)
    page = publish_through_review(page, supervisor)
    assert page.live
    public = "\n".join(page.public_texts().values())
    for original in ("王建国", ID_NUMBER, "13812345678", "幸福路88号"):
        assert original not in public
    assert "王某" in public and "明川市恒达房地产开发有限公司" in public  # rejected: stays as written


def test_edited_after_redaction_needs_it_again(world, concluded):
    supervisor = world.user("supervisor")
    page = drafting.nominate(concluded, supervisor, "理由").page
    redact_everything(page, supervisor)
    draft = redacting.draft_of(page)
    draft.significance += "证人李小红，女，1985年出生，出庭作证。"
    draft.save_revision(user=supervisor)
    assert redacting.redaction_refusal(redacting.draft_of(page)) == "案例文本在脱敏后被修改，请重新检查并应用脱敏。"
    redacting.scan(page, supervisor)
    assert page.redaction.pending().filter(original="李小红").exists()
    redact_everything(page, supervisor)
    page = publish_through_review(page, supervisor)
    assert "李小红" not in page.significance


def test_a_manual_replacement_must_be_in_the_text(world, concluded):
    supervisor = world.user("supervisor")
    page = drafting.nominate(concluded, supervisor, "理由").page
    with pytest.raises(ValidationError):
        redacting.add(page, supervisor, "不存在的文字", "某")
    with pytest.raises(ValidationError):
        redacting.add(page, supervisor, "", "某")


def test_the_annual_selection_publishes_its_chosen_cases(world, concluded, closed_case):
    supervisor, evaluator = world.user("supervisor"), world.user("evaluator")
    pages = []
    for case_file in (concluded, closed_case()):
        page = drafting.nominate(case_file, supervisor, "理由").page
        redact_everything(page, supervisor)
        pages.append(publish_through_review(page, supervisor))
    selection = selecting.open_selection(
        supervisor, year=2024, name="2024年度典型案例", seats=1, panel=[supervisor, evaluator]
    )
    for page in pages:
        selecting.shortlist(selection, supervisor, page)
    with pytest.raises(ValidationError):
        selecting.score(selection.candidates.first(), supervisor, 8)  # scoring has not started
    selecting.start_scoring(selection, supervisor)
    first, second = selection.candidates.order_by("pk")
    with pytest.raises(PermissionDenied):
        selecting.score(first, world.user("officer_land"), 9)
    with pytest.raises(ValidationError):
        selecting.score(first, supervisor, 11)
    selecting.score(first, supervisor, 6)
    selecting.score(first, evaluator, 7)
    selecting.score(second, supervisor, 9)
    selecting.score(second, evaluator, 8)
    collection = selecting.close(selection, supervisor)
    assert collection.live and collection.cases() == [pages[1]]


def test_line_ends_and_outer_spaces_are_not_changes(world, concluded):
    """A browser sends a textarea's line ends as CRLF; saving the form must not undo the review."""
    supervisor = world.user("supervisor")
    page = drafting.nominate(concluded, supervisor, "理由").page
    redact_everything(page, supervisor)
    draft = redacting.draft_of(page)
    draft.facts = draft.facts.replace("\n", "\r\n") + "  "
    draft.save_revision(user=supervisor)
    assert redacting.redaction_refusal(redacting.draft_of(page)) == ""
