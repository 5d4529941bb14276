"""Sealed case files: read-only for everyone, in the admin and in the services; reopened only with a reason."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from archive import workflow
from archive.models import Action, ArchivalCode, ArchivingEvent, ArchivingSubmission, ChecklistItem, State
from casefiles import access, tree
from casefiles.models import CaseDocument, CaseFile, Filing, Judgment
from casefiles.models.documents import replace_document_file, store_document
from tests import files

pytestmark = pytest.mark.django_db

SEALED = "已归档封存"  # the refusal says why


def archive_case(world, case_file, retention="D10"):
    """Take ``case_file`` through submission, review and approval; returns its submission."""
    archivist = world.user("archivist_land")
    submission = workflow.submit(case_file, world.user("officer_land"))
    workflow.start_review(submission, archivist)
    return workflow.approve(submission, archivist, retention)


def small_case(world, **fields):
    """A closed case file with a filing and a judgment, each with its scan (the checklist is switched off)."""
    ChecklistItem.objects.update(active=False)
    case_file = world.case_file(status="closed", **fields)
    tree.add_filing(
        case_file, title="行政起诉状", filing_type="complaint", files=[("起诉状.pdf", files.text_pdf("行政起诉状"))]
    )
    tree.add_judgment(
        case_file,
        title="行政判决书",
        kind="judgment",
        instance="first",
        result="claims_dismissed",
        date_served=datetime.date(2024, 9, 5),
        date_effective=datetime.date(2024, 9, 20),
        files=[("判决书.pdf", files.text_pdf("行政判决书"))],
    )
    return case_file


@pytest.fixture
def sealed(world):
    case_file = small_case(world)
    archive_case(world, case_file)
    return CaseFile.objects.get(pk=case_file.pk)


def fresh(user):
    """The user as a new request loads it (nothing cached)."""
    return type(user).objects.get(pk=user.pk)


def refused(response, case_file):
    """The sealed answer: back to the read-only case file, with the reason."""
    return response.status_code == 302 and response["Location"] == reverse(
        "casefiles_admin:overview", args=[case_file.pk]
    )


# --- Who may change what --------------------------------------------------------------


def test_archiving_seals_and_no_one_holds_change_any_more(world, sealed):
    for name in ("officer_land", "supervisor", "admin"):
        user = fresh(world.user(name))
        assert access.VIEW in access.perms_for(user, sealed.pk)
        assert access.CHANGE not in access.perms_for(user, sealed.pk)
        assert not access.case_files(user, access.CHANGE).filter(pk=sealed.pk).exists()
        assert access.case_files(user, access.VIEW).filter(pk=sealed.pk).exists()
        for page in (sealed, Filing.objects.child_of(sealed).get()):
            tester = page.permissions_for_user(user)
            assert not any(
                [tester.can_edit(), tester.can_delete(), tester.can_unpublish(), tester.can_publish()]
                + [tester.can_move(), tester.can_add_subpage(), tester.can_lock(), tester.can_reorder_children()]
            ), name
    # An unsealed case file next to it is untouched.
    other = world.case_file()
    assert access.CHANGE in access.perms_for(fresh(world.user("officer_land")), other.pk)
    assert other.permissions_for_user(fresh(world.user("admin"))).can_edit()


@pytest.mark.parametrize("name", ["officer_land", "archivist_land", "admin"])
def test_every_way_to_change_a_sealed_case_file_in_the_admin_is_refused_with_the_reason(client, world, sealed, name):
    client.force_login(world.user(name))
    filing = Filing.objects.child_of(sealed).get()
    document = CaseDocument.objects.get(page=filing)
    before = (sealed.title, filing.title, document.title, document.sha256, CaseDocument.objects.count())
    attempts = [
        ("get", reverse("wagtailadmin_pages:edit", args=[sealed.pk]), {}),
        ("post", reverse("wagtailadmin_pages:edit", args=[sealed.pk]), {"title": "改过的标题", "status": "closed"}),
        ("post", reverse("wagtailadmin_pages:edit", args=[filing.pk]), {"title": "改过的起诉状"}),
        ("post", reverse("wagtailadmin_pages:delete", args=[filing.pk]), {}),
        ("post", reverse("wagtailadmin_pages:unpublish", args=[filing.pk]), {}),
        ("get", reverse("wagtailadmin_pages:move", args=[filing.pk]), {}),
        ("get", reverse("wagtailadmin_pages:add_subpage", args=[sealed.pk]), {}),
        (
            "post",
            reverse("wagtailadmin_pages:add", args=["casefiles", "filing", sealed.pk]),
            {"title": "补充材料", "filing_type": "other", "upload_files": SimpleUploadedFile("补.png", files.png())},
        ),
        (
            "post",
            reverse("wagtaildocs:edit", args=[document.pk]),
            {"title": "替换", "file": SimpleUploadedFile("起诉状.pdf", files.scan_pdf())},
        ),
        ("post", reverse("wagtaildocs:delete", args=[document.pk]), {}),
        (
            "post",
            reverse("wagtail_bulk_action", args=["casefiles", "casedocument", "delete"]) + f"?id={document.pk}",
            {},
        ),
        ("post", reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={filing.pk}", {}),
    ]
    for method, url, data in attempts:
        response = getattr(client, method)(url, data)
        assert refused(response, sealed), (url, response.status_code, response.get("Location"))
    overview = client.get(reverse("casefiles_admin:overview", args=[sealed.pk])).content.decode()
    assert SEALED in overview and "档案员说明理由后启封" in overview  # the refusals' message, shown there
    filing.refresh_from_db()
    document.refresh_from_db()
    sealed.refresh_from_db()
    assert (sealed.title, filing.title, document.title, document.sha256, CaseDocument.objects.count()) == before
    assert filing.live and Filing.objects.child_of(sealed).count() == 1


def test_a_sealed_case_file_can_still_be_read_and_its_files_downloaded(client, world, sealed):
    client.force_login(world.user("head_land"))
    page = client.get(reverse("casefiles_admin:overview", args=[sealed.pk])).content.decode()
    assert "已归档封存，对任何人只读" in page and reverse("wagtailadmin_pages:edit", args=[sealed.pk]) not in page
    document = CaseDocument.objects.filter(case_file=sealed).first()
    response = client.get(document.url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == files.text_pdf("行政起诉状")


def test_recording_events_on_a_sealed_case_file_is_refused_with_the_reason(client, world, sealed):
    client.force_login(world.user("officer_land"))
    url = reverse("casefiles_admin:lifecycle", args=[sealed.pk])
    response = client.post(url, {"action": "event", "kind": "closed", "date": "2024-10-01"}, follow=True)
    assert SEALED in response.content.decode()
    assert not sealed.events.filter(kind="closed").exists()


def test_the_services_refuse_every_change_superusers_included(world, sealed):
    admin = world.user("admin")
    filing = Filing.objects.child_of(sealed).get()
    document = CaseDocument.objects.get(page=filing)
    attempts = [
        lambda: store_document(sealed, io.BytesIO(files.png()), "补充.png", user=admin),
        lambda: replace_document_file(document, io.BytesIO(files.scan_pdf()), "起诉状.pdf", user=admin),
        lambda: tree.add_filing(sealed, title="补充", filing_type="other", user=admin),
        lambda: filing.save_revision(user=admin),
        lambda: Filing.objects.get(pk=filing.pk).unpublish(),  # no user: past Wagtail's own permission check
        lambda: Judgment.objects.child_of(sealed).get().delete(),
        lambda: CaseDocument.objects.get(pk=document.pk).delete(),
        lambda: CaseFile.objects.get(pk=sealed.pk).save(),
        lambda: Filing.objects.get(pk=filing.pk).move(world.case_file(), pos="last-child"),
    ]
    document.title = "改名"
    attempts.append(document.save)
    for attempt in attempts:
        # Each in its own savepoint, as a request's transaction would be (deletes run without one).
        with pytest.raises(access.Sealed) as error, transaction.atomic():
            attempt()
        assert SEALED in str(error.value)
    # With a user, Wagtail's own actions refuse first: the permission tester says no, superusers included.
    with pytest.raises(PermissionDenied):
        Filing.objects.get(pk=filing.pk).unpublish(user=admin)
    document.refresh_from_db()
    assert document.title == "起诉状"
    assert CaseDocument.objects.filter(case_file=sealed).count() == 2
    assert Filing.objects.child_of(sealed).live().count() == 1 and Judgment.objects.child_of(sealed).exists()
    # What the system itself keeps up to date still updates (file size, text extraction).
    CaseDocument.objects.get(pk=document.pk).save(update_fields=["extraction_status"])


def test_an_import_into_a_sealed_case_file_is_reported_and_adds_nothing(world, tmp_path):
    import yaml

    from casefiles import importer
    from tests.casefiles.test_import import write_case

    ChecklistItem.objects.update(active=False)
    folder = write_case(tmp_path / "case1", library="临江区自然资源和规划局")
    assert importer.import_folder(folder).problem == ""
    case_file = CaseFile.objects.get()
    archive_case(world, case_file)
    count = CaseDocument.objects.count()

    metadata = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    (folder / "送达回证.png").write_bytes(files.solid_png())
    metadata["filings"].append({"type": "proof_of_service", "title": "送达回证", "files": ["送达回证.png"]})
    (folder / "case.yaml").write_text(yaml.safe_dump(metadata, allow_unicode=True), encoding="utf-8")
    result = importer.import_folder(folder)
    assert SEALED in result.problem
    assert CaseDocument.objects.count() == count and not Filing.objects.filter(title="送达回证").exists()


# --- Reopening and sealing again ---------------------------------------------------------------


def test_an_archivist_reopens_with_a_reason_the_unit_corrects_and_the_archivist_seals_again(world, sealed):
    archivist, officer = world.user("archivist_land"), world.user("officer_land")
    submission = ArchivingSubmission.objects.get(case_file=sealed)
    code = ArchivalCode.objects.get(case_file=sealed).code

    workflow.reopen(submission, archivist, "判决书扫描件缺页，需补扫。")
    sealed.refresh_from_db()
    assert ArchivingSubmission.objects.get().state == State.REOPENED and sealed.status == CaseFile.Status.CLOSED
    assert not access.is_sealed(sealed)
    assert ArchivalCode.objects.get(case_file=sealed).code == code  # the number is not released
    # The unit corrects the case file.
    document = CaseDocument.objects.get(page=Judgment.objects.child_of(sealed).get())
    replace_document_file(document, io.BytesIO(files.scan_pdf()), "判决书.pdf", user=officer)

    workflow.reseal(submission, archivist, "已补扫判决书第 2 页。")
    sealed.refresh_from_db()
    assert access.is_sealed(sealed) and sealed.status == CaseFile.Status.ARCHIVED
    assert ArchivalCode.objects.get(case_file=sealed).code == code
    steps = [(e.action, e.actor.username, e.reason) for e in submission.events_in_order() if e.action != "checked"]
    assert steps[-2:] == [
        (Action.REOPENED, "archivist_land", "判决书扫描件缺页，需补扫。"),
        (Action.RESEALED, "archivist_land", "已补扫判决书第 2 页。"),
    ]
    resealed = ArchivingEvent.objects.get(action=Action.RESEALED)
    assert resealed.details["code"] == code and resealed.details["manifest_files"] == 3  # two files, one version
    assert resealed.at >= ArchivingEvent.objects.get(action=Action.REOPENED).at
    with pytest.raises(access.Sealed):
        replace_document_file(document, io.BytesIO(files.png()), "判决书.png", user=officer)
    # The next case file archived gets the next number: the reopened one's was never given back.
    other = small_case(world)
    archive_case(world, other)
    assert (
        ArchivalCode.objects.get(case_file=other).item_number
        == ArchivalCode.objects.get(case_file=sealed).item_number + 1
    )


def test_reopening_needs_a_reason_and_changes_nothing_without_one(world, sealed):
    submission = ArchivingSubmission.objects.get(case_file=sealed)
    for reason in ("", "   "):
        with pytest.raises(workflow.ArchivingError, match="启封的理由"):
            workflow.reopen(submission, world.user("archivist_land"), reason)
    assert ArchivingSubmission.objects.get().state == State.ARCHIVED and access.is_sealed(sealed)
    assert not ArchivingEvent.objects.filter(action=Action.REOPENED).exists()


@pytest.mark.parametrize("name", ["officer_land", "supervisor", "head_land", "evaluator", "nobody"])
def test_only_an_archivist_may_reopen(world, sealed, name):
    submission = ArchivingSubmission.objects.get(case_file=sealed)
    with pytest.raises(PermissionDenied):
        workflow.reopen(submission, world.user(name), "需要更正")
    assert ArchivingSubmission.objects.get().state == State.ARCHIVED and access.is_sealed(sealed)


def test_sealing_again_needs_a_reason_and_only_follows_a_reopening(world, sealed):
    archivist = world.user("archivist_land")
    submission = ArchivingSubmission.objects.get(case_file=sealed)
    with pytest.raises(workflow.ArchivingError):
        workflow.reseal(submission, archivist, "已更正")  # not reopened
    workflow.reopen(submission, archivist, "需更正")
    with pytest.raises(workflow.ArchivingError, match="更正了什么"):
        workflow.reseal(submission, archivist, " ")
    with pytest.raises(PermissionDenied):
        workflow.reseal(submission, world.user("officer_land"), "已更正")
    assert ArchivingSubmission.objects.get().state == State.REOPENED


def test_reopening_and_sealing_again_through_the_admin(client, world, sealed):
    url = reverse("archive_admin:case_file", args=[sealed.pk])
    client.force_login(world.user("officer_land"))
    assert "启封已归档案卷" not in client.get(url).content.decode()
    client.post(url, {"action": "reopen", "reason": "想改"})
    assert ArchivingSubmission.objects.get().state == State.ARCHIVED

    client.force_login(world.user("archivist_land"))
    page = client.get(url).content.decode()
    assert "启封已归档案卷" in page and "已封存" in page
    response = client.post(url, {"action": "reopen", "reason": ""})
    assert response.status_code == 200 and ArchivingSubmission.objects.get().state == State.ARCHIVED
    assert client.post(url, {"action": "reopen", "reason": "证据目录页码有误。"}).status_code == 302
    assert ArchivingSubmission.objects.get().state == State.REOPENED
    queue = client.get(reverse("archive_admin:queue")).content.decode()
    assert "已启封待更正，更正后重新封存" in queue and sealed.title in queue

    # While reopened the unit may edit again.
    client.force_login(world.user("officer_land"))
    assert client.get(reverse("wagtailadmin_pages:edit", args=[sealed.pk])).status_code == 200

    client.force_login(world.user("archivist_land"))
    response = client.post(url, {"action": "reseal", "reason": "已更正页码。"}, follow=True)
    page = response.content.decode()
    assert "已重新封存" in page and "已更正页码。" in page and "证据目录页码有误。" in page
    assert ArchivingSubmission.objects.get().state == State.ARCHIVED
