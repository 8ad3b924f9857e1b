"""docs/installation.md says exactly what this site and the `zib-wagtail start` template do."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import loader
from django.template.loader_tags import BlockNode

import zib_wagtail
from zib_wagtail.core.checks import BASE_TEMPLATE_BLOCKS

HERE = Path(__file__).resolve().parent
DOCS = HERE.parents[1] / "docs" / "installation.md"
TEMPLATE = Path(zib_wagtail.__file__).resolve().parent / "project_template" / "project_name"
#: This site's own apps, which the docs leave to the site.
OWN_APPS = ["cityhome"]
#: What the docs mark as optional and this site leaves out (it has a home page app of its own).
OPTIONAL_APPS = {"home"}


def python_blocks():
    return re.findall(r"```python\n(.*?)```", DOCS.read_text(), flags=re.DOTALL)


def assigned_node(source, name):
    """The expression assigned to `name` at the top level of `source`."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return node.value
    raise LookupError(name)


def assigned(source, name):
    return ast.literal_eval(assigned_node(source, name))


def dict_entry(expression, key):
    """The literal value of `key` in the (only) dict literal of that name inside `expression`."""
    for node in ast.walk(expression):
        if isinstance(node, ast.Dict):
            for node_key, value in zip(node.keys, node.values, strict=True):
                if isinstance(node_key, ast.Constant) and node_key.value == key:
                    return ast.literal_eval(value)
    raise LookupError(key)


def documented(name):
    for block in python_blocks():
        try:
            return assigned(block, name)
        except LookupError:
            continue
    pytest.fail(f"docs/installation.md has no python block assigning {name}")


def included_urlconfs(source):
    """The module names passed to include("...") in a URLconf's source."""
    return [
        node.args[0].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "include"
        and isinstance(node.args[0], ast.Constant)
    ]


def start_template(name):
    return (TEMPLATE / name).read_text()


def test_installed_apps():
    docs = documented("INSTALLED_APPS")
    assert OWN_APPS + [a for a in docs if a not in OPTIONAL_APPS] == settings.INSTALLED_APPS
    assert assigned(start_template("settings.py-tpl"), "INSTALLED_APPS") == docs


def test_middleware():
    docs = documented("MIDDLEWARE")
    assert docs == settings.MIDDLEWARE
    assert assigned(start_template("settings.py-tpl"), "MIDDLEWARE") == docs


def test_context_processors():
    docs = documented("CONTEXT_PROCESSORS")
    assert settings.TEMPLATES[0]["OPTIONS"]["context_processors"] == docs
    templates = assigned_node(start_template("settings.py-tpl"), "TEMPLATES")
    assert dict_entry(templates, "context_processors") == docs
    assert dict_entry(templates, "APP_DIRS") is settings.TEMPLATES[0]["APP_DIRS"] is True


def test_page_types_setting():
    assert documented("ZIB_PAGE_TYPES") == settings.ZIB_PAGE_TYPES


def test_urls():
    docs = [block for block in python_blocks() if "urlpatterns" in block]
    assert len(docs) == 1
    expected = ["zib_wagtail.api.urls", "search.urls"]
    assert included_urlconfs(docs[0]) == expected
    assert included_urlconfs((HERE / "othersite" / "urls.py").read_text()) == expected
    assert included_urlconfs(start_template("urls.py-tpl")) == expected


def test_base_template_blocks():
    table = DOCS.read_text().split("### The base template", 1)[1].split("##", 1)[0]
    documented_blocks = re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE)
    assert set(BASE_TEMPLATE_BLOCKS) <= set(documented_blocks)
    own = loader.get_template("base.html").template.nodelist.get_nodes_by_type(BlockNode)
    assert {node.name for node in own} == set(documented_blocks)
