"""The TypeScript client in clients/typescript/: its types are generated from the committed
OpenAPI snapshot (and still match it), they compile with `tsc --strict`, and the example portal
script built from them runs against the live demo server (the browser tests' server), validating
every response it receives against the snapshot's schemas with Ajv.

Needs Node.js and npm (the npm registry for `npm ci`); in CI (CI=true) their absence fails.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CLIENT = Path(__file__).resolve().parents[2] / "clients" / "typescript"


def npm(*args, timeout=300):
    return subprocess.run(
        ["npm", *args], cwd=CLIENT, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def built_client():
    if shutil.which("npm") is None or shutil.which("node") is None:
        reason = "Node.js and npm are needed for the TypeScript client"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    installed = npm("ci", "--no-audit", "--no-fund")
    assert installed.returncode == 0, installed.stderr
    checked = npm("run", "check")  # types up to date with the snapshot, and tsc --strict clean
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = npm("run", "build")
    assert built.returncode == 0, built.stdout + built.stderr
    return CLIENT / "dist" / "examples" / "portal.js"


def test_the_example_portal_runs_against_the_live_api(built_client, site_url):
    result = subprocess.run(
        ["node", str(built_client), site_url], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("project ") and "Bildungswerkstatt" in line for line in lines)
    assert any(line.startswith("detail ") and "status ongoing" in line for line in lines)
    assert any(line.startswith("teaser ") and "(ongoing)" in line for line in lines)
    assert "unknown parameter refused" in lines
    # The validator can fail: corrupted copies of a page list and of the problem are rejected.
    rejected = [line for line in lines if line.startswith("corrupted response rejected: ")]
    assert [line.split(" (")[0] for line in rejected] == [
        "corrupted response rejected: listPages 200",
        "corrupted response rejected: listPages 400",
    ]
    # Every response: the project list, a detail, at least one changes page, the refused parameter.
    validated = [line for line in lines if line.startswith("validated ")]
    assert len(validated) == 1 and validated[0].endswith(" responses against the schema")
    assert int(validated[0].split()[1]) >= 4
    assert validated == lines[-1:]
