from archive.models.borrowing import Borrowing, BorrowingAction, BorrowingEvent, BorrowingState
from archive.models.checklists import ChecklistAlternative, ChecklistItem
from archive.models.codes import ArchivalCode, ArchivalCodeError, CodeCounter, assign_code, format_code
from archive.models.evaluation import (
    Campaign,
    CampaignFile,
    Evaluation,
    EvaluationEvent,
    ItemScore,
    Rectification,
    Rubric,
    RubricItem,
)
from archive.models.fixity import FixityFinding, FixityRun, ManifestEntry
from archive.models.four_property import FourPropertyReport, FourPropertyResult
from archive.models.selection import Candidate, PanelScore, Selection, SelectionState
from archive.models.submissions import Action, ArchivingEvent, ArchivingSubmission, State, is_archived
from archive.models.typical import (
    CollectionEntry,
    Nomination,
    PublicHomePage,
    RedactionItem,
    RedactionReview,
    TypicalCaseCollectionPage,
    TypicalCaseLibraryPage,
    TypicalCasePage,
    TypicalCaseReviewTask,
)
from archive.models.volumes import Part, Volume, VolumeFile, VolumeState

__all__ = [
    "Candidate",
    "PanelScore",
    "Selection",
    "SelectionState",
    "CollectionEntry",
    "Nomination",
    "PublicHomePage",
    "RedactionItem",
    "RedactionReview",
    "TypicalCaseCollectionPage",
    "TypicalCaseLibraryPage",
    "TypicalCasePage",
    "TypicalCaseReviewTask",
    "Campaign",
    "CampaignFile",
    "Evaluation",
    "EvaluationEvent",
    "ItemScore",
    "Rectification",
    "Rubric",
    "RubricItem",
    "Action",
    "ArchivalCode",
    "ArchivalCodeError",
    "ArchivingEvent",
    "ArchivingSubmission",
    "Borrowing",
    "BorrowingAction",
    "BorrowingEvent",
    "BorrowingState",
    "ChecklistAlternative",
    "ChecklistItem",
    "CodeCounter",
    "Part",
    "FixityFinding",
    "FixityRun",
    "FourPropertyReport",
    "FourPropertyResult",
    "ManifestEntry",
    "State",
    "Volume",
    "VolumeFile",
    "VolumeState",
    "assign_code",
    "format_code",
    "is_archived",
]
