"""The reusable apps name no particular office: the site chrome falls back to the site's own
name, and the block previews editors see in the block chooser are neutral sample text.

(The example site's ZIB texts come from its settings and its content; see test_seed_facts.py.)
"""

import pytest
from wagtail.models import Site

from home.blocks import FocusAreaBlock
from tests.builders import soup
from zib_wagtail.core.blocks import BaseStreamBlock
from zib_wagtail.core.models import OfficeSettings

OFFICE_SPECIFIC = ("ZIB", "Zuwanderungs", "Saarbr", "saarbruecken", "Ausschuss für soziale")


def _header(client):
    return soup(client.get("/")).find("header", class_="site-header")


@pytest.mark.django_db
def test_header_without_office_settings_shows_the_sites_own_name(client, settings, home_page):
    settings.WAGTAIL_SITE_NAME = "Integrationsbüro Musterstadt"

    brand = _header(client).find(class_="site-brand")
    assert brand.find(class_="site-brand__name").get_text(strip=True) == (
        "Integrationsbüro Musterstadt"
    )
    assert brand.find(class_="site-brand__short") is None
    assert not any(name in brand.get_text() for name in OFFICE_SPECIFIC)

    site = Site.objects.get(is_default_site=True)
    site.site_name = "Stadt Musterstadt"
    site.save()
    brand = _header(client).find(class_="site-brand")
    assert brand.find(class_="site-brand__name").get_text(strip=True) == "Stadt Musterstadt"


@pytest.mark.django_db
def test_header_shows_the_office_settings(client, home_page):
    office = OfficeSettings.for_site(Site.objects.get(is_default_site=True))
    office.name = "Büro für Vielfalt"
    office.short_name = "BfV"
    office.save()

    brand = _header(client).find(class_="site-brand")
    assert brand.find(class_="site-brand__short").get_text(strip=True) == "BfV"
    assert brand.find(class_="site-brand__name").get_text(strip=True) == "Büro für Vielfalt"


@pytest.mark.django_db  # the media blocks look up the newest library item
def test_block_previews_name_no_particular_office():
    blocks = {**BaseStreamBlock().child_blocks, "focus_area": FocusAreaBlock()}
    for name, block in blocks.items():
        preview = repr(block.get_preview_value())
        assert not [word for word in OFFICE_SPECIFIC if word in preview], (name, preview)
