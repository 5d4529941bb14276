from .access_log import AccessAction, AccessLogEntry
from .agencies import (
    Agency,
    AgencyMembership,
    AgencyRoleGroup,
    add_member,
    ensure_agency,
    sync_role_group_permissions,
    sync_user_groups,
)
from .assignments import Assignment, assign_handling_unit
from .calendar import CalendarDay, CalendarYear
from .case_deadlines import CaseDeadline, recompute_deadlines
from .documents import CaseDocument, CaseDocumentVersion, ExtractionStatus, FileType
from .events import CaseEvent, CaseEventKind, Hearing, HearingAgent, record_event, record_hearing
from .feeds import DeadlineFeedToken
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
from .reminders import DeadlineReminder
from .rule_profiles import DeadlineRule, RuleProfile
from .vocabularies import Cause, Court

__all__ = [
    "AccessAction",
    "AccessLogEntry",
    "Assignment",
    "assign_handling_unit",
    "CaseDeadline",
    "CaseEvent",
    "CaseEventKind",
    "Hearing",
    "HearingAgent",
    "recompute_deadlines",
    "record_event",
    "record_hearing",
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
    "DeadlineFeedToken",
    "DeadlineReminder",
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
