"""`zib-wagtail start NAME` makes a site that migrates, passes its checks and answers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
#: The child processes get their settings from the new project's manage.py, not from here.
ENV = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH"}}

REQUESTS = """
import json, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from home.models import HomePage
from wagtail.models import Page, Site

setup_test_environment()
client = Client()
answers = {"welcome": client.get("/").status_code}
root = Page.get_first_root_node()
home = HomePage(title="Democity", slug="democity", intro="<p>Willkommen.</p>")
root.add_child(instance=home)
Site.objects.update(root_page=home)
page = client.get("/")
answers.update(
    home=page.status_code,
    chrome="site-header" in page.content.decode(),
    login=client.get("/admin/login/").status_code,
    search=client.get("/suche/", {"q": "Democity"}).status_code,
    api=client.get("/api/v1/pages/").status_code,
)
print(json.dumps(answers))
"""


def run(*args, cwd, **env):
    result = subprocess.run(
        args, cwd=cwd, env={**ENV, **env}, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("start")
    output = run(BIN / "zib-wagtail", "start", "democity", cwd=folder)
    assert "python manage.py zib_setup_locales" in output
    assert "python manage.py zib_setup_roles" in output
    return folder / "democity"


def test_the_project_has_no_home_or_search_app_of_its_own(project):
    names = {path.relative_to(project).as_posix() for path in project.rglob("*")}
    assert {
        ".gitignore",
        "manage.py",
        "democity/settings.py",
        "democity/urls.py",
        "democity/wsgi.py",
        "democity/templates/base.html",
        "democity/static/css/site.css",
    } <= names
    assert not {"home", "search"} & names
    settings = (project / "democity" / "settings.py").read_text()
    assert 'ROOT_URLCONF = "democity.urls"' in settings
    assert "{{" not in settings


def test_it_migrates_passes_the_checks_and_answers(project):
    python = str(BIN / "python")
    run(python, "manage.py", "migrate", "--noinput", "-v", "0", cwd=project)
    run(python, "manage.py", "check", "--fail-level", "WARNING", cwd=project)
    assert "Locales created: en." in run(python, "manage.py", "zib_setup_locales", cwd=project)
    run(python, "manage.py", "zib_setup_roles", cwd=project)
    output = run(python, "-c", REQUESTS, cwd=project, DJANGO_SETTINGS_MODULE="democity.settings")
    answers = json.loads(output.strip().splitlines()[-1])
    assert answers == {
        "welcome": 200,
        "home": 200,
        "chrome": True,
        "login": 200,
        "search": 200,
        "api": 200,
    }


def test_a_name_that_would_collide_is_refused(tmp_path):
    result = subprocess.run(
        [BIN / "zib-wagtail", "start", "grants"],
        cwd=tmp_path,
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "conflicts with the name of an existing Python module" in result.stderr
    assert not (tmp_path / "grants").exists()
