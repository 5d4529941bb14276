"""A concluded case file worth publishing as a typical case, and the steps to publish one, for the tests."""

import datetime

from archive.models import RedactionItem, TypicalCasePage
from archive.typical import redacting
from casefiles.demo import render
from casefiles.models import CaseFile, Party
from tests.archive.conftest import fill

ID_NUMBER = "370102198001011237"  # a valid GB 11643 checksum
JUDGMENT = render.CourtDocument(
    title="行政判决书",
    subtitle="（2024）鲁1503行初88号",
    paragraphs=[
        "原告王建国，男，1980年1月1日出生，汉族，身份证号码370102198001011237，住明川市临江区幸福路88号3栋2单元501室，联系电话13812345678。",
        "第三人明川市恒达房地产开发有限公司，住所地明川市临江区工业路1号。",
        "被告临江区自然资源和规划局作出房屋征收决定，原告王建国不服，提起行政诉讼。",
        "本院认为，被告作出的征收决定事实清楚，程序合法。依照《中华人民共和国行政诉讼法》第六十九条，判决如下：驳回原告王建国的诉讼请求。",
    ],
    issuer="明川市临江区人民法院",
    date="二〇二四年九月五日",
)


def make_concluded(world, settings, capture_on_commit):
    """A closed case file of the land bureau whose judgment names the plaintiff, his ID, phone and address."""
    settings.OCR_ON_UPLOAD = True  # a text PDF: its text layer is read, no OCR needed
    case_file = world.case_file(status="closed")
    Party.objects.filter(case_file=case_file).delete()
    Party.objects.create(case_file=case_file, sort_order=0, role="plaintiff", kind="person", name="王建国")
    Party.objects.create(case_file=case_file, sort_order=1, role="defendant", kind="agency", agency=world.land)
    Party.objects.create(
        case_file=case_file, sort_order=2, role="third_party", kind="organisation", name="明川市恒达房地产开发有限公司"
    )
    case_file = CaseFile.objects.get(pk=case_file.pk)
    with capture_on_commit(execute=True):
        fill(
            case_file,
            effective=datetime.date(2024, 9, 21),
            judgment_files=[("行政判决书.pdf", render.render_pdf(JUDGMENT, "ming"))],
        )
    return CaseFile.objects.get(pk=case_file.pk)


def publish_through_review(page, user):
    """Submit the draft to the library's workflow and approve it as ``user``."""
    page = TypicalCasePage.objects.get(pk=page.pk)
    workflow = page.get_workflow()
    workflow.start(page, user)
    task_state = page.current_workflow_task_state.specific
    # Wagtail's editor asks with the page as the database holds it, not the revision under review.
    actions = [name for name, _label, _modal in task_state.task.specific.get_actions(page, user)]
    assert "approve" in actions
    task_state.task.specific.on_action(task_state, user, "approve")
    return TypicalCasePage.objects.get(pk=page.pk)


def redact_everything(page, user):
    for item in page.redaction.pending():
        redacting.decide(item, user, RedactionItem.Decision.ACCEPTED)
    return redacting.apply(page, user)
