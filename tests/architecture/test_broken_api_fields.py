"""An `api_fields` entry whose type cannot be derived is reported by `manage.py check`, while the
HTML site stays up (the API is built when the URLconf loads, and only /api/v1/ fails)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
from wagtail.api import APIField
from zib_wagtail.core.models import StandardPage
StandardPage.api_fields = [*StandardPage.api_fields, APIField("no_such_field")]

from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

client = Client()
print("robots", client.get("/robots.txt").status_code)
api = client.get("/api/v1/pages/")
print("api", api.status_code, api["Content-Type"], api.json()["code"])
try:
    call_command("check")
except SystemCheckError as error:
    print("check", "zib_api.E001" in str(error), "no_such_field" in str(error))
else:
    print("check passed")
"""


def test_a_broken_api_field_fails_the_check_but_not_the_html_site():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "zib_wagtail.settings.test", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = result.stdout.splitlines()
    assert "robots 200" in lines, result.stdout + result.stderr
    assert "api 503 application/problem+json service_unavailable" in lines, result.stdout
    assert "check True True" in lines, result.stdout + result.stderr
