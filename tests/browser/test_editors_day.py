"""An editor's day in the real admin (German): a Redaktion member creates a project page with an
image and partners, previews and submits it; a Freigabe member approves it; the page is then on
the site, in the search, in the content API and its changes feed. The editor never sees grant
applications.

Along the way the test takes the screenshots of docs/redaktion.md (1280×900), each of what its
paragraph describes: no dialog in front, the success message shown, the dashboard with its panels.
They go to docs/img/ only with ZIB_UPDATE_SCREENSHOTS=1 (`make screenshots`), else to a temporary
folder, so a test run leaves the working tree as it was. Waiting is Playwright's: `expect(...)`
retries until the admin shows what the guide describes.
"""

import io
import json
import os
import re
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

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
ALT_TEXT = "Menschen sitzen an Tischen und unterhalten sich."
#: Demo pages the dashboard's content audit lists: last published more than a year ago.
NOT_REVIEWED = ["Impressum", "Datenschutz"]

CREATE_USERS = f"""
import datetime
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page
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
Page.objects.filter(title__in={NOT_REVIEWED!r}, locale__language_code="de").update(
    last_published_at=timezone.now() - datetime.timedelta(days=400)
)
from projects.models import ProjectIndexPage
print(ProjectIndexPage.objects.get(locale__language_code="de").pk)
"""


def screenshot(page, name, whole_main=False):
    """A viewport screenshot for the guide, as a small palette PNG: never with a dialog or its
    backdrop in front (Playwright waits until they are gone), animations finished, the mouse in
    a corner where it hovers over nothing. `whole_main`: the window made as tall as the admin's
    content (which scrolls inside the window, so a full-page screenshot would not show more)."""
    expect(page.locator(".modal-backdrop, .modal.in")).to_have_count(0)
    expect(page.locator("[role=dialog]:visible")).to_have_count(0)
    if whole_main:
        height = page.evaluate("document.querySelector('main').scrollHeight")
        page.set_viewport_size({"width": VIEWPORT["width"], "height": max(height, 900)})
    page.mouse.move(VIEWPORT["width"] - 1, VIEWPORT["height"] - 1)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    png = page.screenshot(animations="disabled", caret="hide")
    page.set_viewport_size(VIEWPORT)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256).save(SCREENSHOTS / name, optimize=True)


def get(site_url, path):
    with urllib.request.urlopen(site_url + path, timeout=10) as response:
        return response.status, response.read().decode()


def get_json(site_url, path):
    return json.loads(get(site_url, path)[1])


def make_png(path):
    """The editor's photo: a simple picture (tables, people) rather than a flat colour."""
    image = Image.new("RGB", (800, 450), (214, 230, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 330, 800, 450), fill=(176, 132, 96))
    for x, colour in [(110, (36, 99, 145)), (330, (190, 80, 60)), (550, (70, 140, 90))]:
        draw.ellipse((x, 150, x + 70, 220), fill=(235, 200, 170))
        draw.rectangle((x - 10, 220, x + 80, 330), fill=colour)
    draw.rectangle((60, 300, 740, 320), fill=(120, 84, 56))
    image.save(path)
    return path


@pytest.fixture(scope="module")
def day(site_manage):
    """The roles (`make run` sets them up too), the two users of the day, two demo pages due
    for review, and the id of the project index page."""
    site_manage("zib_setup_roles")
    result = site_manage("shell", "-c", CREATE_USERS)
    return {"index_id": int(result.stdout.strip().splitlines()[-1])}


@pytest.fixture
def admin_tab(browser, site_url, tmp_path):
    contexts = []
    photo = make_png(tmp_path / "sprachcafe.png")

    def serve_photo(route):
        # The test server keeps media in memory and does not serve /media/ (DEBUG is off): the
        # browser gets the uploaded photo for its renditions, so the screenshots show it.
        route.fulfill(path=photo, content_type="image/png")

    def open_as(username, shoot_login=False):
        context = browser.new_context(base_url=site_url, viewport=VIEWPORT, locale="de-DE")
        context.route("**/media/images/**", serve_photo)
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

    open_as.photo = photo
    yield open_as
    for context in contexts:
        context.close()


def open_more_actions(tab):
    """Open „Mehr Aktionen“, the menu beside the editor's main button."""
    tab.get_by_role("button", name="Mehr Aktionen").click()


def success_message(tab, text):
    message = tab.locator(".messages .success").filter(has_text=text)
    expect(message).to_be_visible()
    return message


def test_an_editors_day(admin_tab, day, site_url, site_manage):
    # --- The editor: image, project page, preview, submission ----------------------------------
    editor = admin_tab("redakteurin", shoot_login=True)

    editor.goto("/admin/images/add/")
    editor.fill("#id_title", "Sprachcafé im Bürgerhaus")
    editor.set_input_files("#id_file", str(admin_tab.photo))
    editor.locator("form button[type=submit]").last.click()
    editor.wait_for_url("**/admin/images/**")

    editor.goto(f"/admin/pages/{day['index_id']}/")
    expect(editor.get_by_role("link", name="Unterseite hinzufügen").first).to_be_visible()
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
    editor.fill("#id_image_alt_text", ALT_TEXT)
    editor.locator("#id_title").scroll_into_view_if_needed()
    screenshot(editor, "03-projekt-anlegen.png")

    # „Vorschau umschalten“ shows the page as it will look, unsaved changes included.
    preview_toggle = editor.get_by_role("button", name="Vorschau umschalten")
    preview_toggle.click()
    preview = editor.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(preview.get_by_role("img", name=ALT_TEXT)).to_be_visible()
    screenshot(editor, "11-vorschau.png")
    preview_toggle.click()
    expect(editor.locator("#w-preview-iframe")).to_be_hidden()

    # Scheduling is in the status side panel („Zeitgesteuert veröffentlichen“).
    status_toggle = editor.get_by_role("button", name="Status umschalten")
    status_toggle.click()
    editor.get_by_role("button", name="Zeitplan festlegen").click()
    schedule = editor.get_by_role("dialog").filter(has_text="Veröffentlichungszeitplan festlegen")
    for label in ["Veröffentlicht ab", "Veröffentlicht bis"]:
        expect(schedule.get_by_label(label)).to_be_visible()
    expect(schedule.get_by_role("button", name="Zeitplan speichern")).to_be_visible()
    editor.keyboard.press("Escape")
    expect(schedule).to_be_hidden()
    status_toggle.click()

    open_more_actions(editor)
    submit = editor.get_by_role("button", name="In Redaktion → Freigabe einreichen")
    expect(submit).to_be_visible()
    screenshot(editor, "04-einreichen.png")
    submit.click()
    # Wagtail autosaves the new page as a draft once the editor pauses (WAGTAIL_AUTOSAVE_INTERVAL):
    # when it has, the submission is that draft's and the message says so.
    success_message(
        editor,
        re.compile(
            rf"Seite ‚{re.escape(TITLE)}‘ (erstellt und|wurde) zur Moderation eingereicht\."
        ),
    )
    row = editor.locator("table tbody tr").filter(has_text=TITLE)
    expect(row).to_contain_text("In Moderation", ignore_case=True)
    screenshot(editor, "05-eingereicht.png")

    # While it is with Freigabe, the page is locked for the editor; „Workflow abbrechen“ takes
    # it back.
    row.get_by_role("link", name=TITLE).click()
    editor.wait_for_url("**/edit/")
    footer = editor.locator("footer")
    expect(footer).to_contain_text("Seite gesperrt")
    expect(footer).to_contain_text("Workflow abbrechen")

    # The dashboard: the editor's submission in its workflow and the pages due for review.
    editor.goto("/admin/")
    in_workflow = editor.locator("section, .w-panel").filter(
        has=editor.get_by_role("heading", name="Ihre Seiten und Schnipsel in einem Workflow")
    )
    expect(in_workflow.first).to_contain_text(TITLE)
    audit = editor.locator("#zib-content-audit-section, #zib-content-audit")
    for title in NOT_REVIEWED:
        expect(audit.first).to_contain_text(title)
    screenshot(editor, "10-dashboard.png", whole_main=True)

    # Grant applications are none of the editor's business.
    editor.goto("/admin/grants_applications/")
    assert "grants_applications" not in editor.url
    assert "ZIB-" not in editor.content()
    assert editor.get_by_text("Anträge", exact=True).count() == 0

    # --- The approver --------------------------------------------------------------------------
    approver = admin_tab("freigeberin")
    review = approver.locator("#awaiting-review-section")
    expect(review).to_contain_text(TITLE)
    screenshot(approver, "06-freigabe-dashboard.png")
    approver.get_by_role("link", name=TITLE).first.click()
    approver.wait_for_url("**/edit/")
    expect(approver.get_by_role("link", name="Historie")).to_be_visible()
    open_more_actions(approver)
    approve = approver.get_by_role("button", name="Freigeben und Veröffentlichen", exact=True)
    for label in ["Änderungen anfordern", "Mit Kommentar genehmigen und Veröffentlichen"]:
        expect(approver.get_by_role("button", name=label, exact=True)).to_be_visible()
    expect(approve).to_be_visible()
    screenshot(approver, "07-freigeben.png")
    approve.click()
    success_message(approver, f"Seite ‚{TITLE}‘ wurde aktualisiert.")
    row = approver.locator("table tbody tr").filter(has_text=TITLE)
    expect(row).to_contain_text("Veröffentlicht", ignore_case=True)
    screenshot(approver, "08-freigegeben.png")

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
    assert found["image_alt"] == ALT_TEXT
    changes = get_json(site_url, "/api/v1/changes/?since=0&limit=500")["items"]
    assert any(
        change["event"] == "page.published" and change["id"] == found["id"] for change in changes
    )

    public = approver.context.new_page()
    public.goto(path)
    photo = public.get_by_role("img", name=ALT_TEXT)
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(public, "09-seite-online.png")
