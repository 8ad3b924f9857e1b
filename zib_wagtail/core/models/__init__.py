from .office import OfficeSettings
from .pages import BasePage, StandardPage
from .snippets import District, Partner, Topic

__all__ = ["BasePage", "District", "OfficeSettings", "Partner", "StandardPage", "Topic"]
