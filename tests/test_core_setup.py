"""The shared core's opt-in site policy and settings: roles and locales by command (never by
migrations), configurable parent page types, the trusted-proxy setting, the system checks."""

import ast
import warnings
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import RequestFactory
from wagtail.models import GroupPagePermission, Locale, Workflow, WorkflowPage

from grants.models import GrantsPage
from projects.models import ProjectIndexPage
from zib_wagtail.core import checks, conf, roles
from zib_wagtail.core.clients import client_ip
from zib_wagtail.core.models import StandardPage

ROOT = Path(__file__).resolve().parents[1]
MIGRATION_FOLDERS = [
    "home/migrations",
    "projects/migrations",
    "grants/migrations",
    "zib_wagtail/core/migrations",
    "zib_wagtail/webhooks/migrations",
]


@pytest.mark.parametrize("folder", MIGRATION_FOLDERS)
def test_migrations_of_the_reusable_apps_run_no_code(folder):
    """`migrate` changes no site's groups, workflows or locales: only schema operations."""
    files = sorted((ROOT / folder).glob("0*.py"))
    assert len(files) == 1, "one initial migration per app while nothing is released"
    tree = ast.parse(files[0].read_text())
    called = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert not called & {"RunPython", "RunSQL"}


def _snapshot():
    return {
        group.name: (
            sorted(group.permissions.values_list("codename", flat=True)),
            sorted(
                GroupPagePermission.objects.filter(group=group).values_list(
                    "permission__codename", flat=True
                )
            ),
        )
        for group in Group.objects.filter(name__in=roles.GLOBAL_PERMISSIONS).order_by("name")
    }


@pytest.mark.django_db
def test_setup_roles_is_idempotent_and_repairs_changed_rights():
    before = _snapshot()
    assert set(before) == set(roles.GLOBAL_PERMISSIONS)
    redaktion = Group.objects.get(name=roles.REDAKTION)
    redaktion.permissions.clear()  # an admin removed them by hand
    call_command("zib_setup_roles", stdout=StringIO())
    call_command("zib_setup_roles", stdout=StringIO())
    assert _snapshot() == before
    assert Group.objects.filter(name=roles.REDAKTION).count() == 1


@pytest.mark.django_db
def test_setup_roles_assigns_the_workflow_and_retires_wagtails_default():
    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    assert WorkflowPage.objects.get(page__depth=1).workflow == workflow
    assert not Workflow.objects.get(name=roles.DEFAULT_WORKFLOW_NAME).active
    assert "publish_page" not in _snapshot()[roles.REDAKTION][1]
    assert "publish_page" in _snapshot()[roles.FREIGABE][1]


@pytest.mark.django_db
def test_setup_locales_creates_one_locale_per_content_language(settings):
    Locale.objects.exclude(language_code=settings.LANGUAGE_CODE).delete()
    out = StringIO()
    call_command("zib_setup_locales", stdout=out)
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert codes == set(conf.content_language_codes())
    call_command("zib_setup_locales", stdout=out)
    assert Locale.objects.count() == len(codes)
    assert "Locales created: none." in out.getvalue()


def _clear_page_type_caches(*models):
    for model in models:
        for attribute in ("_clean_parent_page_models", "_clean_subpage_models"):
            if attribute in model.__dict__:
                delattr(model, attribute)


@pytest.fixture
def page_type_caches():
    models = (StandardPage, ProjectIndexPage, GrantsPage)
    _clear_page_type_caches(*models)
    yield
    _clear_page_type_caches(*models)


def test_parent_page_types_default_to_the_home_page(page_type_caches):
    assert ProjectIndexPage.parent_page_types == ["home.HomePage"]
    assert GrantsPage.parent_page_types == ["home.HomePage"]
    # Also below the grants overview (the applicants' help), as the grants app is installed.
    assert StandardPage.parent_page_types == [
        "home.HomePage",
        "zib_core.StandardPage",
        "grants.GrantsPage",
    ]


def test_parent_page_types_follow_the_setting(settings, page_type_caches):
    settings.ZIB_PAGE_TYPES = {
        "projects.ProjectIndexPage": {"parent_page_types": ["zib_core.StandardPage"]},
        "zib_core.StandardPage": {"subpage_types": []},
    }
    assert ProjectIndexPage.parent_page_types == ["zib_core.StandardPage"]
    assert ProjectIndexPage.clean_parent_page_models() == [StandardPage]
    assert StandardPage.subpage_types == []
    assert GrantsPage.parent_page_types == ["home.HomePage"]  # not configured: the default


def test_trusted_proxy_count_and_its_deprecated_name(settings):
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.7")
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    del settings.ZIB_TRUSTED_PROXY_COUNT
    assert client_ip(request) == "127.0.0.1"
    settings.ZIB_GRANTS_TRUSTED_PROXY_COUNT = 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert client_ip(request) == "10.0.0.7"
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)
    settings.ZIB_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"


def test_editorial_gap_has_a_default(settings):
    del settings.ZIB_EDITORIAL_GAP
    assert str(conf.editorial_gap()) == "[von der Redaktion zu ergänzen]"


def test_check_names_a_missing_required_app(settings):
    apps = [app for app in settings.INSTALLED_APPS if app != "wagtail.contrib.search_promotions"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            checks.apps, "is_installed", lambda name: name in apps or name == "zib_wagtail.core"
        )
        errors = checks.check_required_apps(None)
    assert [error.id for error in errors] == ["zib_core.E001"]
    assert "wagtail.contrib.search_promotions" in errors[0].msg
    assert "'search'" in errors[0].msg


def test_check_warns_when_base_html_lacks_the_blocks(settings, tmp_path):
    (tmp_path / "base.html").write_text("<html><body>{% block content %}{% endblock %}</body>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    messages = checks.check_templates(None)
    assert [message.id for message in messages] == ["zib_core.W001"]
    assert "extra_css" in messages[0].msg and "extra_js" in messages[0].msg


def test_check_requires_the_context_processors(settings):
    options = {**settings.TEMPLATES[0]["OPTIONS"], "context_processors": []}
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": options}]
    ids = [message.id for message in checks.check_templates(None)]
    assert ids.count("zib_core.E002") == len(checks.CONTEXT_PROCESSORS)


def test_the_example_site_passes_every_check():
    assert checks.check_required_apps(None) == []
    assert checks.check_templates(None) == []
