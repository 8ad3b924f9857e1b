"""The demo-content loader: builds the site once, then changes nothing and keeps editors' edits."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from home.models import HomePage, HomePageFeaturedProject
from projects.models import ProjectIndexPage, ProjectPage
from zib_wagtail.core.models import District, OfficeSettings, Partner, StandardPage, Topic

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load_zib_content", stdout=out)
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "partners": Partner.objects.count(),
        "topics": Topic.objects.count(),
        "districts": District.objects.count(),
        "office settings": OfficeSettings.objects.count(),
        "sites": Site.objects.count(),
        "featured projects": HomePageFeaturedProject.objects.count(),
    }


def test_first_run_builds_the_page_tree():
    output = load()

    assert "created page" in output
    assert "Demo content loaded" in output
    home = HomePage.objects.get(locale__language_code="de")
    children = {page.slug: type(page) for page in home.get_children().specific()}
    assert {
        "ueber-das-zib": StandardPage,
        "projekte": ProjectIndexPage,
        "integrationsbeirat": StandardPage,
        "kontakt": StandardPage,
        "impressum": StandardPage,
        "datenschutz": StandardPage,
        "barrierefreiheit": StandardPage,
    }.items() <= children.items()
    index = ProjectIndexPage.objects.get(locale__language_code="de")
    assert [page.slug for page in index.get_children()] == [
        "patchworkcity",
        "bildungswerkstatt",
        "haus-des-ankommens",
        "integrationskonzept",
    ]
    assert all(page.live for page in Page.objects.filter(depth__gte=2))
    assert not Page.objects.filter(depth__gte=2, has_unpublished_changes=True).exists()


def test_second_run_creates_nothing_and_says_so():
    load()
    before = counts()

    output = load()

    assert counts() == before
    assert "nothing changed" in output
    assert "created" not in output


def test_placeholder_welcome_page_is_replaced_and_site_root_is_the_home_page():
    root = Page.get_first_root_node()
    welcome = root.get_children().exact_type(Page).get()
    assert welcome.title.startswith("Welcome")

    load()

    assert not Page.objects.filter(pk=welcome.pk).exists()
    assert not root.get_children().exact_type(Page).exists()
    site = Site.objects.get()
    assert site.is_default_site
    assert site.root_page.specific_class is HomePage
    assert site.root_page_id == HomePage.objects.get(locale__language_code="de").pk


def test_editors_changes_survive_a_second_run():
    load()
    about = StandardPage.objects.get(slug="ueber-das-zib")
    about.title = "Wer wir sind"
    about.intro = "Von der Redaktion neu geschrieben."
    about.save_revision().publish()
    project = ProjectPage.objects.get(slug="bildungswerkstatt", locale__language_code="de")
    project.summary = "Das Bildungszentrum ist eröffnet."
    project.save_revision().publish()
    office = OfficeSettings.objects.get()
    office.email = "integration@example.org"
    office.opening_hours = "Mo–Do 9–12 Uhr"
    office.save()
    topic = Topic.objects.get(slug="bildung", locale__language_code="de")
    topic.name = "Bildung und Sprache"
    topic.save()
    home = HomePage.objects.get(locale__language_code="de")
    home.featured_projects = [HomePageFeaturedProject(page=project, sort_order=0)]
    home.save_revision().publish()
    before = counts()

    output = load()

    assert "nothing changed" in output
    assert counts() == before
    about.refresh_from_db()
    assert (about.title, about.intro) == ("Wer wir sind", "Von der Redaktion neu geschrieben.")
    project.refresh_from_db()
    assert project.summary == "Das Bildungszentrum ist eröffnet."
    office.refresh_from_db()
    assert (office.email, office.opening_hours) == ("integration@example.org", "Mo–Do 9–12 Uhr")
    assert (
        Topic.objects.get(slug="bildung", locale__language_code="de").name == "Bildung und Sprache"
    )
    assert [
        item.page_id
        for item in HomePage.objects.get(locale__language_code="de").featured_projects.all()
    ] == [project.pk]


def test_a_second_run_leaves_the_editors_own_projects_untranslated():
    """The loader translates the demo's projects; a project an editor added is the
    translators' to translate (or not), never copied into every language by a later run."""
    load()
    index = ProjectIndexPage.objects.get(locale__language_code="de")
    own = ProjectPage(title="Sprachcafé Malstatt", slug="sprachcafe-malstatt", summary="Neu.")
    index.add_child(instance=own)

    output = load()

    assert "nothing changed" in output
    assert not own.get_translations().exists()
    assert ProjectPage.objects.filter(slug="bildungswerkstatt").count() > 1


def test_a_deleted_page_is_restored_and_nothing_else_is_touched():
    load()
    StandardPage.objects.get(slug="datenschutz").delete()
    pages_before = Page.objects.count()

    output = load()

    assert "created page /home/datenschutz/" in output
    assert Page.objects.count() == pages_before + 1
    assert StandardPage.objects.get(slug="datenschutz").live


def test_office_settings_link_the_footer_pages():
    load()

    office = OfficeSettings.objects.get()

    assert office.contact_page.slug == "kontakt"
    assert office.imprint_page.slug == "impressum"
    assert office.privacy_page.slug == "datenschutz"
    assert office.accessibility_page.slug == "barrierefreiheit"


def test_demo_content_is_in_the_search_index():
    load()

    results = Page.objects.live().search("Bildungswerkstatt")

    assert "bildungswerkstatt" in {page.slug for page in results}
