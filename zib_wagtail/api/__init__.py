"""The project's APIs. Wagtail's classic API /api/v2/ lives in v2.py."""

from .v2 import api_router

__all__ = ["api_router"]
