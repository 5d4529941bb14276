"""Exporting an archived case file as a BagIt package (RFC 8493), made and checked by the ``bagit`` library.

A package is a folder named by the archival code::

    J023-2024-D30-0001/
        bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
        data/documents/002-起诉状副本.pdf …   every stored file as stored, named by its 序号 in the volume index
        data/volume/cover.pdf index.pdf note.pdf volume.pdf   the generated volume
        data/metadata.json  data/metadata.xml   what the package holds (archive.export.metadata)

The manifests use SHA-256, the digest Anjuan records for every file, so a
receiving archive can compare both. Only an archived case file with a
generated volume is exported; anything else raises :class:`ExportError` with a
message for the user. A stored file that is missing from storage is listed in
the metadata (status "missing") and the package is made without it; a file
that is there but cannot be read is included as it is (status "included"; the
volume index remarks on it).
"""

import datetime
import hashlib
import json
import posixpath
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import bagit
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.export.metadata import SCHEMA, to_xml
from archive.models import Action, ArchivalCode, ArchivingSubmission, Volume, is_archived
from casefiles.access import library_of_page
from casefiles.models import CaseDocument, CaseFile

UNSAFE = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')


class ExportError(Exception):
    """A case file that cannot be exported now; the message is for the user."""


def find_case_file(identifier):
    """The case file with this id or archival code."""
    identifier = str(identifier).strip()
    case_file = None
    if identifier.isdigit():
        case_file = CaseFile.objects.filter(pk=int(identifier)).first()
    if case_file is None:
        code = ArchivalCode.objects.filter(code=identifier).select_related("case_file").first()
        case_file = code.case_file if code else None
    if case_file is None:
        raise ExportError(_("No case file has the id or archival code “%(identifier)s”.") % {"identifier": identifier})
    return case_file


def require_archived(case_file):
    """The archival code and the ready volume of ``case_file``; raises :class:`ExportError` otherwise."""
    if not is_archived(case_file):
        raise ExportError(
            _("Only an archived case file can be exported; “%(title)s” is “%(status)s”.")
            % {"title": case_file.title, "status": case_file.get_status_display()}
        )
    volume = Volume.objects.filter(case_file=case_file).first()
    if volume is None or not volume.is_ready:
        raise ExportError(
            _("The volume of “%(title)s” has not been generated yet; generate it, then export again.")
            % {"title": case_file.title}
        )
    return ArchivalCode.objects.get(case_file=case_file), volume


def _safe(title, limit=60):
    return UNSAFE.sub("_", title).strip("._")[:limit] or "file"


def _iso(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def _write_documents(case_file, volume, payload):
    """Copy the stored files into ``payload/documents``; the metadata items, in the index's order."""
    folder = payload / "documents"
    folder.mkdir(parents=True)
    documents = {document.pk: document for document in CaseDocument.objects.filter(case_file=case_file)}
    items = []
    for row in volume.rows:
        items.append(_item(row, documents.pop(row["document"], None), folder))
    # Files added to the case file after the volume was generated.
    for document in sorted(documents.values(), key=lambda d: (d.created_at, d.pk)):
        row = {
            "number": len(items) + 1,
            "document_number": "",
            "responsible": "",
            "title": document.title,
            "date": "",
            "pages": "",
            "note": _("Not in the volume"),
        }
        items.append(_item(row, document, folder))
    return items


def _item(row, document, folder):
    item = {
        "sequence": row["number"],
        "title": row["title"],
        "document_number": row["document_number"],
        "responsible": row["responsible"],
        "date": row["date"],
        "pages": row["pages"],
        "remarks": row["note"],
        "file": None,
    }
    if document is None:
        return item
    extension = posixpath.splitext(document.file.name)[1].lower()
    name = f"{row['number']:03d}-{_safe(row['title'])}{extension}"
    file = {
        "path": None,
        "sha256": None,
        "recorded_sha256": document.sha256,
        "file_type": document.file_type,
        "page_count": document.page_count,
        "status": "missing",
    }
    try:
        with document.file.open("rb") as stored, open(folder / name, "wb") as copy:
            digest = hashlib.sha256()
            while chunk := stored.read(1024 * 1024):
                digest.update(chunk)
                copy.write(chunk)
    except (FileNotFoundError, OSError):
        (folder / name).unlink(missing_ok=True)
    else:
        file.update(path=f"data/documents/{name}", sha256=digest.hexdigest(), status="included")
    item["file"] = file
    return item


def _write_volume(volume, payload):
    folder = payload / "volume"
    folder.mkdir()
    renditions = []
    for stored in volume.files.order_by("pk"):
        name = f"{stored.part}.pdf"
        with stored.file.open("rb") as source, open(folder / name, "wb") as copy:
            shutil.copyfileobj(source, copy)
        renditions.append(
            {
                "part": stored.part,
                "label": str(stored.get_part_display()),
                "path": f"data/volume/{name}",
                "sha256": stored.sha256,
                "pages": stored.page_count,
            }
        )
    return renditions


def describe(case_file, code, volume, items, renditions):
    """The metadata of the package, as plain values (``metadata.json``)."""
    submission = ArchivingSubmission.objects.select_related("submitted_by").get(case_file=case_file)
    events = list(submission.events_in_order())
    archived = next((event for event in reversed(events) if event.action == Action.ARCHIVED), None)
    return {
        "schema": SCHEMA,
        "exported": _iso(timezone.now()),
        "archival_code": {
            "code": code.code,
            "fonds_code": code.fonds,
            "year": code.year,
            "retention": code.retention,
            "retention_label": str(code.get_retention_display()),
            "item_number": code.item_number,
        },
        "fonds_name": library_of_page(case_file).agency.name,
        "case_file": {
            "id": case_file.pk,
            "title": case_file.title,
            "case_number": case_file.case_number,
            "court": case_file.court.name,
            "instance": str(case_file.get_instance_display()),
            "cause": case_file.cause.name,
            "handling_unit": case_file.handling_unit.name,
            "date_received": _iso(case_file.date_received),
            "parties": [
                {"role": party.role, "name": party.display_name} for party in case_file.parties.select_related("agency")
            ],
        },
        "archiving": {
            "submitted_by": _name(submission.submitted_by),
            "submitted_at": _iso(submission.submitted_at),
            "archived_by": _name(archived.actor) if archived else "",
            "archived_at": _iso(archived.at) if archived else None,
            "events": [
                {"action": event.action, "at": _iso(event.at), "by": _name(event.actor), "reason": event.reason}
                for event in events
            ],
        },
        "volume": {
            "generated_at": _iso(volume.generated_at),
            "items": volume.item_count,
            "pages": volume.page_count,
            "missing": [{"title": p["title"], "reason": p["reason"]} for p in volume.missing],
            "damaged": [{"title": p["title"], "reason": p["reason"]} for p in volume.damaged],
            "renditions": renditions,
        },
        "items": items,
    }


def write_bag(case_file, target, *, user=None):
    """Write ``case_file``'s package into the new folder ``target``; returns the :class:`bagit.Bag`."""
    code, volume = require_archived(case_file)
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise ExportError(_("The folder “%(path)s” exists and is not empty.") % {"path": target})
    target.mkdir(parents=True, exist_ok=True)
    items = _write_documents(case_file, volume, target)
    renditions = _write_volume(volume, target)
    data = describe(case_file, code, volume, items, renditions)
    (target / "metadata.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    (target / "metadata.xml").write_bytes(to_xml(data))
    bag_info = {
        "Source-Organization": data["fonds_name"],
        "External-Identifier": code.code,
        "External-Description": f"{case_file.title}（{case_file.case_number}）",
        "Internal-Sender-Identifier": f"anjuan-casefile-{case_file.pk}",
        "Internal-Sender-Description": _("Archived case file exported from Anjuan"),
    }
    if user is not None:
        bag_info["Contact-Name"] = _name(user)
    # make_bag moves what the folder holds into data/ and writes the manifests.
    return bagit.make_bag(str(target), bag_info, checksums=["sha256"])


def write_zip(case_file, fileobj, *, user=None):
    """Write ``case_file``'s package as a zip into ``fileobj``; returns the zip's file name."""
    code, _volume = require_archived(case_file)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / code.code
        write_bag(case_file, folder, user=user)
        with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(work).as_posix())
    return f"{code.code}.zip"
