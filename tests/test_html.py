"""The HTML frame of every page: language, landmarks, navigation, metadata, structured data,
no resources from other hosts; sitemap, robots.txt, 404; drafts and private pages stay hidden."""

import json
import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from wagtail.models import Page, PageViewRestriction

from tests.builders import json_ld_scripts, page_text, soup, stream
from zib_wagtail.core.models import OfficeSettings, StandardPage

pytestmark = pytest.mark.django_db

OWN_HOSTS = {"testserver", "localhost"}
RESOURCE_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}


def live_pages(home):
    return Page.objects.live().public().descendant_of(home, inclusive=True).specific()


def is_external(url):
    parts = urlsplit(url.strip())
    if parts.scheme in {"http", "https"} or url.strip().startswith("//"):
        return parts.hostname not in OWN_HOSTS
    return parts.scheme not in {"", "data"}


def resource_urls(doc):
    """Every URL the browser would fetch by itself while rendering the page."""
    urls = []
    for link in doc.find_all("link", href=True):
        if RESOURCE_RELS & set(link.get("rel", [])):
            urls.append(link["href"])
    for tag in doc.find_all(["script", "img", "iframe", "audio", "video", "source", "embed"]):
        if tag.get("src"):
            urls.append(tag["src"])
        for candidate in tag.get("srcset", "").split(","):
            if candidate.strip():
                urls.append(candidate.split()[0])
    for tag in doc.find_all(["object"], data=True):
        urls.append(tag["data"])
    return urls


def test_every_page_has_the_accessible_frame(client, module_demo_site):
    pages = live_pages(module_demo_site)
    assert pages.count() >= 12

    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        doc = soup(response)
        assert doc.html["lang"] == "de", page.url
        skip = doc.body.find("a")  # the first link of the page
        assert skip["href"] == "#main", page.url
        assert skip.get_text(strip=True) == "Zum Inhalt springen", page.url
        main = doc.find_all("main")
        assert len(main) == 1 and main[0]["id"] == "main", page.url
        navs = doc.find_all("nav")
        assert navs and all(nav.get("aria-label") for nav in navs), page.url
        main_nav = doc.find("nav", attrs={"aria-label": "Hauptnavigation"})
        assert main_nav is not None, page.url
        assert main_nav.find("a", href="/projekte/"), page.url


def test_every_page_has_title_description_and_canonical_link(client, module_demo_site):
    for page in live_pages(module_demo_site):
        doc = soup(client.get(page.url))
        title = doc.title.get_text(strip=True)
        assert title.startswith(page.seo_title or page.title), page.url
        assert title.endswith("– ZIB Saarbrücken"), page.url
        description = doc.find("meta", attrs={"name": "description"})
        assert description is not None, f"{page.url} has no meta description"
        assert description["content"].strip() == page.meta_description, page.url
        assert 20 <= len(description["content"]) <= 160, page.url
        canonical = doc.find_all("link", rel="canonical")
        assert len(canonical) == 1, page.url
        assert canonical[0]["href"] == page.full_url, page.url
        assert urlsplit(canonical[0]["href"]).path == page.url, page.url


def test_search_description_wins_over_the_intro(client, module_demo_site):
    page = StandardPage.objects.get(slug="kontakt")
    page.search_description = "Adresse, Telefon und E-Mail des ZIB."
    page.save_revision().publish()

    doc = soup(client.get("/kontakt/"))

    assert doc.find("meta", attrs={"name": "description"})["content"] == (
        "Adresse, Telefon und E-Mail des ZIB."
    )


def test_main_navigation_marks_the_current_section(client, module_demo_site):
    on_index = soup(client.get("/projekte/")).find("nav", attrs={"aria-label": "Hauptnavigation"})
    on_project = soup(client.get("/projekte/patchworkcity/")).find(
        "nav", attrs={"aria-label": "Hauptnavigation"}
    )

    assert on_index.find("a", href="/projekte/")["aria-current"] == "page"
    assert on_project.find("a", href="/projekte/")["aria-current"] == "true"
    assert len(on_project.find_all("a", attrs={"aria-current": True})) == 1


@pytest.mark.parametrize(
    ("url", "trail"),
    [
        ("/kontakt/", [("/", "Startseite"), ("/kontakt/", "Kontakt")]),
        (
            "/projekte/patchworkcity/",
            [
                ("/", "Startseite"),
                ("/projekte/", "Projekte"),
                ("/projekte/patchworkcity/", "PatchWorkCity"),
            ],
        ),
    ],
)
def test_breadcrumbs_on_subpages(client, module_demo_site, url, trail):
    nav = soup(client.get(url)).find("nav", class_="breadcrumbs")

    assert nav["aria-label"] == "Sie sind hier"
    links = nav.ol.find_all("a")
    assert [(a["href"], a.get_text(strip=True)) for a in links] == trail
    assert [a.get("aria-current") for a in links] == [None] * (len(trail) - 1) + ["page"]


def test_home_page_has_no_breadcrumbs(client, module_demo_site):
    assert soup(client.get("/")).find("nav", class_="breadcrumbs") is None


def test_no_page_loads_resources_from_other_hosts(client, module_demo_site):
    checked = 0
    for page in live_pages(module_demo_site):
        doc = soup(client.get(page.url))
        urls = resource_urls(doc)
        assert any(url.endswith("site.css") for url in urls), page.url
        external = [url for url in urls if is_external(url)]
        assert external == [], f"{page.url} loads {external}"
        for tag in doc.find_all(style=True):
            assert "url(" not in tag["style"], page.url
        checked += len(urls)
    assert checked > 0


def test_is_external_recognises_other_hosts():
    assert is_external("https://fonts.googleapis.com/css?family=Roboto")
    assert is_external("//cdn.example.org/x.js")
    assert not is_external("/static/zib_core/css/site.css")
    assert not is_external("http://localhost/static/zib_core/css/site.css")


def test_stylesheet_imports_nothing_from_other_hosts(client):
    response = client.get("/static/zib_core/css/site.css")

    assert response.status_code == 200
    css = b"".join(response.streaming_content).decode()
    assert "@import" not in css
    urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", css)
    assert [url for url in urls if is_external(url)] == []


# --- Structured data ---------------------------------------------------------------------------


def government_office(response):
    offices = [data for data in json_ld_scripts(response) if data["@type"] == "GovernmentOffice"]
    assert len(offices) == 1
    return offices[0]


@pytest.mark.parametrize("url", ["/", "/kontakt/", "/projekte/patchworkcity/"])
def test_json_ld_describes_the_office(client, module_demo_site, url):
    office = government_office(client.get(url))

    assert office["@context"] == "https://schema.org"
    assert office["name"] == "Zuwanderungs- und Integrationsbüro"
    assert office["alternateName"] == "ZIB"
    assert office["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Rathausplatz 1",
        "postalCode": "66111",
        "addressLocality": "Saarbrücken",
        "addressCountry": "DE",
    }
    assert office["location"] == {"@type": "Place", "name": "Rathaus St. Johann, 224"}
    assert office["telephone"] == "+496819051588"
    assert office["email"] == "zib@saarbruecken.de"
    assert office["url"] == "http://www.saarbruecken.de/zib"
    assert office["foundingDate"] == "2003"
    assert office["parentOrganization"]["name"] == "Landeshauptstadt Saarbrücken"


def test_json_ld_cannot_break_out_of_its_script_element(client, module_demo_site):
    hostile = "ZIB</script><script>alert(1)</script><!--"
    office = OfficeSettings.objects.get()
    office.name = hostile
    office.street = 'Rathausplatz 1 & "2"'
    office.save()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    doc = soup(response)
    carriers = [s.get("type") for s in doc.find_all("script") if "alert" in (s.string or "")]
    assert carriers == ["application/ld+json"]
    data = government_office(response)
    assert data["name"] == hostile
    assert data["address"]["streetAddress"] == 'Rathausplatz 1 & "2"'
    assert hostile in doc.find("footer").get_text()  # shown as text, escaped, in the footer


def test_json_ld_is_valid_json_with_german_characters(client, module_demo_site):
    raw = soup(client.get("/")).find("script", type="application/ld+json").string

    assert json.loads(raw)["address"]["addressLocality"] == "Saarbrücken"


# --- Sitemap, robots.txt, 404 ------------------------------------------------------------------


@pytest.fixture
def hidden_pages(module_demo_site):
    """A draft, a password-protected and a login-protected page below the home page."""
    draft = StandardPage(
        title="Entwurf", slug="entwurf", live=False, body=stream(("paragraph", "<p>Geheim A</p>"))
    )
    module_demo_site.add_child(instance=draft)
    draft.save_revision()
    by_password = StandardPage(
        title="Intern", slug="intern", body=stream(("paragraph", "<p>Geheim B</p>"))
    )
    module_demo_site.add_child(instance=by_password)
    PageViewRestriction.objects.create(
        page=by_password, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    by_login = StandardPage(
        title="Mitglieder", slug="mitglieder", body=stream(("paragraph", "<p>Geheim C</p>"))
    )
    module_demo_site.add_child(instance=by_login)
    PageViewRestriction.objects.create(page=by_login, restriction_type=PageViewRestriction.LOGIN)
    return {"draft": draft, "password": by_password, "login": by_login}


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = ElementTree.fromstring(response.content).findall("sm:url/sm:loc", namespace)
    return [urlsplit(loc.text).path for loc in locs]


def test_sitemap_lists_the_live_pages_only(client, module_demo_site, hidden_pages):
    paths = sitemap_paths(client)

    # Every language version: the German tree and its translations (home/sitemaps.py).
    expected = {
        page.url
        for home in module_demo_site.get_translations(inclusive=True)
        for page in live_pages(home)
    }
    assert set(paths) == expected
    assert len(paths) == len(expected)
    assert "/entwurf/" not in paths
    assert "/intern/" not in paths
    assert "/mitglieder/" not in paths


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_unknown_address_gives_the_german_404_page(client, module_demo_site):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    doc = soup(response)
    assert doc.html["lang"] == "de"
    assert doc.find("main", id="main").h1.get_text(strip=True) == "Seite nicht gefunden"
    assert "Zur Startseite" in doc.find("main").get_text()
    assert doc.find("footer") is not None


def test_draft_page_is_not_served(client, hidden_pages):
    response = client.get("/entwurf/")

    assert response.status_code == 404
    assert "Geheim A" not in page_text(response)


def test_password_protected_page_asks_for_the_password(client, hidden_pages):
    response = client.get("/intern/")

    assert "Geheim B" not in page_text(response)
    assert 'name="password"' in response.content.decode()


def test_login_protected_page_redirects_to_the_login(client, hidden_pages):
    response = client.get("/mitglieder/")

    assert response.status_code == 302
    assert "login" in response["Location"]
    assert "next=/mitglieder/" in response["Location"]


def test_unpublished_changes_stay_unpublished(client, module_demo_site):
    page = StandardPage.objects.get(slug="kontakt")
    page.intro = "Noch nicht freigegeben."
    page.save_revision()  # saved as draft, not published

    text = page_text(client.get("/kontakt/"))

    assert "Noch nicht freigegeben." not in text
    assert "So erreichen Sie das Zuwanderungs- und Integrationsbüro" in text
