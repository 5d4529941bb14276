from archive.models.checklists import ChecklistAlternative, ChecklistItem
from archive.models.codes import ArchivalCode, ArchivalCodeError, CodeCounter, assign_code, format_code
from archive.models.fixity import FixityFinding, FixityRun, ManifestEntry
from archive.models.four_property import FourPropertyReport, FourPropertyResult
from archive.models.submissions import Action, ArchivingEvent, ArchivingSubmission, State

__all__ = [
    "Action",
    "ArchivalCode",
    "ArchivalCodeError",
    "ArchivingEvent",
    "ArchivingSubmission",
    "ChecklistAlternative",
    "ChecklistItem",
    "CodeCounter",
    "FixityFinding",
    "FixityRun",
    "FourPropertyReport",
    "FourPropertyResult",
    "ManifestEntry",
    "State",
    "assign_code",
    "format_code",
]
