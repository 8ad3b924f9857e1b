from django.core.checks import Error, register


@register()
def check_content_api_builds(app_configs, **kwargs):
    """Build /api/v1/ and its OpenAPI document, so that a model's `api_fields` entry whose type
    cannot be derived is reported here with its message (the HTML site is not affected)."""
    try:
        from .v1.app import api

        api.get_openapi_schema()
    except Exception as exc:  # any cause: the message names the model and field
        return [
            Error(
                f"The content API /api/v1/ cannot be built: {exc}",
                hint="Fix the model's api_fields (docs/api.md → Types).",
                id="zib_api.E001",
            )
        ]
    return []
