"""Redacting a typical case (脱敏) before it is published: find, review, apply.

1. :func:`scan` reads the draft's public texts (TypicalCasePage.PUBLIC_FIELDS,
   from its latest revision) and records each distinct text to replace as a
   :class:`RedactionItem`, pending: the case file's own parties first, then the
   patterns of :mod:`archive.typical.redaction` (法释〔2016〕19号 第八–十条).
2. A reviewer accepts or rejects each item (:func:`decide`) and adds what the
   scan missed (:func:`add`).
3. :func:`apply` writes every accepted replacement into a new revision of the
   draft, scans the result again (anything new is pending again) and keeps the
   digest of the redacted texts.

A page goes live only when its texts are exactly those redacted texts and no
item is pending (:func:`publication_refusal`); TypicalCasePage.full_clean
asks this whenever a page is being published, whatever the path.
"""

import dataclasses
import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import WorkflowState

from archive.models.typical import RedactionItem, RedactionReview, TypicalCasePage
from archive.typical import redaction
from casefiles import access

CONTEXT_CHARS = 12
CONTEXTS_KEPT = 3


def _normalised(text):
    # A browser sends a textarea's line ends as CRLF and forms strip the ends: neither changes what is published.
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def digest(texts):
    """SHA-256 of a page's public texts (a dict of field name → text), line ends and outer spaces aside."""
    normalised = {field: _normalised(text) for field, text in texts.items()}
    return hashlib.sha256(json.dumps(normalised, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def known_parties(page):
    """The parties of the case file the typical case was drafted from: the first source of names."""
    case_file = page.source_case_file
    if case_file is None:
        return []
    return [
        redaction.KnownParty(name=party.name, kind=party.kind)
        for party in case_file.parties.all()
        if party.name and party.kind != "agency"
    ]


def review_of(page):
    review, _created = RedactionReview.objects.get_or_create(page=page)
    return review


def draft_of(page):
    """The page as its latest revision holds it (read afresh): what editors and reviewers work on."""
    page = TypicalCasePage.objects.get(pk=page.pk)
    return page.get_latest_revision_as_object() if page.latest_revision_id else page


def under_review(page):
    """The page as the revision its review workflow is at holds it (else its latest draft)."""
    task_state = TypicalCasePage.objects.get(pk=page.pk).current_workflow_task_state
    return task_state.revision.as_object() if task_state is not None else draft_of(page)


def _found(texts, parties):
    """{original: [Replacement, …]} over the public texts, each with the field it was found in."""
    found = {}
    for field, text in texts.items():
        for replacement in redaction.find_replacements(text, parties):
            if replacement.original.strip() and replacement.original != replacement.replacement:
                found.setdefault(replacement.original, []).append((field, text, replacement))
    return found


def _contexts(occurrences):
    return [
        {
            "field": field,
            "before": text[max(0, r.start - CONTEXT_CHARS) : r.start],
            "after": text[r.end : r.end + CONTEXT_CHARS],
        }
        for field, text, r in occurrences[:CONTEXTS_KEPT]
    ]


def _record(review, texts, parties):
    """Bring the review's items up to date with what the texts hold now; new finds are pending."""
    found = _found(texts, parties)
    items = {item.original: item for item in review.items.all()}
    for original, occurrences in found.items():
        first = occurrences[0][2]
        item = items.get(original)
        if item is None:
            RedactionItem.objects.create(
                review=review,
                original=original[:200],
                replacement=first.replacement[:200],
                rule=first.rule,
                source=first.source,
                contexts=_contexts(occurrences),
                occurrences=len(occurrences),
            )
        else:
            item.contexts, item.occurrences, item.applied = _contexts(occurrences), len(occurrences), False
            item.save(update_fields=["contexts", "occurrences", "applied"])
    # What a scan found once and no longer finds (the text was edited) needs no decision.
    review.items.filter(decision=RedactionItem.Decision.PENDING, manual=False).exclude(
        original__in=list(found)
    ).delete()
    for item in review.items.filter(manual=True):
        count = sum(text.count(item.original) for text in texts.values())
        if count != item.occurrences:
            item.occurrences = count
            item.save(update_fields=["occurrences"])


def _check_reviewer(user):
    if not access.can_manage_typical_cases(user):
        raise PermissionDenied(_("Only the justice bureau's supervisors redact typical cases."))


@transaction.atomic
def scan(page, user=None):
    """Find what to redact in the draft's texts; returns the review."""
    if user is not None:
        _check_reviewer(user)
    review = review_of(page)
    RedactionReview.objects.select_for_update().filter(pk=review.pk).first()
    _record(review, draft_of(page).public_texts(), known_parties(page))
    review.scanned_at = timezone.now()
    review.save(update_fields=["scanned_at"])
    return review


@transaction.atomic
def decide(item, user, decision, replacement=None):
    """Accept (optionally with another replacement) or reject one item."""
    _check_reviewer(user)
    if decision not in (RedactionItem.Decision.ACCEPTED, RedactionItem.Decision.REJECTED):
        raise ValidationError(_("Choose accept or reject."))
    if replacement is not None:
        replacement = replacement.strip()
        if not replacement or replacement == item.original:
            raise ValidationError(_("The replacement must differ from the original text."))
        item.replacement = replacement[:200]
    item.decision, item.decided_by, item.decided_at = decision, user, timezone.now()
    item.save(update_fields=["decision", "replacement", "decided_by", "decided_at"])
    return item


@transaction.atomic
def add(page, user, original, replacement):
    """A replacement the scan missed, added by a reviewer (accepted as added)."""
    _check_reviewer(user)
    original, replacement = (original or "").strip(), (replacement or "").strip()
    if not original:
        raise ValidationError(_("Give the text to replace."))
    if len(original) > 200 or len(replacement) > 200:
        raise ValidationError(_("A replacement covers at most 200 characters."))
    if original == replacement:
        raise ValidationError(_("The replacement must differ from the original text."))
    texts = draft_of(page).public_texts()
    count = sum(text.count(original) for text in texts.values())
    if not count:
        raise ValidationError(_("「%(text)s」 is not in the typical case's texts.") % {"text": original})
    review = review_of(page)
    item, _created = RedactionItem.objects.update_or_create(
        review=review,
        original=original,
        defaults={
            "replacement": replacement or "×××",
            "rule": "manual",
            "source": "",
            "manual": True,
            "occurrences": count,
            "decision": RedactionItem.Decision.ACCEPTED,
            "decided_by": user,
            "decided_at": timezone.now(),
            "applied": False,
        },
    )
    return item


def _redacted(text, parties, accepted):
    """``text`` with every accepted replacement made: at the offsets the scan finds, then wherever else it stands."""
    found = redaction.find_replacements(text, parties)
    text = redaction.apply(
        text, [dataclasses.replace(r, replacement=accepted[r.original]) for r in found if r.original in accepted]
    )
    for original in sorted(accepted, key=len, reverse=True):
        text = text.replace(original, accepted[original])
    return text


@transaction.atomic
def apply(page, user):
    """Write the accepted replacements into a new revision of the draft; returns the review."""
    _check_reviewer(user)
    review = review_of(page)
    RedactionReview.objects.select_for_update().filter(pk=review.pk).first()
    pending = review.pending().count()
    if pending:
        raise ValidationError(
            ngettext(
                "%(count)d redaction has not been reviewed yet.",
                "%(count)d redactions have not been reviewed yet.",
                pending,
            )
            % {"count": pending}
        )
    accepted = dict(
        review.items.filter(decision=RedactionItem.Decision.ACCEPTED).values_list("original", "replacement")
    )
    parties = known_parties(page)
    draft = draft_of(page)
    texts = draft.public_texts()
    redacted = {field: _redacted(text, parties, accepted) for field, text in texts.items()}
    if redacted != texts:
        for field, text in redacted.items():
            setattr(draft, field, text or ("" if field != "title" else texts[field]))
        draft.save_revision(user=user, log_action=True)
    review.items.filter(decision=RedactionItem.Decision.ACCEPTED).update(applied=True)
    _record(review, draft.public_texts(), parties)
    review.digest = digest(draft.public_texts())
    review.applied_at, review.applied_by = timezone.now(), user
    review.scanned_at = review.applied_at
    review.save(update_fields=["digest", "applied_at", "applied_by", "scanned_at"])
    return review


def redaction_refusal(page):
    """Why ``page``'s texts may not be made public yet, or ''."""
    review = RedactionReview.objects.filter(page_id=page.pk).first()
    if review is None or not review.digest:
        return _("The typical case has not been redacted yet.")
    pending = review.pending().count()
    if pending:
        return ngettext(
            "%(count)d redaction has not been reviewed yet.",
            "%(count)d redactions have not been reviewed yet.",
            pending,
        ) % {"count": pending}
    if digest(page.public_texts()) != review.digest:
        return _("The texts changed after they were redacted: scan and apply the redaction again.")
    return ""


def workflow_refusal(page):
    """'' when the revision going live is the one the review workflow approved."""
    approved = WorkflowState.objects.for_instance(page).filter(
        status=WorkflowState.STATUS_APPROVED, current_task_state__revision_id=page.live_revision_id
    )
    if page.live_revision_id and approved.exists():
        return ""
    return _("A typical case is published only when the justice bureau's review approves it.")


def publication_refusal(page, workflow_checked=True):
    """Why ``page`` (as it would go live) may not be published, or ''."""
    return redaction_refusal(page) or (workflow_refusal(page) if workflow_checked else "")


def is_being_published(page):
    """Is this save of ``page`` the one that makes a revision live?"""
    if not page.live or page.pk is None:
        return False
    before = TypicalCasePage.objects.filter(pk=page.pk).values("live", "live_revision_id").first()
    return before is None or not before["live"] or before["live_revision_id"] != page.live_revision_id


def report(page):
    """The redaction report of a typical case, as plain text: every replacement, its rule and its decision."""
    review = RedactionReview.objects.filter(page_id=page.pk).first()
    items = list(review.items.select_related("decided_by")) if review else []
    counts = {decision: sum(item.decision == decision for item in items) for decision in RedactionItem.Decision}
    lines = [
        _("Typical case: %(title)s") % {"title": page.title},
        _("Public address: %(url)s") % {"url": page.full_url} if page.live else _("Not published."),
        _("%(total)d redactions: %(accepted)d accepted, %(rejected)d rejected, %(pending)d not yet reviewed.")
        % {
            "total": len(items),
            "accepted": counts[RedactionItem.Decision.ACCEPTED],
            "rejected": counts[RedactionItem.Decision.REJECTED],
            "pending": counts[RedactionItem.Decision.PENDING],
        },
    ]
    for item in items:
        who = item.decided_by.get_full_name() or item.decided_by.username if item.decided_by else ""
        when = timezone.localtime(item.decided_at).strftime("%Y-%m-%d") if item.decided_at else ""
        lines.append(
            _("  %(original)s → %(replacement)s  [%(rule)s; %(source)s]  %(count)d×  %(decision)s %(who)s %(when)s")
            % {
                "original": item.original,
                "replacement": item.replacement,
                "rule": item.rule_label,
                "source": item.source or "—",
                "count": item.occurrences,
                "decision": item.get_decision_display(),
                "who": who,
                "when": when,
            }
        )
    return "\n".join(lines)
