"""The Content-Security-Policy holds in a real browser: the public pages (strict policy) and the
admin (login, dashboard, page editor, preview; its own policy) load without a single violation."""

import pytest

from .pages import ALL_PAGES

PASSWORD = "CSP-Pruefung-2026"
CREATE_SUPERUSER = f"""
from django.contrib.auth import get_user_model
User = get_user_model()
user, _ = User.objects.get_or_create(
    username="csp-pruefung", defaults={{"email": "csp@example.org"}}
)
user.is_superuser = True
user.is_staff = True
user.set_password("{PASSWORD}")
user.save()
from projects.models import ProjectPage
print(ProjectPage.objects.get(slug="bildungswerkstatt", locale__language_code="de").pk)
"""

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class ViolationRecorder:
    """Collects CSP violations from the DOM event and from the console of every page loaded."""

    def __init__(self, context):
        self.console = []
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("console", self._on_console)

    def _on_console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def violations(self, tab):
        tab.wait_for_load_state("load")
        return [*tab.evaluate("window.__cspViolations || []"), *self.console]


@pytest.fixture
def recorded(browser, site_url):
    context = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 800})
    recorder = ViolationRecorder(context)
    yield context.new_page(), recorder
    context.close()


@pytest.fixture(scope="module")
def project_id(site_manage):
    result = site_manage("shell", "-c", CREATE_SUPERUSER)
    return int(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", list(ALL_PAGES))
def test_public_page_has_no_csp_violation(recorded, name):
    tab, recorder = recorded
    tab.goto(ALL_PAGES[name])

    assert recorder.violations(tab) == [], name


def test_public_policy_header_is_strict(recorded):
    tab, _recorder = recorded
    response = tab.goto("/")
    policy = response.headers["content-security-policy"]

    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_admin_has_no_csp_violation(recorded, project_id):
    tab, recorder = recorded
    tab.goto("/admin/login/")
    assert recorder.violations(tab) == [], "login"
    tab.fill("#id_username", "csp-pruefung")
    tab.fill("#id_password", PASSWORD)
    tab.locator("form button[type=submit]").first.click()
    tab.wait_for_url("**/admin/")
    assert recorder.violations(tab) == [], "dashboard"

    tab.goto(f"/admin/pages/{project_id}/edit/")
    tab.wait_for_selector("form[data-edit-form], #page-edit-form, form")
    tab.wait_for_timeout(500)  # Draftail and the side panels initialise after load
    assert recorder.violations(tab) == [], "page editor"

    tab.goto(f"/admin/pages/{project_id}/")  # explorer listing of the page's children
    assert recorder.violations(tab) == [], "explorer"


def test_recorder_sees_a_violation(recorded):
    """The check itself works: an inline script on a public page is blocked and reported."""
    tab, recorder = recorded
    tab.goto("/")
    tab.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
        " document.head.appendChild(s); }"
    )
    tab.wait_for_timeout(200)

    assert tab.evaluate("window.x") is None
    assert any("script-src" in violation for violation in recorder.violations(tab))
