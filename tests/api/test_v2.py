"""API v2 (Wagtail's API) serves snippets, office settings and funding rounds from the same
`api_fields` as /api/v1/: list and detail, nothing private, `?locale=` where translatable."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.api import APIField
from wagtail.models import Locale, PageViewRestriction

from grants.models import FundingRound
from tests import builders
from zib_wagtail.core.models import District, OfficeSettings, Partner, StandardPage, Topic

pytestmark = pytest.mark.django_db

V2 = "/api/v2"


def get(client, endpoint, expected=200, **params):
    response = client.get(V2 + endpoint, params)
    assert response.status_code == expected, (response.status_code, response.content)
    return response.json()


def body_fields(item):
    return [name for name in item if name not in ("id", "meta")]


def names(model):
    return [field.name for field in APIField.get_fields_for_model(model)]


@pytest.fixture
def snippets(home_page):
    english = Locale.objects.get(language_code="en")
    topic = builders.make_topic("bildung", "Bildung")
    topic_en = topic.copy_for_translation(english)
    topic_en.name = "Education"
    topic_en.save()
    district = builders.make_district("malstatt", "Malstatt")
    district_en = district.copy_for_translation(english)
    district_en.save()
    partner = builders.make_partner(
        "Stadtteilbüro Malstatt",
        kind=Partner.Kind.COMMUNITY_WORK,
        logo=builders.make_image(title="Logo"),
    )
    partner_en = partner.copy_for_translation(english)
    partner_en.name = "District office Malstatt"
    partner_en.save()
    return {
        "topics": (topic, topic_en),
        "districts": (district, district_en),
        "partners": (partner, partner_en),
    }


@pytest.mark.parametrize(
    ("endpoint", "model"), [("topics", Topic), ("districts", District), ("partners", Partner)]
)
def test_snippet_endpoints_list_and_detail_with_their_api_fields(client, snippets, endpoint, model):
    german, english = snippets[endpoint]
    listed = get(client, f"/{endpoint}/")
    assert listed["meta"]["total_count"] == 2
    assert {item["id"] for item in listed["items"]} == {german.pk, english.pk}
    for item in listed["items"]:
        assert body_fields(item) == names(model)
        assert item["meta"]["type"] == model._meta.label
        assert item["meta"]["detail_url"] == f"http://localhost/api/v2/{endpoint}/{item['id']}/"

    detail = get(client, f"/{endpoint}/{german.pk}/")
    assert detail["id"] == german.pk
    assert detail["meta"]["locale"] == "de"
    assert body_fields(detail) == names(model)
    assert detail["name"] == german.name


@pytest.mark.parametrize("endpoint", ["topics", "districts", "partners"])
def test_snippet_endpoints_filter_by_locale(client, snippets, endpoint):
    german, english = snippets[endpoint]
    only_english = get(client, f"/{endpoint}/", locale="en")
    assert [item["id"] for item in only_english["items"]] == [english.pk]
    assert only_english["items"][0]["meta"]["locale"] == "en"
    assert [item["id"] for item in get(client, f"/{endpoint}/", locale="de")["items"]] == [
        german.pk
    ]


def test_a_partner_links_its_logo_like_wagtail_links_images(client, snippets):
    partner = snippets["partners"][0]
    detail = get(client, f"/partners/{partner.pk}/")
    assert detail["kind"] == "community_work"
    assert detail["kind_label"] == "Gemeinwesenarbeit"
    assert detail["logo"]["id"] == partner.logo_id
    assert detail["logo"]["meta"]["type"] == "wagtailimages.Image"


def test_snippet_fields_outside_api_fields_cannot_be_filtered_or_ordered_by(client, snippets):
    assert "query parameter" in get(client, "/partners/", expected=400, logo_id=1)["message"]
    assert (
        "cannot order" in get(client, "/topics/", expected=400, order="translation_key")["message"]
    )
    assert [item["name"] for item in get(client, "/topics/", order="-name")["items"]] == [
        "Education",
        "Bildung",
    ]


# --- Funding rounds ------------------------------------------------------------------------------


@pytest.fixture
def funding_round(db):
    now = timezone.now()
    return builders.make_funding_round(
        now - datetime.timedelta(days=1),
        now + datetime.timedelta(days=30),
        title="Zuschüsse 2026",
        budget=Decimal("98765.43"),
        max_amount_per_application=Decimal("5000.00"),
    )


def test_funding_rounds_list_and_detail_only_their_public_fields(client, funding_round):
    listed = get(client, "/funding-rounds/")
    assert [item["id"] for item in listed["items"]] == [funding_round.pk]
    detail = get(client, f"/funding-rounds/{funding_round.pk}/")
    for item in (listed["items"][0], detail):
        assert body_fields(item) == names(FundingRound)
        assert item["state"] == "open"
        assert item["max_amount_per_application"] == "5000.00"
        assert "budget" not in item
    everything = client.get(f"{V2}/funding-rounds/{funding_round.pk}/", {"fields": "*"})
    assert b"98765" not in everything.content
    assert "locale" not in detail["meta"]


@pytest.mark.parametrize(
    "params",
    [{"fields": "budget"}, {"budget": "98765.43"}, {"order": "budget"}, {"locale": "de"}],
)
def test_a_funding_rounds_internal_fields_are_not_even_an_oracle(client, funding_round, params):
    response = client.get(f"{V2}/funding-rounds/", params)
    assert response.status_code == 400, response.content
    assert b"98765" not in response.content


# --- Office settings -----------------------------------------------------------------------------


@pytest.fixture
def office(home_page):
    english = Locale.objects.get(language_code="en")
    imprint = StandardPage(title="Impressum", slug="impressum", intro="Angaben.")
    home_page.add_child(instance=imprint)
    home_page.copy_for_translation(english).save_revision().publish()
    imprint_en = imprint.copy_for_translation(english)
    imprint_en.title = "Imprint"
    imprint_en.save_revision().publish()
    members = StandardPage(title="Intern", slug="intern", intro="Nur für Mitglieder.")
    home_page.add_child(instance=members)
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    settings = OfficeSettings.for_site(home_page.get_site())
    settings.name = "Zuwanderungs- und Integrationsbüro"
    settings.street = "Rathausplatz 1"
    settings.postcode = "66111"
    settings.city = "Saarbrücken"
    settings.phone = "0681 9051588"
    settings.opening_hours = "Mo–Do 9–12 Uhr\nDi 14–16 Uhr"
    settings.imprint_page = imprint
    settings.contact_page = members
    settings.save()
    return {"settings": settings, "imprint": imprint, "imprint_en": imprint_en}


def test_office_settings_of_the_requested_site(client, office):
    listed = get(client, "/office-settings/")
    assert [item["id"] for item in listed["items"]] == [office["settings"].pk]
    detail = get(client, f"/office-settings/{office['settings'].pk}/")
    assert body_fields(detail) == names(OfficeSettings)
    assert listed["items"][0] == detail
    assert detail["address"]["city"] == "Saarbrücken"
    assert detail["phone_uri"] == "tel:+496819051588"
    assert detail["opening_hours"] == ["Mo–Do 9–12 Uhr", "Di 14–16 Uhr"]
    imprint = detail["pages"]["imprint_page"]
    assert imprint == {
        "id": office["imprint"].pk,
        "meta": {
            "type": "zib_core.StandardPage",
            "detail_url": f"http://localhost/api/v2/pages/{office['imprint'].pk}/",
            "html_url": "http://localhost/impressum/",
        },
        "title": "Impressum",
    }
    assert detail["pages"]["contact_page"] is None  # private: never linked
    assert detail["schema_org"]["name"] == "Zuwanderungs- und Integrationsbüro"


def test_office_settings_footer_pages_in_the_requested_language(client, office):
    detail = get(client, f"/office-settings/{office['settings'].pk}/", locale="en")
    assert detail["pages"]["imprint_page"]["id"] == office["imprint_en"].pk
    assert detail["pages"]["imprint_page"]["title"] == "Imprint"
    assert (
        "must be one of" in get(client, "/office-settings/", expected=400, locale="xx")["message"]
    )


def test_v2_pages_endpoint_keeps_its_own_field_filters(client, project_index):
    malstatt = builders.make_district("malstatt", "Malstatt")
    project = builders.make_project(project_index, "Bildungswerkstatt", district=malstatt)
    builders.make_project(project_index, "Anderswo")
    listed = get(client, "/pages/", type="projects.ProjectPage")
    assert len(listed["items"]) == 2
    in_malstatt = get(client, "/pages/", type="projects.ProjectPage", district=malstatt.pk)
    assert [item["id"] for item in in_malstatt["items"]] == [project.pk]


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents", "partners", "topics"])
@pytest.mark.parametrize(
    ("param", "value"), [("offset", "99999999999999999999"), ("limit", "99999999999999999999")]
)
def test_v2_refuses_huge_offsets_and_limits_with_400(client, home_page, endpoint, param, value):
    response = client.get(f"/api/v2/{endpoint}/", {param: value})
    assert response.status_code == 400
    assert param in response.json()["message"]
