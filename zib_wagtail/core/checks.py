"""System checks for what the apps truly need from the site that installs them."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Warning, register
from django.template import TemplateDoesNotExist, loader
from django.template.loader_tags import BlockNode

#: Apps each of the distribution's apps needs beside it (by app label → module names).
REQUIRED_APPS = {
    "zib_core": [
        "wagtail",
        "wagtail.contrib.settings",
        "wagtail.snippets",
        "wagtail.images",
        "wagtail.documents",
        "modelcluster",
    ],
    "home": ["zib_wagtail.core", "projects", "grants"],
    "projects": ["zib_wagtail.core"],
    "grants": ["zib_wagtail.core", "wagtail.contrib.routable_page"],
    "search": ["zib_wagtail.core", "wagtail.contrib.search_promotions"],
    "zib_api": [
        "zib_wagtail.core",
        "grants",
        "search",
        "zib_wagtail.webhooks",
        "wagtail.api.v2",
        "rest_framework",
        "ninja",
        "corsheaders",
    ],
    "zib_webhooks": ["zib_wagtail.core", "zib_wagtail.api"],
    "zib_caching": ["zib_wagtail.core"],
}

#: The blocks of `base.html` the apps' page templates fill: those of `wagtail start`'s base.html.
BASE_TEMPLATE_BLOCKS = ("title", "extra_css", "content", "extra_js")
CONTEXT_PROCESSORS = (
    "django.template.context_processors.request",
    "wagtail.contrib.settings.context_processors.settings",
)


@register()
def check_required_apps(app_configs, **kwargs):
    errors = []
    for label, required in REQUIRED_APPS.items():
        if label not in apps.app_configs:
            continue
        missing = [name for name in required if not apps.is_installed(name)]
        if missing:
            errors.append(
                Error(
                    f"The app {label!r} needs {', '.join(missing)} in INSTALLED_APPS.",
                    hint="See the installation section of the zib-wagtail README.",
                    id="zib_core.E001",
                )
            )
    return errors


@register()
def check_translations_start_as_drafts(app_configs, **kwargs):
    """wagtail-localize publishes a new translation of a live page unless told otherwise, which
    would let a translator publish by clicking „Übersetzen“."""
    if apps.is_installed("wagtail_localize") and getattr(
        settings, "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE", True
    ):
        return [
            Warning(
                "New translations of live pages are published at once.",
                hint="Set WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False so that "
                "translations go live only through the moderation workflow.",
                id="zib_core.W002",
            )
        ]
    return []


@register()
def check_templates(app_configs, **kwargs):
    """`base.html` with the blocks the apps fill, and the context processors they read."""
    messages = []
    processors = {
        name
        for engine in settings.TEMPLATES
        if engine["BACKEND"] == "django.template.backends.django.DjangoTemplates"
        for name in engine.get("OPTIONS", {}).get("context_processors", [])
    }
    for name in CONTEXT_PROCESSORS:
        if name not in processors:
            messages.append(
                Error(
                    f"The context processor {name!r} is missing from TEMPLATES.",
                    hint="The apps' templates read the request and the site settings.",
                    id="zib_core.E002",
                )
            )
    try:
        template = loader.get_template("base.html")
    except TemplateDoesNotExist:
        return [
            *messages,
            Error(
                "There is no template „base.html“ for the apps' pages to extend.",
                hint=f"Provide one with the blocks {', '.join(BASE_TEMPLATE_BLOCKS)}.",
                id="zib_core.E003",
            ),
        ]
    nodes = getattr(getattr(template, "template", None), "nodelist", None)
    if nodes is not None:
        defined = {node.name for node in nodes.get_nodes_by_type(BlockNode)}
        missing = [block for block in BASE_TEMPLATE_BLOCKS if block not in defined]
        if missing and not _extends(nodes):
            messages.append(
                Warning(
                    f"base.html has no block {', '.join(missing)}; "
                    "the apps' pages put their content, styles and scripts there.",
                    id="zib_core.W001",
                )
            )
    return messages


def _extends(nodes):
    from django.template.loader_tags import ExtendsNode

    return bool(nodes.get_nodes_by_type(ExtendsNode))
