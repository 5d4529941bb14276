"""Importing a backlog of case files: one folder per case file, described by its case.yaml.

The format is documented in README.md ("Importing case files"). A folder is
checked completely (metadata, names, every file) before anything of it is
stored; then its case file, pages and files are created in one transaction.
Running the import again adds only what is missing: case files are matched by
court and case number, pages by type and title, files by their SHA-256.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casefiles import access, case_numbers, tree, uploads
from casefiles.models import Agency, CaseDocument, CaseFile, Cause, Court, EvidenceList, Filing, Judgment
from casefiles.models.documents import DuplicateDocument, store_document

METADATA = "case.yaml"


class ImportProblem(Exception):
    """Why a folder cannot be imported; the message is for the person running the import."""


@dataclass
class FolderResult:
    folder: Path
    case_file: CaseFile | None = None
    created: bool = False
    files_added: int = 0
    problem: str = ""


@dataclass
class Plan:
    """A folder's case file, checked and resolved, ready to store."""

    fields: dict
    parties: list
    library_agency: Agency
    pages: list = field(default_factory=list)  # (model, lookup, fields, [(path, inspection)], items)


def case_folders(root):
    """Folders under ``root`` holding a case.yaml, in name order."""
    return sorted(path.parent for path in Path(root).rglob(METADATA))


def import_folder(folder, user=None):
    result = FolderResult(folder=folder)
    try:
        plan = plan_folder(folder)
        with transaction.atomic():
            result.case_file, result.created, result.files_added = store(plan, user)
    except ImportProblem as problem:
        result.problem = str(problem)
    except access.Sealed as sealed:
        result.problem = sealed.message
    except ValidationError as error:
        result.problem = " ".join(error.messages)
    return result


def plan_folder(folder):
    data = _read(folder / METADATA)
    parties = [_party(entry) for entry in _list(data, "parties")]
    defendants = [party["agency"] for party in parties if party["role"] == "defendant" and party.get("agency")]
    library_name = data.get("library")
    library_agency = _agency(library_name) if library_name else (defendants[0] if defendants else None)
    if library_agency is None:
        raise ImportProblem(_("Name the library's agency, or a defendant that is an agency."))
    fields = {
        "title": _required(data, "title"),
        "case_number": case_numbers.canonical(_required(data, "case_number")),
        "court": _lookup(Court, _required(data, "court"), _("Unknown court: %(name)s")),
        "instance": _required(data, "instance"),
        "cause": _lookup(Cause, _required(data, "cause"), _("Unknown cause of action: %(name)s")),
        "handling_unit": _agency(_required(data, "handling_unit")),
        "date_received": _date(data, "date_received"),
        "status": data.get("status", CaseFile.Status.REGISTERED),
    }
    if data.get("officer"):
        fields["officer"] = _lookup(
            get_user_model(), data["officer"], _("Unknown user: %(name)s"), field_name="username"
        )
    plan = Plan(fields=fields, parties=parties, library_agency=library_agency)
    for entry in _list(data, "filings"):
        plan.pages.append(
            (
                Filing,
                {"filing_type": _required(entry, "type"), "title": _required(entry, "title")},
                {
                    "document_number": entry.get("number", ""),
                    "issuing_body": entry.get("issued_by", ""),
                    "document_date": _date(entry, "date", required=False),
                    "date_received": _date(entry, "received", required=False),
                },
                _files(folder, entry),
                None,
            )
        )
    if data.get("evidence"):
        entry = data["evidence"]
        files = _files(folder, entry)
        names = [path.name for path, _inspection in files]
        items = []
        for item in _list(entry, "items"):
            file_name = item.get("file")
            if file_name and file_name not in names:
                raise ImportProblem(
                    _("Evidence item “%(name)s” names a file not listed: %(file)s")
                    % {"name": item.get("name", ""), "file": file_name}
                )
            items.append(
                {
                    "category": item.get("category", ""),
                    "name": _required(item, "name"),
                    "source": item.get("source", ""),
                    "purpose": item.get("purpose", ""),
                    "pages": str(item.get("pages", "")),
                    "file": names.index(file_name) if file_name else None,
                }
            )
        plan.pages.append(
            (
                EvidenceList,
                {"title": entry.get("title", "证据目录")},
                {"submitted_date": _date(entry, "date", required=False)},
                files,
                items,
            )
        )
    for entry in _list(data, "judgments"):
        plan.pages.append(
            (
                Judgment,
                {"kind": _required(entry, "kind"), "title": _required(entry, "title")},
                {
                    "instance": entry.get("instance", fields["instance"]),
                    "document_number": entry.get("number", ""),
                    "date_served": _date(entry, "served", required=False),
                    "date_effective": _date(entry, "effective", required=False),
                    "result": _required(entry, "result"),
                    "result_detail": entry.get("detail", ""),
                },
                _files(folder, entry),
                None,
            )
        )
    return plan


def store(plan, user=None):
    """Create what the plan describes and is not there yet; returns (case file, created, files added)."""
    key = case_numbers.normalize(plan.fields["case_number"])
    case_file = CaseFile.objects.filter(court=plan.fields["court"], case_number_key=key).first()
    created = case_file is None
    if created:
        library = tree.ensure_library(plan.library_agency, user=user)
        case_file = tree.create_case_file(library, parties=plan.parties, user=user, **plan.fields)
    added = 0
    for model, lookup, fields, files, items in plan.pages:
        page = model.objects.child_of(case_file).filter(**lookup).first()
        if page is None:
            if model is EvidenceList:
                unlinked = [{**item, "file": None} for item in items]
                page = tree.add_evidence_list(case_file, items=unlinked, user=user, **lookup, **fields)
            elif model is Judgment:
                page = tree.add_judgment(case_file, user=user, **lookup, **fields)
            else:
                page = tree.add_filing(case_file, user=user, **lookup, **fields)
        for path, inspection in files:
            with open(path, "rb") as handle:
                try:
                    store_document(
                        case_file, handle, path.name, user=user, page=page, title=path.stem, inspection=inspection
                    )
                    added += 1
                except DuplicateDocument:
                    pass  # imported before
        if items:
            _link_evidence(page, items, files, user)
    return case_file, created, added


def _link_evidence(evidence, items, files, user):
    """Point each evidence item at its stored file (matched by content)."""
    changed = False
    for item, spec in zip(evidence.items.all(), items, strict=False):
        if spec["file"] is None or item.document_id is not None:
            continue
        item.document = CaseDocument.objects.same_file(evidence.case_file.pk, files[spec["file"]][1].sha256)
        changed = True
    if changed:
        evidence.save_revision(user=user).publish(user=user)


def _read(path):
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ImportProblem(_("%(file)s cannot be read: %(error)s") % {"file": path.name, "error": error}) from error
    if not isinstance(data, dict):
        raise ImportProblem(_("%(file)s does not describe a case file.") % {"file": path.name})
    return data


def _list(data, key):
    value = data.get(key) or []
    if not isinstance(value, list):
        raise ImportProblem(_("“%(key)s” must be a list.") % {"key": key})
    return value


def _required(data, key):
    value = data.get(key)
    if value in (None, ""):
        raise ImportProblem(_("“%(key)s” is missing.") % {"key": key})
    return value


def _date(data, key, required=True):
    value = data.get(key)
    if value in (None, ""):
        if required:
            raise ImportProblem(_("“%(key)s” is missing.") % {"key": key})
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise ImportProblem(
            _("“%(key)s” is not a date (YYYY-MM-DD): %(value)s") % {"key": key, "value": value}
        ) from error


def _lookup(model, name, message, field_name="name"):
    found = model.objects.filter(**{field_name: name}).first()
    if found is None:
        raise ImportProblem(message % {"name": name})
    return found


def _agency(name):
    return _lookup(Agency, name, _("Unknown agency: %(name)s"))


def _party(entry):
    if not isinstance(entry, dict):
        raise ImportProblem(_("Each party needs a role, a kind and a name or agency."))
    party = {"role": _required(entry, "role"), "kind": _required(entry, "kind"), "name": entry.get("name", "")}
    if entry.get("agency"):
        party["agency"] = _agency(entry["agency"])
    return party


def _files(folder, entry):
    """The entry's files, each checked like an upload: [(path, inspection)]."""
    checked = []
    for name in _list(entry, "files"):
        path = folder / name
        if not path.is_file():
            raise ImportProblem(_("The file %(name)s is not in the folder.") % {"name": name})
        with open(path, "rb") as handle:
            checked.append((path, uploads.inspect(handle, path.name)))
    return checked
