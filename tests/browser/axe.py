"""Run axe-core (bundled with axe-playwright-python, MPL-2.0) in a Playwright page."""

from functools import cache
from pathlib import Path

import axe_playwright_python

#: WCAG 2.0 and 2.1, levels A and AA: what BITV 2.0 requires.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def axe_script():
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def axe_violations(page):
    """The WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    page.evaluate(axe_script())
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}, "resultTypes": ["violations"]},
    )
    return results["violations"]


def describe(violations):
    """A readable list: rule, impact, help and the offending elements."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(
                f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1]}"
            )
    return "\n".join(lines)
