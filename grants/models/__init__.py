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
from .mail import MailDelivery
from .pages import GrantApplicationPage, GrantsPage
from .rounds import FundingRound, FundingRoundTranslation, RoundState

__all__ = [
    "TRANSITIONS",
    "ApplicationKind",
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
]
