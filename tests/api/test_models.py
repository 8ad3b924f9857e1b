"""Snippets, office settings and funding rounds in /api/v1/: their payloads are built from the
models' `api_fields` by the same rules as the page schemas (schemas/models.py)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from wagtail.api import APIField
from wagtail.models import Locale, PageViewRestriction

from grants.models import FundingRound
from projects.models import ProjectPage
from tests import builders
from zib_wagtail.api.v1.schemas import models as model_schemas
from zib_wagtail.core.models import OfficeSettings, Partner, StandardPage, Topic

pytestmark = pytest.mark.django_db


def names(model):
    return [field.name for field in APIField.get_fields_for_model(model)]


# --- Snippets ------------------------------------------------------------------------------------


@pytest.fixture
def snippets(home_page):
    logo = builders.make_image(title="Logo")
    english = Locale.objects.get(language_code="en")
    topic = builders.make_topic("bildung", "Bildung")
    education = topic.copy_for_translation(english)
    education.name = "Education"
    education.save()
    return {
        "topic": topic,
        "topic_en": education,
        "district": builders.make_district("malstatt", "Malstatt"),
        "partner": builders.make_partner(
            "Stadtteilbüro Malstatt",
            kind=Partner.Kind.COMMUNITY_WORK,
            website="https://example.org/",
            description="Gemeinwesenarbeit im Stadtteil.",
            logo=logo,
        ),
    }


def test_topic_and_district_are_their_api_fields_with_id_and_locale(api, snippets):
    topic = api.get_json(f"/topics/{snippets['topic'].pk}/")
    assert topic == {
        "id": snippets["topic"].pk,
        "name": "Bildung",
        "slug": "bildung",
        "locale": "de",
    }
    assert list(topic) == ["id", *names(Topic), "locale"]
    district = api.get_json(f"/districts/{snippets['district'].pk}/")
    assert district == {
        "id": snippets["district"].pk,
        "name": "Malstatt",
        "slug": "malstatt",
        "locale": "de",
    }


def test_snippet_lists_filter_by_locale(api, snippets):
    everything = api.get_json("/topics/")
    assert {item["name"] for item in everything["items"]} == {"Bildung", "Education"}
    english = api.get_json("/topics/", locale="en")
    assert english["count"] == 1
    assert english["items"] == [
        {"id": snippets["topic_en"].pk, "name": "Education", "slug": "bildung", "locale": "en"}
    ]


def test_partner_payload_types_kind_label_and_logo_with_the_name_as_alt(api, snippets):
    partner = api.get_json(f"/partners/{snippets['partner'].pk}/")
    assert list(partner) == ["id", *names(Partner), "locale"]
    assert partner["kind"] == "community_work"
    assert partner["kind_label"] == "Gemeinwesenarbeit"
    assert partner["logo"]["alt"] == "Stadtteilbüro Malstatt"
    assert partner["logo"]["renditions"]["thumbnail"]["url"].startswith("http://testserver/")
    listed = api.get_json("/partners/")["items"]
    assert listed == [partner]


def test_a_page_embeds_snippets_exactly_as_their_own_endpoints_serve_them(
    api, project_index, snippets
):
    project = builders.make_project(
        project_index,
        "Bildungswerkstatt",
        topics=[snippets["topic"]],
        partners=[snippets["partner"]],
        district=snippets["district"],
    )
    detail = api.get_json(f"/pages/{project.pk}/")
    assert detail["topics"] == [api.get_json(f"/topics/{snippets['topic'].pk}/")]
    assert detail["district"] == api.get_json(f"/districts/{snippets['district'].pk}/")
    assert detail["partners"] == [api.get_json(f"/partners/{snippets['partner'].pk}/")]


@pytest.mark.parametrize("endpoint", ["topics", "districts", "partners", "funding-rounds"])
def test_unknown_ids_are_problem_404s(api, home_page, endpoint):
    problem = api.get_json(f"/{endpoint}/999999/", expected=404)
    assert problem["code"] == "not_found"
    assert "999999" in problem["detail"]


# --- Funding rounds ------------------------------------------------------------------------------


@pytest.fixture
def rounds(db):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    return {
        "closed": builders.make_funding_round(now - 90 * day, now - 60 * day, year=2025),
        "open": builders.make_funding_round(
            now - day,
            now + 30 * day,
            title="Zuschüsse offen",
            budget=Decimal("98765.43"),
            max_amount_per_application=Decimal("5000.00"),
            committee_meeting_date=(now + 60 * day).date(),
            description="Schwerpunkt Nachbarschaft.",
        ),
        "upcoming": builders.make_funding_round(now + 60 * day, now + 90 * day, year=2027),
    }


def test_a_funding_round_is_exactly_its_public_api_fields(api, rounds):
    funding_round = rounds["open"]
    detail = api.get_json(f"/funding-rounds/{funding_round.pk}/")
    assert list(detail) == ["id", *names(FundingRound)]
    assert detail["state"] == "open"
    assert detail["state_label"] == "Geöffnet"
    assert detail["max_amount_per_application"] == "5000.00"
    assert detail["description"] == "Schwerpunkt Nachbarschaft."
    assert "budget" not in detail
    assert "98765" not in str(api.get_json("/funding-rounds/"))


@pytest.mark.parametrize("state", ["open", "upcoming", "closed"])
def test_funding_rounds_filter_by_state(api, rounds, state):
    listed = api.get_json("/funding-rounds/", state=state)
    assert [item["id"] for item in listed["items"]] == [rounds[state].pk]
    assert listed["items"][0]["state"] == state


def test_funding_rounds_refuse_an_unknown_state(api, rounds):
    problem = api.get_json("/funding-rounds/", state="budget", expected=422)
    assert problem["errors"][0]["field"] == "state"


# --- Office settings -----------------------------------------------------------------------------


@pytest.fixture
def office(home_page):
    english = Locale.objects.get(language_code="en")
    imprint = StandardPage(title="Impressum", slug="impressum", intro="Angaben.")
    home_page.add_child(instance=imprint)
    home_en = home_page.copy_for_translation(english)
    home_en.save_revision().publish()
    imprint_en = imprint.copy_for_translation(english)
    imprint_en.title = "Imprint"
    imprint_en.save_revision().publish()
    privacy = StandardPage(title="Datenschutz", slug="datenschutz", intro="Daten.")
    home_page.add_child(instance=privacy)
    privacy.copy_for_translation(english)  # a draft translation only: not linked
    members = StandardPage(title="Intern", slug="intern", intro="Nur für Mitglieder.")
    home_page.add_child(instance=members)
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    settings = OfficeSettings.for_site(home_page.get_site())
    for name, value in {
        "name": "Zuwanderungs- und Integrationsbüro",
        "short_name": "ZIB",
        "building": "Rathaus St. Johann",
        "room": "Raum 224",
        "street": "Rathausplatz 1",
        "postcode": "66111",
        "city": "Saarbrücken",
        "phone": "0681 905-1588",
        "email": "zib@example.org",
        "opening_hours": "Mo–Do 9–12 Uhr\n\n  Di 14–16 Uhr  ",
        "imprint_page": imprint,
        "privacy_page": privacy,
        "contact_page": members,
    }.items():
        setattr(settings, name, value)
    settings.save()
    return {"imprint": imprint, "imprint_en": imprint_en, "privacy": privacy}


def test_office_payload_is_its_api_fields(api, office):
    data = api.get_json("/settings/office/")
    assert list(data) == names(OfficeSettings)
    assert data["address"] == {
        "building": "Rathaus St. Johann",
        "room": "Raum 224",
        "street": "Rathausplatz 1",
        "postcode": "66111",
        "city": "Saarbrücken",
        "country": "DE",
    }
    assert data["phone_uri"] == "tel:+496819051588"
    assert data["opening_hours"] == ["Mo–Do 9–12 Uhr", "Di 14–16 Uhr"]
    assert data["schema_org"]["@type"] == "GovernmentOffice"
    assert data["schema_org"]["address"]["postalCode"] == "66111"


def test_office_footer_pages_follow_the_requested_language_and_stay_public(api, office):
    german = api.get_json("/settings/office/")["pages"]
    assert set(german) == {
        "imprint_page",
        "privacy_page",
        "accessibility_page",
        "contact_page",
        "easy_language_page",
    }
    assert german["imprint_page"]["id"] == office["imprint"].pk
    assert german["contact_page"] is None  # a page with a view restriction is never linked
    assert german["accessibility_page"] is None

    english = api.get_json("/settings/office/", locale="en")["pages"]
    assert english["imprint_page"]["id"] == office["imprint_en"].pk
    assert english["imprint_page"]["title"] == "Imprint"
    assert english["imprint_page"]["api_url"].endswith(f"/pages/{office['imprint_en'].pk}/")
    # The English privacy page is a draft: the German one is linked instead.
    assert english["privacy_page"]["id"] == office["privacy"].pk


# --- The rules -----------------------------------------------------------------------------------


def test_every_model_with_api_fields_has_one_schema_with_exactly_those_fields(api, home_page):
    schema = api.get_json("/openapi.json")["components"]["schemas"]
    for model, component, extra in [
        (Topic, "TopicSchema", {"id", "locale"}),
        (Partner, "PartnerSchema", {"id", "locale"}),
        (FundingRound, "FundingRoundSchema", {"id"}),
        (OfficeSettings, "Office", set()),
    ]:
        assert set(schema[component]["properties"]) == set(names(model)) | extra, model
    assert schema["PartnerSchema"]["properties"]["kind"]["enum"] == list(Partner.Kind.values)
    assert schema["FundingRoundSchema"]["properties"]["state"]["enum"] == [
        "upcoming",
        "open",
        "closed",
    ]
    assert schema["Office"]["properties"]["address"] == {"$ref": "#/components/schemas/Address"}
    pages = schema["Office"]["properties"]["pages"]["additionalProperties"]["anyOf"]
    assert {"$ref": "#/components/schemas/PageLink"} in pages


def test_a_property_without_return_annotation_is_refused_with_its_name(monkeypatch):
    monkeypatch.setattr(Topic, "api_fields", [APIField("name"), APIField("__str__")])
    with pytest.raises(ImproperlyConfigured, match=r"Topic\.__str__ .*return annotation"):
        model_schemas.api_field_specs(Topic)


def test_a_related_model_without_api_fields_is_refused(monkeypatch):
    monkeypatch.setattr(Partner, "api_fields", [])
    with pytest.raises(ImproperlyConfigured, match=r"zib_core\.Partner has no api_fields"):
        model_schemas.api_field_specs(ProjectPage)


def test_an_api_field_with_a_serializer_source_publishes_the_source(monkeypatch):
    from rest_framework import serializers

    monkeypatch.setattr(
        Topic,
        "api_fields",
        [APIField("title", serializer=serializers.CharField(source="name"))],
    )
    (spec,) = model_schemas.api_field_specs(Topic)
    assert spec.name == "title"
    assert spec.serialize(Topic(name="Bildung"), None) == "Bildung"


def test_a_small_images_srcset_lists_each_width_once(api, db):
    from tests.builders import make_image

    image = make_image(size=(64, 48))
    srcset = api.get_json(f"/images/{image.pk}/")["srcset"]
    widths = [entry.rsplit(" ", 1)[1] for entry in srcset.split(", ")]
    assert widths == ["64w"]  # never upscaled, so every srcset spec gives the same rendition
