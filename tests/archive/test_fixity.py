"""Fixity: every archived file's SHA-256 recorded when sealed, and read again by fixity_check."""

import hashlib
import io
import os
import shutil

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from archive import fixity, workflow
from archive.models import ArchivingSubmission, FixityFinding, FixityRun, ManifestEntry
from archive.tasks import check_fixity
from casefiles.models import CaseDocument, Judgment
from casefiles.models.documents import replace_document_file
from casefiles.storage import casefiles_storage
from tests import files
from tests.archive.test_sealing import archive_case, small_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def archived(world):
    """A sealed case file with two files and an earlier version, and watchers with email addresses."""
    for name in ("archivist_land", "supervisor", "officer_land", "head_land"):
        user = world.user(name)
        user.email = f"{name}@linjiang.example"
        user.save()
    case_file = small_case(world)
    judgment = CaseDocument.objects.get(page=Judgment.objects.child_of(case_file).get())
    replace_document_file(judgment, io.BytesIO(files.scan_pdf()), "判决书.pdf")
    archive_case(world, case_file)
    return case_file


def path_of(entry):
    return casefiles_storage().path(entry.name)


def entry(title):
    return ManifestEntry.objects.current().get(title=title)


def check():
    """Run the command as cron does; returns (exit status, what it printed)."""
    out = io.StringIO()
    try:
        call_command("fixity_check", stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    return 0, out.getvalue(), ""


def test_archiving_records_every_stored_file_with_its_hash_and_size(world, archived):
    entries = {e.title: e for e in ManifestEntry.objects.filter(case_file=archived)}
    assert set(entries) == {"起诉状", "判决书", "判决书（v1）"}
    for e in entries.values():
        with open(path_of(e), "rb") as handle:
            data = handle.read()
        assert (e.sha256, e.size) == (hashlib.sha256(data).hexdigest(), len(data))
        assert e.recorded_by == world.user("archivist_land") and e.superseded_at is None
    assert entries["判决书（v1）"].version is not None and entries["判决书"].document.sha256 == entries["判决书"].sha256


def test_an_intact_archive_is_clean(archived):
    status, out, _error = check()
    assert status == 0
    assert "已封存案卷 1 个，文件 3 个" in out and "所有文件完好" in out
    run = FixityRun.objects.get()
    assert run.clean and run.files_checked == 3 and run.bytes_read == sum(e.size for e in ManifestEntry.objects.all())
    assert not mail.outbox


def test_tampering_is_found_reported_stored_and_emailed(world, archived):
    changed, missing, unreadable = entry("起诉状"), entry("判决书"), entry("判决书（v1）")
    with open(path_of(changed), "r+b") as handle:  # one byte changed, size the same
        handle.seek(200)
        byte = handle.read(1)
        handle.seek(200)
        handle.write(bytes([byte[0] ^ 0xFF]))
    os.remove(path_of(missing))
    os.remove(path_of(unreadable))
    os.mkdir(path_of(unreadable))  # there, but cannot be read (root can read any file, so no chmod)

    status, out, error = check()
    assert status == 1 and error == "3 个归档文件未通过校验。"
    print(out)  # the report as the command prints it
    code = archived.archival_code.code
    assert f"{code} {archived.title}" in out and "发现问题：3 个。" in out
    assert f"已被改动：起诉状（{changed.name}）：SHA-256 封存时为 {changed.sha256}，现为 " in out
    assert f"大小未变（{changed.size} 字节）" in out
    assert f"缺失：判决书（{missing.name}）：存储中没有这个文件。" in out
    assert f"无法读取：判决书（v1）（{unreadable.name}）：文件无法读取：IsADirectoryError: Is a directory" in out

    run = FixityRun.objects.get()
    findings = {f.entry.title: f for f in run.findings.all()}
    assert {title: f.kind for title, f in findings.items()} == {
        "起诉状": FixityFinding.Kind.CHANGED,
        "判决书": FixityFinding.Kind.MISSING,
        "判决书（v1）": FixityFinding.Kind.UNREADABLE,
    }
    with open(path_of(changed), "rb") as handle:
        assert findings["起诉状"].actual_sha256 == hashlib.sha256(handle.read()).hexdigest()
    assert findings["起诉状"].actual_size == changed.size
    assert run.problem_count == 3 and not run.clean

    # The archivist of the agency keeping it and the supervisor are told; the officer and head are not.
    assert sorted(m.to[0] for m in mail.outbox) == ["archivist_land@linjiang.example", "supervisor@linjiang.example"]
    message = mail.outbox[0]
    assert message.subject == "归档文件校验发现问题：3 个"
    assert "请从备份中恢复" in message.body and code in message.body and missing.name in message.body
    assert reverse("archive_admin:fixity_run", args=[run.pk]) in message.body
    assert run.notified == 2


def test_a_changed_size_is_reported(archived):
    target = entry("起诉状")
    with open(path_of(target), "ab") as handle:
        handle.write(b"\n%%appended\n")
    status, out, _error = check()
    assert status == 1
    assert f"大小封存时为 {target.size} 字节，现为 {target.size + 12} 字节" in out


def test_the_scheduled_task_does_the_same_and_enqueue_hands_it_to_the_workers(archived):
    os.remove(path_of(entry("起诉状")))
    result = check_fixity.enqueue()  # the immediate backend runs it at once
    assert result.return_value["problems"] == 1
    assert FixityRun.objects.get().trigger == FixityRun.Trigger.TASK
    out = io.StringIO()
    call_command("fixity_check", "--enqueue", stdout=out)
    assert "enqueued" in out.getvalue() and FixityRun.objects.count() == 2


def test_a_reopened_case_file_is_not_checked(world, archived):
    submission = ArchivingSubmission.objects.get(case_file=archived)
    workflow.reopen(submission, world.user("archivist_land"), "补充送达回证")
    os.remove(path_of(entry("起诉状")))  # while reopened, its files may change
    assert check()[0] == 0 and FixityRun.objects.get().files_checked == 0


def test_sealing_again_records_the_files_anew(world, archived):
    submission = ArchivingSubmission.objects.get(case_file=archived)
    workflow.reopen(submission, world.user("archivist_land"), "起诉状扫描不清")
    replace_document_file(CaseDocument.objects.get(title="起诉状"), io.BytesIO(files.png()), "起诉状.png")
    workflow.reseal(submission, world.user("archivist_land"), "已重新扫描起诉状")
    assert sorted(ManifestEntry.objects.current().values_list("title", flat=True)) == [
        "判决书",
        "判决书（v1）",
        "起诉状",
        "起诉状（v1）",
    ]
    assert ManifestEntry.objects.filter(superseded_at__isnull=False).count() == 3
    status, out, _error = check()
    assert status == 0 and "文件 4 个" in out


def test_sealing_again_refuses_a_file_that_went_missing(world, archived):
    submission = ArchivingSubmission.objects.get(case_file=archived)
    workflow.reopen(submission, world.user("archivist_land"), "补充送达回证")
    os.remove(path_of(entry("起诉状")))
    with pytest.raises(workflow.FourPropertyFailed, match="存储中没有这个文件"):
        workflow.reseal(submission, world.user("archivist_land"), "已更正")
    assert ArchivingSubmission.objects.get().state == "reopened"


def test_the_report_pages_are_for_archivists_and_supervisors(client, world, archived):
    shutil.rmtree(os.path.dirname(path_of(entry("起诉状"))))
    check()
    run = FixityRun.objects.get()
    for name in ("archivist_land", "supervisor"):
        client.force_login(world.user(name))
        listing = client.get(reverse("archive_admin:fixity_runs")).content.decode()
        assert f"#{run.pk}" in listing
        page = client.get(reverse("archive_admin:fixity_run", args=[run.pk])).content.decode()
        assert archived.title in page and "缺失" in page and entry("起诉状").name in page
    for name in ("officer_land", "head_land", "evaluator"):
        client.force_login(world.user(name))
        for url in (reverse("archive_admin:fixity_runs"), reverse("archive_admin:fixity_run", args=[run.pk])):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_an_archivist_of_another_agency_sees_the_run_but_not_the_case_file(client, world, archived):
    from casefiles.models import add_member
    from casefiles.roles import Role

    other = world.user("nobody")
    add_member(world.market, other, Role.ARCHIVIST)
    os.remove(path_of(entry("起诉状")))
    check()
    client.force_login(other)
    page = client.get(reverse("archive_admin:fixity_run", args=[FixityRun.objects.get().pk])).content.decode()
    assert archived.title not in page and "另有 1 个问题属于其他机关档案中的案卷" in page


def test_reading_is_chunked(archived, monkeypatch):
    """A file is hashed chunk by chunk, never read whole (archived scans can be hundreds of MB)."""
    target, reads, storage = entry("起诉状"), [], casefiles_storage()

    class RecordingStorage:
        def open(self, name, mode="rb"):
            handle = storage.open(name, mode)

            class Recording:
                def read(self, size=-1):
                    reads.append(size)
                    return handle.read(size)

                def __enter__(self):
                    return self

                def __exit__(self, *exc):
                    handle.close()

            return Recording()

    monkeypatch.setattr(fixity, "CHUNK_SIZE", 1000)
    monkeypatch.setattr(fixity, "casefiles_storage", RecordingStorage)
    assert fixity.digest(target.name) == (target.sha256, target.size)
    assert set(reads) == {1000} and len(reads) == -(-target.size // 1000) + 1  # the last read finds the end
