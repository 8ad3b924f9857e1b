"""The project's APIs: its own content-delivery API /api/v1/ (django-ninja, OpenAPI) and
Wagtail's classic API /api/v2/ (DRF). Both read the same `api_fields` of the models."""

from .v1 import api as api_v1
from .v2 import api_router

__all__ = ["api_router", "api_v1"]
