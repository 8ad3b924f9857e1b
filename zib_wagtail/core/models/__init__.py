from .office import OfficeSettings, OfficeSettingsTranslation
from .pages import BasePage, StandardPage
from .snippets import District, Partner, Topic

__all__ = [
    "BasePage",
    "District",
    "OfficeSettings",
    "OfficeSettingsTranslation",
    "Partner",
    "StandardPage",
    "Topic",
]
