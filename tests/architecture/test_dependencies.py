"""The dependency rule of the distribution (docs/architecture.md), checked on the source.

Every import statement of every module — at module level or inside a function — is read with
`ast`, so a lazy import cannot hide an arrow. Arrows point to what a part may import:

    example site (zib_wagtail.settings, .urls, .wsgi, .gunicorn.conf, .demo)   imported by no app
       ↓
    home (composer)
       ↓
    content API (zib_wagtail.api: serves the features' models)
       ↓
    projects · grants · search · changes feed/webhooks · caching · ops          features
       ↓
    shared core (zib_wagtail.core)
"""

import ast
from importlib import import_module
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOP_LEVEL = ("home", "projects", "grants", "search", "zib_wagtail")

SITE = "site"
LAYERS = {
    "core": set(),
    "projects": {"core"},
    "grants": {"core"},
    "search": {"core"},
    "webhooks": {"core"},
    "caching": {"core"},
    "ops": {"core"},
    "api": {"core", "projects", "grants", "search", "webhooks"},
    "home": {"core", "projects", "grants"},
    SITE: None,  # may import everything
}


def part_of(module):
    """The part of the house a dotted module name belongs to."""
    parts = module.split(".")
    if parts[0] != "zib_wagtail":
        return parts[0]
    if len(parts) > 1 and parts[1] in {"core", "api", "webhooks", "caching", "ops"}:
        return parts[1]
    return SITE  # settings, urls, wsgi, gunicorn.conf, demo, cli, templates' tags of the site


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path):
    """Dotted names a module imports (relative imports resolved), with their line numbers."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            yield target, node.lineno
            for alias in node.names:  # `from zib_wagtail import settings`
                yield f"{target}.{alias.name}", node.lineno


def source_files():
    for top in TOP_LEVEL:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "project_template" not in path.parts:
                yield path


def violations():
    found = []
    for path in source_files():
        here = part_of(module_name(path))
        allowed = LAYERS.get(here)
        if allowed is None:
            continue
        for target, line in imports_of(path):
            if target.split(".")[0] not in TOP_LEVEL:
                continue
            there = part_of(target)
            if target in {"zib_wagtail"} or there == here:
                continue
            if there not in allowed:
                found.append(f"{path.relative_to(ROOT)}:{line} ({here}) imports {target} ({there})")
    return sorted(set(found))


def test_no_app_imports_what_the_dependency_rule_forbids():
    assert violations() == []


@pytest.mark.parametrize("app", ["home", "projects", "grants", "search"])
def test_no_app_imports_the_example_sites_settings_urls_or_wsgi(app):
    forbidden = ("zib_wagtail.settings", "zib_wagtail.urls", "zib_wagtail.wsgi", "zib_wagtail.demo")
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for target, line in imports_of(path)
        if target.startswith(forbidden)
    ]
    assert offending == []


def test_the_rule_is_acyclic():
    """No two parts may import each other, directly or through others."""
    graph = {part: allowed or set() for part, allowed in LAYERS.items() if allowed is not None}

    def reaches(start, goal, seen=()):
        return any(
            step == goal or (step not in seen and reaches(step, goal, (*seen, step)))
            for step in graph.get(start, ())
        )

    assert [part for part in graph if reaches(part, part)] == []


def test_the_checker_sees_a_forbidden_lazy_import(tmp_path, monkeypatch):
    """The walk finds imports inside functions too (the checker itself can fail)."""
    module = ROOT / "projects" / "_probe_for_dependency_test.py"
    module.write_text("def f():\n    from home.models import HomePage\n")
    try:
        assert any("_probe_for_dependency_test" in v for v in violations())
    finally:
        module.unlink()


def test_migrations_depend_only_on_allowed_apps():
    """Migrations follow the same rule: no migration of a feature depends on `home`."""
    apps_by_label = {
        "zib_core": ("core", "zib_wagtail/core"),
        "projects": ("projects", "projects"),
        "grants": ("grants", "grants"),
        "home": ("home", "home"),
        "zib_webhooks": ("webhooks", "zib_wagtail/webhooks"),
    }
    parts = {label: part for label, (part, _folder) in apps_by_label.items()}
    wrong = []
    for label, (here, folder) in apps_by_label.items():
        for path in sorted((ROOT / folder / "migrations").glob("0*.py")):
            migration = import_module(module_name(path)).Migration
            for dependency_app, _name in migration.dependencies:
                there = parts.get(dependency_app)
                if there and there != here and there not in LAYERS[here]:
                    wrong.append(f"{label}.{path.stem} depends on {dependency_app}")
    assert wrong == []
