"""Production settings: Django's deployment checklist passes, and a missing secret fails fast.

Both run manage.py in a subprocess, as the deployment does, so that the production settings
module is imported fresh with exactly the environment given here.
"""

import os
import secrets
import subprocess
import sys

from django.conf import settings

MANAGE_PY = settings.BASE_DIR / "manage.py"


def production_env(tmp_path, **overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "WAGTAILADMIN_BASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="zib_wagtail.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="zib.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        WAGTAILADMIN_BASE_URL="https://zib.example.org",
        REDIS_URL="redis://127.0.0.1:6379/5",
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, str(MANAGE_PY), *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues(tmp_path):
    env = production_env(tmp_path)
    assert len(env["SECRET_KEY"]) >= 50

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_without_secret_key_fail_fast(tmp_path):
    result = manage("check", env=production_env(tmp_path, SECRET_KEY=None))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_settings_without_allowed_hosts_fail_fast(tmp_path):
    result = manage("check", env=production_env(tmp_path, ALLOWED_HOSTS=None))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr
