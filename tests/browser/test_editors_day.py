"""An editor's day in the real admin (German): a Redaktion member creates a project page with an
image and partners and submits it; a Freigabe member approves it; the page is then on the site, in
the search, in the content API and its changes feed. The editor never sees grant applications.

Along the way the test takes the screenshots of docs/redaktion.md (1280×900). They go to
docs/img/ only with ZIB_UPDATE_SCREENSHOTS=1 (`make screenshots`), else to a temporary folder, so
a test run leaves the working tree as it was.
"""

import io
import json
import os
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from .conftest import PROJECT_DIR

SCREENSHOTS = (
    PROJECT_DIR / "docs" / "img"
    if os.environ.get("ZIB_UPDATE_SCREENSHOTS")
    else Path(tempfile.gettempdir()) / "zib-screenshots"
)
VIEWPORT = {"width": 1280, "height": 900}
PASSWORD = "Redaktion-Passwort-2026"
TITLE = "Sprachcafé Burbach"
PARTNERS = ["Gemeinwesenarbeit", "Migrant*innenorganisationen"]

CREATE_USERS = f"""
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
User = get_user_model()
for username, group, first, last in [
    ("redakteurin", "Redaktion", "Rita", "Redakteurin"),
    ("freigeberin", "Freigabe", "Frieda", "Freigeberin"),
]:
    user, _ = User.objects.get_or_create(username=username)
    user.first_name, user.last_name, user.email = first, last, f"{{username}}@example.org"
    user.set_password("{PASSWORD}")
    user.save()
    user.groups.set([Group.objects.get(name=group)])
from projects.models import ProjectIndexPage
print(ProjectIndexPage.objects.get(locale__language_code="de").pk)
"""


def screenshot(page, name):
    """A viewport screenshot for the guide, as a small palette PNG."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    image.quantize(colors=256).save(SCREENSHOTS / name, optimize=True)


def get(site_url, path):
    with urllib.request.urlopen(site_url + path, timeout=10) as response:
        return response.status, response.read().decode()


def get_json(site_url, path):
    return json.loads(get(site_url, path)[1])


@pytest.fixture(scope="module")
def day(site_manage):
    """The two users of the day and the id of the project index page."""
    result = site_manage("shell", "-c", CREATE_USERS)
    return {"index_id": int(result.stdout.strip().splitlines()[-1])}


@pytest.fixture
def admin_tab(browser, site_url):
    contexts = []

    def open_as(username, shoot_login=False):
        context = browser.new_context(base_url=site_url, viewport=VIEWPORT, locale="de-DE")
        contexts.append(context)
        tab = context.new_page()
        tab.goto("/admin/login/")
        tab.fill("#id_username", username)
        tab.fill("#id_password", PASSWORD)
        if shoot_login:
            screenshot(tab, "01-anmeldung.png")
        tab.locator("form button[type=submit]").first.click()
        tab.wait_for_url("**/admin/")
        return tab

    yield open_as
    for context in contexts:
        context.close()


def click_action(tab, selector):
    """Click an action of the editor's footer, opening „Mehr Aktionen“ when it is folded away."""
    button = tab.locator(selector).first
    if not button.is_visible():
        tab.get_by_role("button", name="Mehr Aktionen").click()
    button.click()


def make_png(path):
    Image.new("RGB", (800, 450), (36, 99, 145)).save(path)
    return path


def test_an_editors_day(admin_tab, day, site_url, site_manage, tmp_path):
    # --- The editor: image, project page, submission -------------------------------------------
    editor = admin_tab("redakteurin", shoot_login=True)
    screenshot(editor, "06-dashboard.png")

    editor.goto("/admin/images/add/")
    editor.fill("#id_title", "Sprachcafé im Bürgerhaus")
    editor.set_input_files("#id_file", str(make_png(tmp_path / "sprachcafe.png")))
    editor.locator("form button[type=submit]").last.click()
    editor.wait_for_url("**/admin/images/**")

    editor.goto(f"/admin/pages/{day['index_id']}/")
    screenshot(editor, "02-seitenbaum.png")

    editor.goto(f"/admin/pages/add/projects/projectpage/{day['index_id']}/")
    editor.fill("#id_title", TITLE)
    editor.fill(
        "#id_summary",
        "Jeden Donnerstag üben Menschen aus vielen Ländern im Bürgerhaus Burbach Deutsch.",
    )
    editor.select_option("#id_partners", label=PARTNERS)
    editor.locator("#id_image-chooser [data-chooser-action-choose]").click()
    editor.locator(".modal").get_by_role("link", name="Sprachcafé im Bürgerhaus").click()
    editor.locator("#id_image-chooser.blank").wait_for(state="detached")
    editor.fill("#id_image_alt_text", "Menschen sitzen an Tischen und unterhalten sich.")
    editor.locator("#id_title").scroll_into_view_if_needed()
    screenshot(editor, "03-projekt-anlegen.png")

    click_action(editor, "button[name='action-submit']")
    editor.get_by_text(f"Seite ‚{TITLE}‘ erstellt und zur Moderation eingereicht.").wait_for()
    screenshot(editor, "04-zur-freigabe.png")

    # Grant applications are none of the editor's business.
    editor.goto("/admin/grants_applications/")
    assert "grants_applications" not in editor.url
    assert "ZIB-" not in editor.content()
    assert editor.get_by_text("Anträge", exact=True).count() == 0

    # --- The approver --------------------------------------------------------------------------
    approver = admin_tab("freigeberin")
    review = approver.locator("#awaiting-review-section")
    assert TITLE in review.inner_text()
    screenshot(approver, "05-freigeben.png")
    approver.get_by_role("link", name=TITLE).first.click()
    approver.wait_for_url("**/edit/")
    click_action(
        approver,
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])",
    )
    approver.get_by_text(f"Seite ‚{TITLE}‘ wurde aktualisiert.").wait_for()

    # --- The result ----------------------------------------------------------------------------
    path = site_manage(
        "shell",
        "-c",
        f"from wagtail.models import Page; print(Page.objects.get(title='{TITLE}').url)",
    ).stdout.splitlines()[-1]
    assert path.startswith("/projekte/sprachcaf")  # already percent-encoded
    status, html = get(site_url, path)
    assert status == 200 and TITLE in html
    _status, results = get(site_url, "/suche/?q=" + urllib.parse.quote("Sprachcafé"))
    assert path in results

    found = get_json(
        site_url,
        "/api/v1/pages/find/?" + urllib.parse.urlencode({"path": urllib.parse.unquote(path)}),
    )
    assert found["title"] == TITLE
    assert [partner["name"] for partner in found["partners"]] == PARTNERS
    assert found["image_alt"] == "Menschen sitzen an Tischen und unterhalten sich."
    changes = get_json(site_url, "/api/v1/changes/?since=0&limit=500")["items"]
    assert any(
        change["event"] == "page.published" and change["id"] == found["id"] for change in changes
    )

    public = approver.context.new_page()
    public.goto(path)
    screenshot(public, "07-seite-online.png")
