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
from .mail import MailDelivery
from .pages import GrantApplicationPage, GrantsPage
from .rounds import FundingRound, FundingRoundTranslation, RoundState
from .tokens import SubmissionToken

__all__ = [
    "TRANSITIONS",
    "ApplicationKind",
    "ApplicationMessage",
    "ApplicationStatus",
    "FundingRound",
    "FundingRoundTranslation",
    "GrantApplication",
    "GrantApplicationPage",
    "GrantAttachment",
    "GrantsPage",
    "LegalForm",
    "MailDelivery",
    "ReferenceCounter",
    "RoundState",
    "StatusChange",
    "SubmissionToken",
    "StatusLink",
]
