import pytest
from django.contrib.auth.models import Group
from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests import builders

REDAKTION = "Redaktion"
FREIGABE = "Freigabe"
SACHBEARBEITUNG = "Zuschüsse-Sachbearbeitung"
BEGUTACHTUNG = "Zuschüsse-Begutachtung"
LEITUNG = "Zuschüsse-Leitung"
UEBERSETZUNG = "Übersetzung"
PASSWORD = builders.EDITOR_PASSWORD


def make_role_user(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def redakteurin(db, django_user_model):
    return make_role_user(django_user_model, "redakteurin", REDAKTION)


@pytest.fixture
def freigeber(db, django_user_model):
    return make_role_user(django_user_model, "freigeber", FREIGABE)


@pytest.fixture
def sachbearbeiter(db, django_user_model):
    return make_role_user(django_user_model, "sachbearbeiter", SACHBEARBEITUNG)


@pytest.fixture
def uebersetzerin(db, django_user_model):
    return make_role_user(django_user_model, "uebersetzerin", UEBERSETZUNG)


def project_form_data(title="Sprachcafé Malstatt", action=None, **fields):
    """POST data of the page editor for a ProjectPage; `action` e.g. "action-submit"."""
    data = {
        "title": title,
        "slug": fields.pop("slug", slugify(title)),
        "summary": "Menschen aus aller Welt treffen sich jeden Donnerstag zum Deutschsprechen.",
        "body": streamfield([("paragraph", rich_text("<p>Offen für alle.</p>"))]),
        "comments": inline_formset([]),
        **fields,
    }
    form_data = nested_form_data(data)
    if action:
        form_data[action] = "1"
    return form_data
