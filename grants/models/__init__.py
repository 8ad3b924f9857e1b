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
from .rounds import FundingRound, RoundState

__all__ = [
    "TRANSITIONS",
    "ApplicationKind",
    "ApplicationStatus",
    "FundingRound",
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
