"""Fixity of archived files: their SHA-256 recorded when a case file is sealed, and checked ever after.

:func:`record_manifest` runs when a case file is sealed (archive.sealing): one
:class:`~archive.models.ManifestEntry` per stored file of the case file, its
current files and their earlier versions alike. :func:`check_all` (``manage.py
fixity_check``, or the task ``archive.tasks.check_fixity``, run daily) reads
every file of every sealed case file again, in chunks, and records a
:class:`~archive.models.FixityRun` with a finding for each file that is
missing, changed (hash or size) or unreadable; when there is one, the
archivists of the agency keeping the case file and the supervisors are
emailed (:func:`casefiles.access.archive_watchers`).
"""

import hashlib
import logging
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from archive.models import FixityFinding, FixityRun, ManifestEntry
from casefiles import access
from casefiles.models import CaseDocument, CaseDocumentVersion
from casefiles.storage import casefiles_storage

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1024 * 1024


class FileProblem(Exception):
    """A stored file that cannot be read to its end; the message says why, for the archivist."""

    kind = None


class Missing(FileProblem):
    kind = FixityFinding.Kind.MISSING


class Unreadable(FileProblem):
    kind = FixityFinding.Kind.UNREADABLE


def _reason(error):
    # The error's own words without the path: the finding names the file already.
    return f"{type(error).__name__}: {error.strerror or error}" if isinstance(error, OSError) else str(error)


def digest(name):
    """(SHA-256 in hex, size in bytes) of the stored file ``name``, read in chunks.

    Raises :class:`Missing` when the storage does not have it, :class:`Unreadable`
    when it is there but cannot be read to its end.
    """
    storage = casefiles_storage()
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError as error:
        raise Missing(_("The file is not in the storage.")) from error
    except OSError as error:
        raise Unreadable(_("The file cannot be read: %(reason)s") % {"reason": _reason(error)}) from error
    sha256, size = hashlib.sha256(), 0
    try:
        with handle:
            while chunk := handle.read(CHUNK_SIZE):
                sha256.update(chunk)
                size += len(chunk)
    except OSError as error:
        raise Unreadable(_("The file cannot be read: %(reason)s") % {"reason": _reason(error)}) from error
    return sha256.hexdigest(), size


@dataclass(frozen=True)
class StoredFile:
    """One file a case file keeps: a document's current file, or an earlier version of it."""

    title: str
    name: str
    sha256: str  # as recorded when it was uploaded
    document: CaseDocument
    version: CaseDocumentVersion | None = None


def stored_files(case_file):
    """Every stored file of ``case_file``, documents first, each followed by its earlier versions."""
    documents = CaseDocument.objects.filter(case_file=case_file).prefetch_related("versions").order_by("pk")
    for document in documents:
        yield StoredFile(document.title, document.file.name, document.sha256, document)
        for version in sorted(document.versions.all(), key=lambda v: v.number):
            title = f"{version.title}（v{version.number}）"
            yield StoredFile(title, version.file.name, version.sha256, document, version)


def record_manifest(case_file, user, measured=None):
    """Record the SHA-256 and size of every stored file of ``case_file`` as it is now.

    ``measured`` ({stored name: (sha256, size)}) holds what the four-property
    check just read, so that no file is read twice; others are read here.
    The entries of an earlier sealing are superseded. Runs in the sealing
    transaction.
    """
    measured = measured or {}
    now = timezone.now()
    ManifestEntry.objects.filter(case_file=case_file).current().update(superseded_at=now)
    entries = []
    for stored in stored_files(case_file):
        sha256, size = measured.get(stored.name) or digest(stored.name)
        entries.append(
            ManifestEntry(
                case_file=case_file,
                document=stored.document,
                version=stored.version,
                title=stored.title[:255],
                name=stored.name,
                sha256=sha256,
                size=size,
                recorded_at=now,
                recorded_by=user,
            )
        )
    return ManifestEntry.objects.bulk_create(entries)


# --- Checking ----------------------------------------------------------------------


def check_entry(entry):
    """The finding for one manifest entry (unsaved), or None when the file is intact."""
    try:
        sha256, size = digest(entry.name)
    except FileProblem as problem:
        return FixityFinding(entry=entry, case_file_id=entry.case_file_id, kind=problem.kind, detail=str(problem))
    if sha256 != entry.sha256 or size != entry.size:
        return FixityFinding(
            entry=entry,
            case_file_id=entry.case_file_id,
            kind=FixityFinding.Kind.CHANGED,
            actual_sha256=sha256,
            actual_size=size,
        )
    return None


def check_all(trigger=FixityRun.Trigger.COMMAND):
    """Read every file of every sealed case file again; returns the finished :class:`FixityRun`.

    The run row is written first, so a check stopped half way shows as
    unfinished. Findings are emailed once the run is complete.
    """
    run = FixityRun.objects.create(trigger=trigger)
    entries = (
        ManifestEntry.objects.current()
        .filter(case_file_id__in=access.sealed_case_file_ids())
        .order_by("case_file_id", "pk")
    )
    findings, case_files = [], set()
    for entry in entries.iterator():
        case_files.add(entry.case_file_id)
        run.files_checked += 1
        finding = check_entry(entry)
        if finding is None:
            run.bytes_read += entry.size
        else:
            finding.run = run
            finding.detail = finding.detail[:500]
            run.bytes_read += finding.actual_size or 0
            findings.append(finding)
    with transaction.atomic():
        FixityFinding.objects.bulk_create(findings)
        run.case_files_checked = len(case_files)
        run.problem_count = len(findings)
        run.finished_at = timezone.now()
        run.save()
    if findings:
        run.notified = notify(run)
        run.save(update_fields=["notified"])
    return run


# --- Reporting -----------------------------------------------------------------------


def findings_of(run, case_files=None):
    """The findings of ``run`` in order, limited to ``case_files`` (a queryset) when given."""
    findings = run.findings.select_related("entry", "case_file", "case_file__archival_code")
    if case_files is not None:
        findings = findings.filter(case_file__in=case_files.values("pk"))
    return findings.order_by("case_file_id", "entry_id")


def describe(finding):
    """What is wrong with the file of ``finding``, in a sentence."""
    entry = finding.entry
    if finding.kind != FixityFinding.Kind.CHANGED:
        return finding.detail
    if finding.actual_size != entry.size:
        size = _("size %(recorded)d bytes when sealed, %(actual)d bytes now") % {
            "recorded": entry.size,
            "actual": finding.actual_size,
        }
    else:
        size = _("size unchanged (%(size)d bytes)") % {"size": entry.size}
    return _("SHA-256 %(recorded)s when sealed, %(actual)s now; %(size)s.") % {
        "recorded": entry.sha256,
        "actual": finding.actual_sha256,
        "size": size,
    }


def case_file_heading(case_file):
    code = getattr(case_file, "archival_code", None)
    return f"{code.code} {case_file.title}" if code else case_file.title


def report_lines(run, findings):
    """The fixity report of ``run`` as lines of text (the command prints it; emails send it)."""
    lines = [
        _("Fixity check #%(run)d, %(started)s: %(files)d files of %(case_files)d sealed case files, %(size)s read.")
        % {
            "run": run.pk,
            "started": timezone.localtime(run.started_at).strftime("%Y-%m-%d %H:%M:%S"),
            "files": run.files_checked,
            "case_files": run.case_files_checked,
            "size": filesizeformat(run.bytes_read),
        }
    ]
    findings = list(findings)
    if not findings:
        lines.append(_("Every file is intact."))
        return lines
    lines.append(_("Problems found: %(count)d.") % {"count": len(findings)})
    for _case_file_id, group in groupby(findings, key=lambda finding: finding.case_file_id):
        group = list(group)
        lines.append(case_file_heading(group[0].case_file))
        for finding in group:
            lines.append(
                f"  {finding.get_kind_display()}：{finding.entry.title}（{finding.entry.name}）：{describe(finding)}"
            )
    return lines


def run_url(run):
    return settings.BASE_URL.rstrip("/") + reverse("archive_admin:fixity_run", args=[run.pk])


def notify(run):
    """Email the findings of ``run`` to those who watch the case files concerned; returns how many emails went."""
    findings = list(findings_of(run))
    by_user = {}
    for _case_file_id, group in groupby(findings, key=lambda finding: finding.case_file_id):
        group = list(group)
        for user in access.archive_watchers(group[0].case_file):
            by_user.setdefault(user, []).extend(group)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user, mine in by_user.items():
            subject = _("Archived files failed the fixity check: %(count)d problems") % {"count": len(mine)}
            body = "\n".join(
                [
                    _("Some archived files are missing, changed or unreadable. Restore them from the backup."),
                    "",
                    *report_lines(run, mine),
                    "",
                    run_url(run),
                ]
            )
            try:
                send_mail(subject, body, None, [user.email])
            except Exception:
                logger.exception("Could not email the fixity findings of run %s to %s", run.pk, user.email)
                continue
            sent += 1
    return sent
