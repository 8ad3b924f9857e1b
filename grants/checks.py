from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_private_root(app_configs, **kwargs):
    """Attachments must have a private home that no static or media URL serves."""
    root = getattr(settings, "ZIB_GRANTS_PRIVATE_ROOT", None)
    if not root:
        return [
            Error(
                "ZIB_GRANTS_PRIVATE_ROOT is not set.",
                hint="Set it to a folder outside MEDIA_ROOT, e.g. BASE_DIR / 'private'.",
                id="grants.E001",
            )
        ]
    root = Path(root).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, name, None)
        if public and root.is_relative_to(Path(public).resolve()):
            errors.append(
                Error(
                    f"ZIB_GRANTS_PRIVATE_ROOT lies inside {name}, so attachments would be public.",
                    id="grants.E002",
                )
            )
    return errors
