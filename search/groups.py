"""Kinds of document a search can be narrowed to, as data.

Each case document is searched as part of one group, by the page it is filed
under: a filing by its type, an evidence list, a judgment. The case's own
details (title, number, parties, the fields of its pages) form the first
group. A group's position is part of the index (changing the list needs
``search_index rebuild``).
"""

import functools
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from casefiles.models import FilingType


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    filing_types: tuple = ()
    # Relevance weight of a match in this group against one in a document.
    weight: float = 1.0


META = "meta"
OTHER = "other"

GROUPS = (
    Group(META, _("Case details"), weight=4.0),
    Group("complaint", _("Complaints and appeal petitions"), (FilingType.COMPLAINT, FilingType.APPEAL_PETITION)),
    Group(
        "court_notice",
        _("Court notices and summonses"),
        (FilingType.NOTICE_TO_RESPOND, FilingType.NOTICE_OF_EVIDENCE, FilingType.SUMMONS, FilingType.PROOF_OF_SERVICE),
    ),
    Group("defence", _("Statements of defence"), (FilingType.STATEMENT_OF_DEFENCE,)),
    Group("evidence", _("Evidence"), (FilingType.EVIDENCE_EXTENSION_REQUEST,)),
    Group(
        "appearance",
        _("Appearance papers"),
        (
            FilingType.REPRESENTATIVE_CERTIFICATE,
            FilingType.POWER_OF_ATTORNEY,
            FilingType.APPEARING_HEAD_CERTIFICATE,
            FilingType.HEAD_ABSENCE_EXPLANATION,
        ),
    ),
    Group("transcript", _("Hearing transcripts"), (FilingType.HEARING_TRANSCRIPT,)),
    Group("judgment", _("Judgments and rulings"), weight=1.5),
    Group(
        "recommendation",
        _("Recommendations and replies"),
        (
            FilingType.JUDICIAL_RECOMMENDATION,
            FilingType.PROCURATORIAL_RECOMMENDATION,
            FilingType.RECOMMENDATION_REPLY,
        ),
    ),
    Group(
        "report",
        _("Reports"),
        (FilingType.RISK_REPORT, FilingType.LOSS_ANALYSIS_REPORT, FilingType.CLOSING_REPORT, FilingType.APPEAL_OPINION),
    ),
    Group(OTHER, _("Other files"), (FilingType.OTHER,)),
)

KEYS = tuple(group.key for group in GROUPS)
BY_KEY = {group.key: group for group in GROUPS}
INDEX = {group.key: position for position, group in enumerate(GROUPS)}
_BY_FILING_TYPE = {filing_type: group.key for group in GROUPS for filing_type in group.filing_types}
# Page classes whose documents form a group of their own.
_BY_PAGE_CLASS = {"evidencelist": "evidence", "judgment": "judgment"}


def group_of_page(page):
    """The group key of documents filed under ``page`` (a specific case page), or OTHER."""
    if page is None:
        return OTHER
    filing_type = getattr(page, "filing_type", None)
    if filing_type:
        return _BY_FILING_TYPE.get(filing_type, OTHER)
    return _BY_PAGE_CLASS.get(type(page).__name__.lower(), OTHER)


@functools.lru_cache(maxsize=1 << len(GROUPS))
@functools.lru_cache(maxsize=4096)
def keys_of(mask):
    """The keys of the groups whose bits are set in ``mask`` (a frozenset)."""
    return frozenset(keys_in(mask))


@functools.lru_cache(maxsize=4096)
def keys_in(mask):
    """The keys of the groups whose bits are set in ``mask``, in the groups' order (a tuple)."""
    return tuple(key for index, key in enumerate(KEYS) if mask & (1 << index))


def label(key):
    return BY_KEY[key].label


def _check():
    every_type = set(FilingType.values)
    listed = [filing_type for group in GROUPS for filing_type in group.filing_types]
    assert len(listed) == len(set(listed)), "a filing type is in two groups"
    assert every_type == set(listed), f"filing types in no group: {every_type - set(listed)}"
    assert len(GROUPS) <= 16, "the index keeps a group in four bits"


_check()
