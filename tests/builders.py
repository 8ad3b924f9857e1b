"""Builders for test data: small functions with sensible defaults, overridable by keyword.

The fixtures in conftest.py wrap them; tests that need more than one object call them directly.
"""

import html
import json
import uuid
from itertools import count

from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from projects.models import ProjectIndexPage, ProjectPage
from zib_wagtail.core.models import District, Partner, StandardPage, Topic

_sequence = count(1)

#: The password of the `editor` fixture's user.
EDITOR_PASSWORD = "Redaktion-Passwort-2026"


def stream(*blocks):
    """StreamField data from (block_type, value) pairs, in the raw JSON form Wagtail stores."""
    return json.dumps(
        [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in blocks]
    )


def make_home_page(**fields):
    """A HomePage as root of the default site, replacing Wagtail's placeholder „Welcome“ page."""
    root = Page.get_first_root_node()
    for placeholder in root.get_children().exact_type(Page):
        placeholder.delete()
    fields.setdefault("title", "Zuwanderungs- und Integrationsbüro")
    fields.setdefault("slug", "home")
    fields.setdefault("intro", "<p>Testeinleitung der Startseite.</p>")
    home = HomePage(locale=Locale.get_default(), **fields)
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


def make_project_index(home, **fields):
    fields.setdefault("title", "Projekte")
    fields.setdefault("slug", "projekte")
    index = ProjectIndexPage(**fields)
    home.add_child(instance=index)
    return index


def make_standard_page(parent, title=None, *, live=True, **fields):
    """A StandardPage below `parent` (live without a revision unless live=False)."""
    number = next(_sequence)
    title = title or f"Inhaltsseite {number}"
    fields.setdefault("slug", f"{slugify(title)}-{number}")
    page = StandardPage(title=title, live=live, **fields)
    parent.add_child(instance=page)
    return page


def make_image(title=None, description="", size=(64, 48), colour="white"):
    """A Wagtail image (a small PNG in the in-memory storage of the test settings)."""
    number = next(_sequence)
    return get_image_model().objects.create(
        title=title or f"Bild {number}",
        description=description,
        file=get_test_image_file(filename=f"bild-{number}.png", size=size, colour=colour),
    )


def make_document(title="Integrationskonzept 2020", filename="konzept.pdf", content=b"%PDF-1.4"):
    return get_document_model().objects.create(
        title=title, file=ContentFile(content, name=filename)
    )


def make_topic(slug, name=None):
    topic, _created = Topic.objects.get_or_create(
        slug=slug, locale=Locale.get_default(), defaults={"name": name or slug.title()}
    )
    return topic


def make_district(slug, name=None):
    district, _created = District.objects.get_or_create(
        slug=slug, locale=Locale.get_default(), defaults={"name": name or slug.title()}
    )
    return district


def make_partner(name, **fields):
    partner, _created = Partner.objects.get_or_create(
        name=name, locale=Locale.get_default(), defaults=fields
    )
    return partner


def make_project(index, title=None, *, topics=(), partners=(), live=True, **fields):
    """A ProjectPage below `index`; live (published without a revision) unless live=False.

    Fields default to a plain project without dates (status „Laufend“); pass any model field
    to override, plus `topics` and `partners` as lists of snippets.
    """
    number = next(_sequence)
    title = title or f"Projekt {number}"
    fields.setdefault("slug", f"{slugify(title)}-{number}")
    fields.setdefault("summary", f"Kurzbeschreibung von {title}.")
    project = ProjectPage(title=title, live=live, **fields)
    project.topics = list(topics)
    project.partners = list(partners)
    index.add_child(instance=project)
    return project


# --- Reading responses -------------------------------------------------------------------------


def page_text(response):
    """The decoded response body with HTML entities resolved, for comparing with plain strings."""
    return html.unescape(response.content.decode())


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def json_ld_scripts(response):
    """The parsed contents of every <script type="application/ld+json"> element."""
    return [
        json.loads(script.string)
        for script in soup(response).find_all("script", type="application/ld+json")
    ]


def make_funding_round(opens_at, closes_at, **fields):
    """A funding round from `opens_at` to `closes_at`; title, year and budget have defaults."""
    from decimal import Decimal

    from grants.models import FundingRound

    fields.setdefault("title", f"Zuschüsse {opens_at.year}")
    fields.setdefault("year", opens_at.year)
    fields.setdefault("budget", Decimal("10000.00"))
    return FundingRound.objects.create(opens_at=opens_at, closes_at=closes_at, **fields)


def round_translations_form_data(*translations, initial=0):
    """The admin form's „Übersetzungen“ inline as POST data: each translation a dict of
    `language`, `title`, `description` (and `id`, `DELETE` for existing ones)."""
    data = {
        "translations-TOTAL_FORMS": str(len(translations)),
        "translations-INITIAL_FORMS": str(initial),
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
    }
    for number, translation in enumerate(translations):
        fields = {"description": "", "ORDER": str(number + 1), **translation}
        data.update({f"translations-{number}-{name}": value for name, value in fields.items()})
    return data


def round_questions_form_data(*questions, initial=0):
    """The admin form's „Fragen im Antragsformular“ inline as POST data: each question a dict
    of `label`, `question_type` (default "text"), `required` ("on" or absent), `help_text`,
    `options`, `key` (and `id`, `DELETE` for existing ones)."""
    data = {
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": str(initial),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for number, question in enumerate(questions):
        fields = {
            "question_type": "text",
            "help_text": "",
            "options": "",
            "key": "",
            "ORDER": str(number + 1),
            **question,
        }
        data.update({f"questions-{number}-{name}": value for name, value in fields.items()})
    return data


def round_criteria_form_data(*criteria, initial=0):
    """The admin form's „Kriterien der Begutachtung“ inline as POST data: each criterion a dict
    of `name`, `help_text`, `weight` (and `id`, `DELETE` for existing ones)."""
    data = {
        "review_criteria-TOTAL_FORMS": str(len(criteria)),
        "review_criteria-INITIAL_FORMS": str(initial),
        "review_criteria-MIN_NUM_FORMS": "0",
        "review_criteria-MAX_NUM_FORMS": "1000",
    }
    for number, criterion in enumerate(criteria):
        fields = {"help_text": "", "weight": "1", "ORDER": str(number + 1), **criterion}
        data.update({f"review_criteria-{number}-{name}": value for name, value in fields.items()})
    return data


def form_post_data(form):
    """What a browser would POST for an admin form as rendered (a WagtailAdminModelForm with its
    inline formsets), so that a test changes only what it means to change."""

    def values(bound_form):
        data = {}
        for bound_field in bound_form:
            value = bound_field.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            if isinstance(value, (list, tuple)):
                data[bound_field.html_name] = [str(item) for item in value]
            else:
                data[bound_field.html_name] = bound_field.field.widget.format_value(value) or value
        return data

    data = values(form)
    for formset in getattr(form, "formsets", {}).values():
        data.update(values(formset.management_form))
        for child in formset.forms:
            data.update(values(child))
    return data
