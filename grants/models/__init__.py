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
from .financing import CostCategory, CostLine, FundingStatus, IncomeKind, IncomeLine
from .mail import MailDelivery
from .pages import GrantApplicationPage, GrantsPage
from .questions import QuestionType, RoundQuestion
from .rounds import FundingRound, FundingRoundTranslation, RoundState
from .tokens import SubmissionToken

__all__ = [
    "TRANSITIONS",
    "ApplicationKind",
    "ApplicationMessage",
    "ApplicationStatus",
    "CostCategory",
    "CostLine",
    "FundingRound",
    "FundingRoundTranslation",
    "FundingStatus",
    "GrantApplication",
    "GrantApplicationPage",
    "GrantAttachment",
    "GrantsPage",
    "IncomeKind",
    "IncomeLine",
    "LegalForm",
    "MailDelivery",
    "QuestionType",
    "ReferenceCounter",
    "RoundQuestion",
    "RoundState",
    "StatusChange",
    "SubmissionToken",
    "StatusLink",
]
