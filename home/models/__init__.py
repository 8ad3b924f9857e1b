from .office import OfficeSettings
from .pages import BasePage, HomePage, HomePageFeaturedProject, StandardPage
from .partners import Partner

__all__ = [
    "BasePage",
    "HomePage",
    "HomePageFeaturedProject",
    "OfficeSettings",
    "Partner",
    "StandardPage",
]
