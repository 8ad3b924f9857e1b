"""Settings of the reusable API app: neutral defaults (zib_wagtail/api/conf.py), the example
site's own values, and the content languages read through the core's conf."""

import re
from pathlib import Path

import pytest
from django.test import Client

from zib_wagtail.api import conf
from zib_wagtail.core.conf import content_language_codes

pytestmark = pytest.mark.django_db

API_APP = Path(conf.__file__).resolve().parent


def openapi_info():
    return Client().get("/api/v1/openapi.json").json()["info"]


def test_the_example_site_names_its_office(db):
    info = openapi_info()
    assert info["title"] == "ZIB Content API"
    assert info["description"].startswith("Content of the Zuwanderungs- und Integrationsbüro")
    assert info["version"] == "1"


def test_without_settings_title_and_description_are_neutral(settings):
    del settings.ZIB_API_TITLE
    del settings.ZIB_API_DESCRIPTION
    info = openapi_info()
    assert info["title"] == conf.DEFAULT_TITLE == "Content API"
    assert info["description"] == conf.DEFAULT_DESCRIPTION
    for name in ("ZIB", "Zuwanderung", "Saarbrücken"):
        assert name not in info["title"] + info["description"]


def test_a_site_sets_its_own_title_read_when_asked(settings):
    settings.ZIB_API_TITLE = "Inhalte der Stadt Neustadt"
    settings.ZIB_API_DESCRIPTION = "Für Portale."
    assert openapi_info()["title"] == "Inhalte der Stadt Neustadt"
    assert openapi_info()["description"] == "Für Portale."
    assert "Inhalte der Stadt Neustadt" in Client().get("/api/v1/docs/").content.decode()


def test_the_reusable_api_code_names_no_office():
    offending = [
        f"{path.relative_to(API_APP)}:{number}"
        for path in sorted(API_APP.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"Zuwanderung|Saarbr|\bZIB\b(?![_-])", line)
    ]
    assert offending == []


def test_locale_parameters_are_the_content_languages(db):
    document = Client().get("/api/v1/openapi.json").json()
    parameters = document["paths"]["/api/v1/pages/"]["get"]["parameters"]
    (locale,) = [parameter for parameter in parameters if parameter["name"] == "locale"]
    enum = next(option["enum"] for option in locale["schema"]["anyOf"] if "enum" in option)
    assert enum == content_language_codes()
    for path in API_APP.rglob("*.py"):
        assert "settings.WAGTAIL_CONTENT_LANGUAGES" not in path.read_text(), path
