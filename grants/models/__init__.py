from .applications import (
    TRANSITIONS,
    ApplicationKind,
    ApplicationStatus,
    GrantApplication,
    GrantAttachment,
    LegalForm,
    ReferenceCounter,
    StatusChange,
)
from .correspondence import ApplicationMessage, StatusLink
from .decisions import DecisionLetter, DecisionLetterTemplate, LetterKind
from .drafts import ApplicationDraft, DraftFile
from .financing import CostCategory, CostLine, FundingStatus, IncomeKind, IncomeLine
from .mail import MailDelivery
from .pages import GrantApplicationPage, GrantsPage
from .privacy import AccessLog, DeletionRequest
from .questions import QuestionType, RoundQuestion
from .reviews import InternalComment, Review, ReviewAssignment, ReviewCriterion, ReviewScore
from .rounds import FundingRound, FundingRoundTranslation, RoundState
from .tokens import SubmissionToken

__all__ = [
    "TRANSITIONS",
    "AccessLog",
    "DeletionRequest",
    "ApplicationDraft",
    "ApplicationKind",
    "ApplicationMessage",
    "ApplicationStatus",
    "CostCategory",
    "CostLine",
    "DecisionLetter",
    "DecisionLetterTemplate",
    "DraftFile",
    "FundingRound",
    "FundingRoundTranslation",
    "FundingStatus",
    "GrantApplication",
    "GrantApplicationPage",
    "GrantAttachment",
    "GrantsPage",
    "IncomeKind",
    "IncomeLine",
    "InternalComment",
    "LegalForm",
    "LetterKind",
    "MailDelivery",
    "QuestionType",
    "ReferenceCounter",
    "Review",
    "ReviewAssignment",
    "ReviewCriterion",
    "ReviewScore",
    "RoundQuestion",
    "RoundState",
    "StatusChange",
    "SubmissionToken",
    "StatusLink",
]
