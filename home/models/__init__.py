from .pages import HomePage, HomePageFeaturedProject

__all__ = ["HomePage", "HomePageFeaturedProject"]
