from .agencies import (
    Agency,
    AgencyMembership,
    AgencyRoleGroup,
    add_member,
    ensure_agency,
    sync_role_group_permissions,
    sync_user_groups,
)
from .calendar import CalendarDay, CalendarYear
from .documents import CaseDocument, CaseDocumentVersion, ExtractionStatus, FileType
from .grants import CaseFileGroupGrant, CaseFileUserGrant, GrantSource
from .pages import (
    CaseFile,
    CaseLibrary,
    EvidenceItem,
    EvidenceList,
    Filing,
    FilingType,
    Instance,
    Judgment,
    Party,
)
from .rule_profiles import DeadlineRule, RuleProfile
from .vocabularies import Cause, Court

__all__ = [
    "Agency",
    "add_member",
    "ensure_agency",
    "AgencyMembership",
    "AgencyRoleGroup",
    "CalendarDay",
    "CalendarYear",
    "CaseDocument",
    "CaseDocumentVersion",
    "CaseFile",
    "CaseFileGroupGrant",
    "CaseFileUserGrant",
    "CaseLibrary",
    "Cause",
    "Court",
    "DeadlineRule",
    "EvidenceItem",
    "EvidenceList",
    "ExtractionStatus",
    "FileType",
    "Filing",
    "FilingType",
    "GrantSource",
    "Instance",
    "Judgment",
    "Party",
    "RuleProfile",
    "sync_role_group_permissions",
    "sync_user_groups",
]
