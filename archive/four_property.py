"""The four-property check (四性检测) of a case file before it is sealed.

Authenticity (真实性), integrity (完整性), usability (可用性) and security
(安全性), after the checks DA/T 70-2018 (文书类电子档案检测一般要求) asks at
archiving (归档环节): the files are what was uploaded, the metadata hold
together, nothing is missing, every file opens, and nothing in them is locked
or active. :data:`CHECKS` is the list of checks as data, each with its
property, its level and the clause it follows; a check of level ``error``
that fails stops the case file from being archived (archive.sealing), a
``warning`` is reported and does not.

The clause names are those of DA/T 70-2018's table of archiving checks; none of
the regulations in ``regulations/`` details them (001 第四十六条 only asks for
electronic case files where possible; 004 第二十四条 asks for the originals,
complete). :func:`run` reads every stored file of the case file once; what it
read (hash and size) becomes the fixity manifest when the case file is sealed.
"""

import hashlib
import io
import posixpath
import warnings
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive import checklists, fixity
from archive.models.four_property import Category, FourPropertyReport, FourPropertyResult, Level
from casefiles import case_numbers, uploads
from casefiles.models import CaseDocument, EvidenceList, Filing, Judgment
from casefiles.models.documents import ExtractionStatus, FileType
from casefiles.models.pages import FilingType, Instance
from casefiles.storage import casefiles_storage

DATV70 = "DA/T 70-2018 归档环节"


@dataclass(frozen=True)
class Check:
    code: str
    category: str
    level: str
    clause: str
    label: str


CHECKS = [
    # --- 真实性 authenticity: the files and their metadata are what they claim to be ---
    Check(
        "hashes_match",
        Category.AUTHENTICITY,
        Level.ERROR,
        f"{DATV70} 真实性：固化信息有效性检测、内容数据的电子属性一致性检测",
        gettext_lazy("Every stored file, read now, has the SHA-256 and size recorded when it was uploaded"),
    ),
    Check(
        "case_number",
        Category.AUTHENTICITY,
        Level.ERROR,
        f"{DATV70} 真实性：元数据项数据类型、格式检测；法〔2015〕137号（案号）",
        gettext_lazy("The case number is well formed and agrees with the case's year and instance"),
    ),
    Check(
        "dates_in_order",
        Category.AUTHENTICITY,
        Level.ERROR,
        f"{DATV70} 真实性：元数据项数据值合理性检测",
        gettext_lazy("Dates are in order and none lies in the future"),
    ),
    Check(
        "types_known",
        Category.AUTHENTICITY,
        Level.ERROR,
        f"{DATV70} 真实性：设定值域的元数据项值域符合度检测",
        gettext_lazy("Every document type, instance, result and file type is one Anjuan knows"),
    ),
    # --- 完整性 integrity: nothing is missing ---
    Check(
        "checklist_complete",
        Category.INTEGRITY,
        Level.ERROR,
        f"004 第二十四条；{DATV70} 完整性：内容数据完整性检测",
        gettext_lazy("The case file holds every document of the archiving checklist"),
    ),
    Check(
        "files_present",
        Category.INTEGRITY,
        Level.ERROR,
        f"{DATV70} 完整性：元数据是否关联内容数据检测",
        gettext_lazy("Every document page holds its file, and every file is in the storage"),
    ),
    Check(
        "page_counts",
        Category.INTEGRITY,
        Level.ERROR,
        f"{DATV70} 完整性：总件数相符性检测",
        gettext_lazy("Every file has the number of pages recorded for it"),
    ),
    Check(
        "sequences_continuous",
        Category.INTEGRITY,
        Level.ERROR,
        f"{DATV70} 完整性：连续性元数据项检测；001 第十六条（证据目录）",
        gettext_lazy("Evidence items' pages and documents' versions are numbered without gaps"),
    ),
    # --- 可用性 usability: every file can be read ---
    Check(
        "files_open",
        Category.USABILITY,
        Level.ERROR,
        f"{DATV70} 可用性：内容数据的可读性检测",
        gettext_lazy("Every file opens: PDFs are read by pypdf, images decode"),
    ),
    Check(
        "text_present",
        Category.USABILITY,
        Level.WARNING,
        f"001 第四十六条（电子化档案）；{DATV70} 可用性：内容数据的可读性检测",
        gettext_lazy("The text of every page has been extracted, so the case file can be searched"),
    ),
    # --- 安全性 security: nothing locked, active or disguised ---
    Check(
        "not_encrypted",
        Category.SECURITY,
        Level.ERROR,
        f"{DATV70}：归档信息包不得含加密等影响可用性的因素；001 第四十五条",
        gettext_lazy("No PDF is encrypted or protected by a password"),
    ),
    Check(
        "no_active_content",
        Category.SECURITY,
        Level.ERROR,
        f"{DATV70} 安全性：病毒感染检测（恶意代码）",
        gettext_lazy("No PDF carries JavaScript or actions that launch programs"),
    ),
    Check(
        "no_embedded_files",
        Category.SECURITY,
        Level.WARNING,
        f"{DATV70} 安全性：病毒感染检测（恶意代码）",
        gettext_lazy("No PDF carries embedded files"),
    ),
    Check(
        "type_matches_content",
        Category.SECURITY,
        Level.ERROR,
        f"{DATV70} 安全性；真实性：内容数据的电子属性一致性检测",
        gettext_lazy("Every file's content is of the type recorded for it and its name's extension says"),
    ),
]

_CHECKERS = {}


def checker(code):
    """Register the function that runs the check ``code`` of :data:`CHECKS`."""

    def register(function):
        _CHECKERS[code] = function
        return function

    return register


# --- Reading the files once ----------------------------------------------------------------


@dataclass
class FileFacts:
    """What reading one stored file showed."""

    document: CaseDocument
    problem: str = ""  # why it could not be read at all
    sha256: str = ""
    size: int = 0
    content_type: str | None = None  # from the bytes
    opens: bool = False
    open_problem: str = ""
    pages: int | None = None
    encrypted: bool = False
    javascript: bool = False
    launch: bool = False
    embedded_files: bool = False


def read_file(document):
    facts = FileFacts(document)
    try:
        with casefiles_storage().open(document.file.name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        facts.problem = _("the file is not in the storage")
        return facts
    except OSError as error:
        facts.problem = _("the file cannot be read: %(reason)s") % {"reason": fixity._reason(error)}
        return facts
    facts.sha256, facts.size = hashlib.sha256(data).hexdigest(), len(data)
    facts.content_type = uploads.sniff(data[:1024])
    if facts.content_type == FileType.PDF:
        _inspect_pdf(facts, data)
    elif facts.content_type is not None:
        _inspect_image(facts, data)
    else:
        facts.open_problem = _("its content is not a PDF, JPEG, PNG or TIFF file")
    return facts


def _inspect_pdf(facts, data):
    import pypdf

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                facts.encrypted = True
                if not reader.decrypt(""):
                    facts.open_problem = _("it is protected by a password")
                    return
            facts.pages = len(reader.pages)
            for page in reader.pages:
                page.get_contents()
            _scan_pdf_objects(reader, facts)
    except Exception as error:  # pypdf raises many kinds on a damaged file
        facts.open_problem = _("pypdf cannot read it: %(error)s") % {"error": error}
        return
    if not facts.pages:
        facts.open_problem = _("it has no pages")
        return
    facts.opens = True


def _scan_pdf_objects(reader, facts):
    """Look through every object of the PDF (wherever it is referenced from) for active content."""
    from pypdf.generic import IndirectObject

    numbers = {(number, generation) for generation, entries in reader.xref.items() for number in entries}
    numbers |= {(number, 0) for number in reader.xref_objStm}
    for number, generation in sorted(numbers):
        try:
            obj = reader.get_object(IndirectObject(number, generation, reader))
        except Exception:  # a free or broken entry: nothing to run there
            continue
        _scan(obj, facts)


def _scan(obj, facts, depth=0):
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if depth > 50:
        return
    if isinstance(obj, DictionaryObject):
        action = obj.get("/S")
        if action == "/JavaScript" or "/JS" in obj or "/JavaScript" in obj:
            facts.javascript = True
        if action == "/Launch":
            facts.launch = True
        if "/EmbeddedFiles" in obj or obj.get("/Type") == "/EmbeddedFile" or action == "/GoToE":
            facts.embedded_files = True
        values = obj.values()
    elif isinstance(obj, ArrayObject):
        values = obj
    else:
        return
    for value in values:
        if not isinstance(value, IndirectObject):  # indirect objects are scanned on their own
            _scan(value, facts, depth + 1)


def _inspect_image(facts, data):
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            frames = getattr(image, "n_frames", 1)
            for index in range(frames):
                image.seek(index)
                image.load()
    except Exception as error:  # Pillow raises many kinds on a damaged image
        facts.open_problem = _("the image cannot be decoded: %(error)s") % {"error": error}
        return
    facts.pages, facts.opens = frames, True


@dataclass
class Context:
    """The case file and everything the checks look at, read once."""

    case_file: object
    today: object
    pages: list
    documents: list
    facts: dict  # document pk → FileFacts
    versions: list = field(default_factory=list)  # (version, (sha256, size) or None, problem)

    @property
    def measured(self):
        """{stored name: (sha256, size)} of every file read: the manifest's values."""
        read = {
            facts.document.file.name: (facts.sha256, facts.size) for facts in self.facts.values() if not facts.problem
        }
        read.update({version.file.name: digest for version, digest, problem in self.versions if digest})
        return read


def _context(case_file, today):
    pages = [
        *Filing.objects.child_of(case_file).live().order_by("path"),
        *EvidenceList.objects.child_of(case_file).live().prefetch_related("items").order_by("path"),
        *Judgment.objects.child_of(case_file).live().order_by("path"),
    ]
    documents = list(CaseDocument.objects.filter(case_file=case_file).prefetch_related("versions").order_by("pk"))
    context = Context(case_file, today, pages, documents, {doc.pk: read_file(doc) for doc in documents})
    for document in documents:
        for version in sorted(document.versions.all(), key=lambda v: v.number):
            try:
                context.versions.append((version, fixity.digest(version.file.name), ""))
            except fixity.FileProblem as problem:
                context.versions.append((version, None, str(problem)))
    return context


def _name(document):
    return f"“{document.title}”"


# --- The checks --------------------------------------------------------------------------------


@checker("hashes_match")
def _hashes_match(context):
    problems = []
    for facts in context.facts.values():
        document = facts.document
        if facts.problem:
            continue  # files_present reports it
        if not document.sha256:
            problems.append(_("%(file)s: no SHA-256 was recorded when it was uploaded.") % {"file": _name(document)})
        elif facts.sha256 != document.sha256:
            problems.append(
                _("%(file)s: its SHA-256 is %(actual)s, not %(recorded)s as recorded when it was uploaded.")
                % {"file": _name(document), "actual": facts.sha256, "recorded": document.sha256}
            )
        if document.file_size is not None and facts.size != document.file_size:
            problems.append(
                _("%(file)s: it is %(actual)d bytes, not %(recorded)d as recorded when it was uploaded.")
                % {"file": _name(document), "actual": facts.size, "recorded": document.file_size}
            )
    for version, digest, problem in context.versions:
        label = f"“{version.title}”（v{version.number}）"
        if digest is None:
            problems.append(_("%(file)s: %(problem)s") % {"file": label, "problem": problem})
        elif digest[0] != version.sha256 or (version.file_size is not None and digest[1] != version.file_size):
            problems.append(
                _("%(file)s: the earlier version is not the file recorded when it was replaced.") % {"file": label}
            )
    return problems


@checker("case_number")
def _case_number(context):
    case_file = context.case_file
    try:
        number = case_numbers.parse(case_file.case_number)
    except ValidationError as error:
        return error.messages
    problems = []
    if number.key != case_file.case_number_key or number.year != case_file.case_year:
        problems.append(
            _("The stored key of the case number %(number)s does not match the number.")
            % {"number": case_file.case_number}
        )
    if number.instance and number.instance != case_file.instance:
        problems.append(
            _("The case-type code %(kind)s means %(expected)s, but the case file is marked %(chosen)s.")
            % {
                "kind": number.kind,
                "expected": Instance(number.instance).label,
                "chosen": case_file.get_instance_display(),
            }
        )
    if number.year > context.today.year:
        problems.append(_("The case number's year %(year)d lies in the future.") % {"year": number.year})
    return problems


def _date(value):
    return f"{value:%Y-%m-%d}"


@checker("dates_in_order")
def _dates_in_order(context):
    case_file, today = context.case_file, context.today
    received = case_file.date_received
    problems = []

    def future(label, value):
        if value and value > today:
            problems.append(_("%(what)s (%(date)s) lies in the future.") % {"what": label, "date": _date(value)})

    future(_("The date the papers were received"), received)
    for page in context.pages:
        title = f"“{page.title}”"
        if isinstance(page, Filing):
            future(_("%(page)s: the document date") % {"page": title}, page.document_date)
            future(_("%(page)s: the date received") % {"page": title}, page.date_received)
            if page.document_date and page.date_received and page.date_received < page.document_date:
                problems.append(
                    _("%(page)s was received (%(received)s) before it was issued (%(issued)s).")
                    % {"page": title, "received": _date(page.date_received), "issued": _date(page.document_date)}
                )
        elif isinstance(page, EvidenceList):
            future(_("%(page)s: the date submitted") % {"page": title}, page.submitted_date)
            if page.submitted_date and page.submitted_date < received:
                problems.append(
                    _("%(page)s was submitted (%(date)s) before the papers were received (%(received)s).")
                    % {"page": title, "date": _date(page.submitted_date), "received": _date(received)}
                )
        elif isinstance(page, Judgment):
            future(_("%(page)s: the date served") % {"page": title}, page.date_served)
            future(_("%(page)s: the date effective") % {"page": title}, page.date_effective)
            if page.date_served and page.date_served < received:
                problems.append(
                    _("%(page)s was served (%(date)s) before the papers were received (%(received)s).")
                    % {"page": title, "date": _date(page.date_served), "received": _date(received)}
                )
            if page.date_served and page.date_effective and page.date_effective < page.date_served:
                problems.append(
                    _("%(page)s took effect (%(effective)s) before it was served (%(served)s).")
                    % {"page": title, "effective": _date(page.date_effective), "served": _date(page.date_served)}
                )
    return problems


@checker("types_known")
def _types_known(context):
    problems = []

    def unknown(what, value):
        problems.append(_("%(what)s: “%(value)s” is not a known value.") % {"what": what, "value": value})

    if context.case_file.instance not in Instance.values:
        unknown(_("The case file's instance"), context.case_file.instance)
    for page in context.pages:
        title = f"“{page.title}”"
        if isinstance(page, Filing) and page.filing_type not in FilingType.values:
            unknown(title, page.filing_type)
        if isinstance(page, Judgment):
            for value, known in (
                (page.kind, Judgment.Kind.values),
                (page.result, Judgment.Result.values),
                (page.instance, Instance.values),
            ):
                if value not in known:
                    unknown(title, value)
    for document in context.documents:
        if document.file_type not in FileType.values:
            unknown(_name(document), document.file_type)
    return problems


@checker("checklist_complete")
def _checklist_complete(context):
    return [item.reason for item in checklists.check(context.case_file).missing]


@checker("files_present")
def _files_present(context):
    problems = []
    with_files = {document.page_id for document in context.documents}
    for page in context.pages:
        if page.pk not in with_files:
            problems.append(_("“%(page)s” holds no file.") % {"page": page.title})
        if isinstance(page, EvidenceList):
            for item in page.items.all():
                if item.document_id is not None and item.document_id not in context.facts:
                    problems.append(
                        _("Evidence item “%(item)s” of “%(page)s” points to a file of another case file.")
                        % {"item": item.name, "page": page.title}
                    )
    for facts in context.facts.values():
        if facts.problem:
            problems.append(
                _("%(file)s (%(name)s): %(problem)s.")
                % {"file": _name(facts.document), "name": facts.document.file.name, "problem": facts.problem}
            )
    return problems


@checker("page_counts")
def _page_counts(context):
    problems = []
    for facts in context.facts.values():
        document = facts.document
        if not document.page_count:
            problems.append(_("%(file)s: no page count was recorded.") % {"file": _name(document)})
        elif facts.pages is not None and facts.pages != document.page_count:
            problems.append(
                _("%(file)s has %(actual)d pages, not %(recorded)d as recorded.")
                % {"file": _name(document), "actual": facts.pages, "recorded": document.page_count}
            )
    return problems


def _page_range(text):
    first, _dash, last = text.partition("-")
    return int(first), int(last or first)


@checker("sequences_continuous")
def _sequences_continuous(context):
    problems = []
    for page in context.pages:
        if not isinstance(page, EvidenceList):
            continue
        # Items are numbered in order; those in one file (or in no file) run on from one page to the next.
        next_page = {}
        for number, item in enumerate(page.items.all(), start=1):
            if not item.pages:
                continue
            try:
                first, last = _page_range(item.pages)
            except ValueError:
                first, last = 0, -1
            expected = next_page.get(item.document_id, 1)
            if last < first:
                problems.append(
                    _("“%(page)s”, item %(number)d “%(item)s”: the pages “%(pages)s” are not a range.")
                    % {"page": page.title, "number": number, "item": item.name, "pages": item.pages}
                )
            elif first != expected:
                problems.append(
                    _("“%(page)s”, item %(number)d “%(item)s”: its pages start at %(first)d, not %(expected)d.")
                    % {"page": page.title, "number": number, "item": item.name, "first": first, "expected": expected}
                )
            next_page[item.document_id] = max(last, first) + 1
    for document in context.documents:
        numbers = sorted(version.number for version in document.versions.all())
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(
                _("%(file)s: its earlier versions are numbered %(numbers)s, with gaps.")
                % {"file": _name(document), "numbers": "、".join(map(str, numbers))}
            )
    return problems


@checker("files_open")
def _files_open(context):
    return [
        _("%(file)s does not open: %(problem)s.") % {"file": _name(facts.document), "problem": facts.open_problem}
        for facts in context.facts.values()
        if not facts.problem and not facts.opens
    ]


@checker("text_present")
def _text_present(context):
    from ocr.runs import current_pages

    problems = []
    for document in context.documents:
        if document.extraction_status != ExtractionStatus.DONE:
            problems.append(
                _("%(file)s: %(status)s.")
                % {"file": _name(document), "status": document.get_extraction_status_display()}
            )
            continue
        texts = list(current_pages(document).values_list("text", flat=True))
        pages = document.page_count or 0
        if not any(text.strip() for text in texts):
            problems.append(_("%(file)s: no legible text was extracted.") % {"file": _name(document)})
        elif len(texts) != pages:
            problems.append(
                _("%(file)s: text was extracted from %(done)d of %(pages)d pages.")
                % {"file": _name(document), "done": len(texts), "pages": pages}
            )
    return problems


@checker("not_encrypted")
def _not_encrypted(context):
    return [
        _("%(file)s is encrypted.") % {"file": _name(facts.document)}
        for facts in context.facts.values()
        if facts.encrypted
    ]


@checker("no_active_content")
def _no_active_content(context):
    problems = []
    for facts in context.facts.values():
        if facts.javascript:
            problems.append(_("%(file)s contains JavaScript.") % {"file": _name(facts.document)})
        if facts.launch:
            problems.append(_("%(file)s contains an action that launches a program.") % {"file": _name(facts.document)})
    return problems


@checker("no_embedded_files")
def _no_embedded_files(context):
    return [
        _("%(file)s carries embedded files.") % {"file": _name(facts.document)}
        for facts in context.facts.values()
        if facts.embedded_files
    ]


@checker("type_matches_content")
def _type_matches_content(context):
    problems = []
    for facts in context.facts.values():
        document = facts.document
        if facts.problem:
            continue
        recorded = uploads.TYPE_NAMES.get(document.file_type, document.file_type)
        if facts.content_type is None:
            problems.append(
                _("%(file)s is recorded as %(recorded)s but its content is of no accepted type.")
                % {"file": _name(document), "recorded": recorded}
            )
            continue
        actual = uploads.TYPE_NAMES[facts.content_type]
        if facts.content_type != document.file_type:
            problems.append(
                _("%(file)s is recorded as %(recorded)s but its content is %(actual)s.")
                % {"file": _name(document), "recorded": recorded, "actual": actual}
            )
        extension = posixpath.splitext(document.file.name)[1].lower()
        if extension not in uploads.EXTENSIONS[facts.content_type]:
            problems.append(
                _("%(file)s is stored as “%(name)s”, whose extension does not say %(actual)s.")
                % {"file": _name(document), "name": posixpath.basename(document.file.name), "actual": actual}
            )
    return problems


# --- Running and keeping -------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckOutcome:
    check: Check
    problems: list

    @property
    def passed(self):
        return not self.problems

    @property
    def blocks(self):
        return not self.passed and self.check.level == Level.ERROR


@dataclass(frozen=True)
class Outcome:
    """The four-property check of one case file, not yet stored."""

    outcomes: list
    measured: dict  # {stored name: (sha256, size)}
    files_checked: int

    @property
    def passed(self):
        return not self.blocking

    @property
    def blocking(self):
        return [outcome for outcome in self.outcomes if outcome.blocks]

    def summary(self):
        """The reasons the case file cannot be sealed, in a sentence per failed check."""
        return [f"{outcome.check.label}：{'；'.join(outcome.problems)}" for outcome in self.blocking]


def run(case_file, today=None):
    """Run every check of :data:`CHECKS` on ``case_file``; reads each of its stored files once."""
    context = _context(case_file, today or timezone.localdate())
    outcomes = [CheckOutcome(check, list(_CHECKERS[check.code](context))) for check in CHECKS]
    return Outcome(outcomes, context.measured, len(context.facts) + len(context.versions))


@transaction.atomic
def keep(outcome, case_file, user, occasion):
    """Store ``outcome`` as a report kept with ``case_file``; returns the FourPropertyReport."""
    report = FourPropertyReport.objects.create(
        case_file=case_file,
        occasion=occasion,
        run_by=user,
        passed=outcome.passed,
        files_checked=outcome.files_checked,
    )
    FourPropertyResult.objects.bulk_create(
        FourPropertyResult(
            report=report,
            sort_order=order,
            code=item.check.code,
            category=item.check.category,
            level=item.check.level,
            label=str(item.check.label)[:200],
            clause=item.check.clause[:300],
            passed=item.passed,
            problems=item.problems,
        )
        for order, item in enumerate(outcome.outcomes)
    )
    return report
