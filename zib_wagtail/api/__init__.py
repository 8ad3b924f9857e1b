"""The project's APIs: its own content-delivery API /api/v1/ (django-ninja, OpenAPI) and
Wagtail's classic API /api/v2/ (DRF). Both read the same `api_fields` of the models.

A site mounts both with one include: ``path("api/", include("zib_wagtail.api.urls"))``.
"""
