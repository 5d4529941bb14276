"""Nominating a concluded case file as a typical case, and drafting its page from the case data.

The draft follows the usual structure of a published typical case: a title
(plaintiff 诉 defendant + cause, the parties masked), keywords, the facts
(基本案情), the outcome (裁判结果) and the significance (典型意义), with the cause,
year and court level, prefilled from the case file and its documents' text for
people to edit. Its judgment text is the decisive judgment's extracted text;
everything is redacted before anything is published (archive.typical.redacting).
"""

import re
import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from archive.models.typical import Nomination, TypicalCaseLibraryPage, TypicalCasePage
from archive.typical import redacting, redaction
from casefiles import access, outcomes
from casefiles.models import Filing, FilingType, Instance, Judgment, Party
from ocr.runs import current_pages

EXCERPT_CHARS = 600
OUTCOME_MARKERS = ("判决如下", "裁定如下", "调解协议如下")
# A line at least this share of the page's longest line was wrapped by the layout, not ended.
WRAPPED_LINE_SHARE = 0.85


def _width(line):
    """A line's printed width in CJK character widths: Latin letters and digits are about half as wide."""
    return sum(1 if unicodedata.east_asian_width(char) in "WF" else 0.55 for char in line)


def reflow(text):
    """Join the lines a page layout wrapped, so a name or a number is never split across two lines.

    A line starts a new paragraph when it is indented (a court document's
    full-width indent) or when the line before it is clearly short of the
    page's line length (a heading, a signature, a paragraph's last line).
    """
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    full = max(map(_width, lines))
    paragraphs = [lines[0].strip()]
    for previous, line in zip(lines, lines[1:], strict=False):
        indented = line[:1] in ("\u3000", " ", "\t")
        if indented or _width(previous) < full * WRAPPED_LINE_SHARE:
            paragraphs.append(line.strip())
        else:
            paragraphs[-1] += line.strip()
    return "\n".join(paragraphs)


def document_text(page):
    """The extracted text of the files filed under a case page, reflowed, pages joined."""
    texts = []
    for document in page.case_documents.order_by("pk"):
        texts.extend(reflow(text.text) for text in current_pages(document) if text.text.strip())
    return "\n\n".join(texts)


def _tidy(text):
    return re.sub(r"[ \t\u3000]+", "", re.sub(r"\n{3,}", "\n\n", text)).strip()


def _excerpt(text, start=0, limit=EXCERPT_CHARS):
    text = _tidy(text[start:])
    if len(text) <= limit:
        return text
    cut = max(text.rfind("。", 0, limit), text.rfind("\n", 0, limit))
    return text[: cut + 1 if cut > limit // 2 else limit]


def _names(parties, role):
    names = []
    for party in parties:
        if party.role != role:
            continue
        if party.kind == Party.Kind.AGENCY:
            names.append(party.agency.name if party.agency_id else party.name)
        elif party.kind == Party.Kind.PERSON:
            names.append(redaction.mask_person_name(party.name))
        else:
            names.append(redaction.mask_company_name(party.name))
    return "、".join(names)


def _decisive_judgment(case_file):
    return outcomes.decisive_judgment(Judgment.objects.child_of(case_file))


def _facts(case_file, plaintiffs, defendants):
    facts = _(
        "Plaintiff %(plaintiffs)s disagreed with an administrative act of defendant %(defendants)s"
        " and sued in %(court)s."
    ) % {
        "plaintiffs": plaintiffs,
        "defendants": defendants,
        "court": case_file.court.name,
    }
    complaint = Filing.objects.child_of(case_file).filter(filing_type=FilingType.COMPLAINT).first()
    text = document_text(complaint) if complaint else ""
    return facts + ("\n\n" + _excerpt(text) if text else "")


def _outcome(case_file, judgment, text):
    if judgment is None:
        return _("%(court)s decided the case.") % {"court": case_file.court.name}
    outcome = _("After hearing the case, %(court)s decided: %(result)s.") % {
        "court": case_file.court.name,
        "result": judgment.get_result_display(),
    }
    if judgment.result_detail:
        outcome += "\n\n" + judgment.result_detail.strip()
    else:
        starts = [text.find(marker) for marker in OUTCOME_MARKERS if marker in text]
        if starts:
            outcome += "\n\n" + _excerpt(text, min(starts), EXCERPT_CHARS // 2)
    return outcome


def _significance(case_file, judgment):
    if judgment is not None and outcomes.is_loss(judgment.result):
        return _(
            "The agency lost this %(cause)s case. It shows what administrative acts in such cases must observe: "
            "lawful authority, sufficient evidence and due procedure. (To be completed by the editors.)"
        ) % {"cause": case_file.cause.name}
    return _(
        "In this %(cause)s case the agency acted within its authority, on sufficient evidence and by due "
        "procedure, and the court upheld it. (To be completed by the editors.)"
    ) % {"cause": case_file.cause.name}


def draft_fields(case_file):
    """The prefilled fields of a typical case drafted from ``case_file``."""
    parties = list(case_file.parties.select_related("agency"))
    plaintiffs, defendants = _names(parties, Party.Role.PLAINTIFF), _names(parties, Party.Role.DEFENDANT)
    judgment = _decisive_judgment(case_file)
    judgment_text = document_text(judgment) if judgment else ""
    day = judgment and (judgment.date_effective or judgment.date_served)
    year = day.year if day else (case_file.case_year or case_file.date_received.year)
    keywords = [case_file.cause.name, Instance(case_file.instance).label]
    if judgment is not None:
        keywords.append(judgment.get_result_display())
    return {
        "title": _("%(plaintiffs)s v. %(defendants)s (%(cause)s)")
        % {
            "plaintiffs": plaintiffs,
            "defendants": defendants,
            "cause": case_file.cause.name,
        },
        "keywords": "、".join(str(word) for word in keywords),
        "cause": case_file.cause.name,
        "year": year,
        "court_level": case_file.court.level,
        "instance": case_file.instance,
        "facts": _facts(case_file, plaintiffs, defendants),
        "outcome": _outcome(case_file, judgment, judgment_text),
        "significance": _significance(case_file, judgment),
        "judgment_text": judgment_text,
    }


def library():
    page = TypicalCaseLibraryPage.objects.first()
    if page is None:
        raise ValidationError(_("There is no typical-case library to draft into."))
    return page


@transaction.atomic
def nominate(case_file, user, reason):
    """Nominate ``case_file`` and draft its typical case; returns the Nomination."""
    if not access.can_nominate(user, case_file):
        raise PermissionDenied(_("Only the justice bureau or the handling unit nominates a concluded case file."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why this case is typical."))
    existing = Nomination.objects.filter(case_file=case_file).select_related("page").first()
    if existing is not None:
        raise ValidationError(_("This case file was nominated already: %(title)s.") % {"title": existing.page.title})
    fields = draft_fields(case_file)
    page = TypicalCasePage(
        source_case_file=case_file, slug=f"{fields['year']}-{case_file.pk}", live=False, owner=user, **fields
    )
    library().add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    nomination = Nomination.objects.create(case_file=case_file, page=page, nominated_by=user, reason=reason)
    redacting.scan(page)
    return nomination
