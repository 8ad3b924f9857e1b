"""Only live, public content is found: drafts, unpublished and private pages are not, in HTML
and in API v2. The index follows publishing."""

import pytest
from wagtail.models import PageViewRestriction

from tests.search.helpers import search_html


def found_in_html(client, query, url):
    _response, html = search_html(client, query)
    return f'href="{url}"' in html


def found_in_api(client, query, page):
    response = client.get("/api/v2/pages/", {"search": query})
    assert response.status_code == 200
    return page.pk in [item["id"] for item in response.json()["items"]]


def found(client, query, page):
    """Found by the search page and by API v2, or by neither (anything else fails)."""
    in_html = found_in_html(client, query, page.url)
    assert in_html == found_in_api(client, query, page), "HTML and API disagree"
    return in_html


def test_a_published_page_is_found(client, add_page):
    page = add_page("Sprachcafé", intro="Treffpunkt für Nachbarschaftsgespräche.")
    assert found(client, "Nachbarschaftsgespräche", page)


def test_a_draft_change_is_not_found_until_it_is_published(client, add_page):
    page = add_page("Sprachcafé", intro="Treffpunkt für Nachbarschaftsgespräche.")
    page.intro = "Neuer Text mit dem Geheimwort Zitronenfalter."
    page.save_revision()  # a draft of the live page, not published

    assert not found(client, "Zitronenfalter", page)
    _response, html = search_html(client, "Nachbarschaftsgespräche")
    assert "Zitronenfalter" not in html
    assert found(client, "Nachbarschaftsgespräche", page)

    page.get_latest_revision().publish()
    assert found(client, "Zitronenfalter", page)
    assert not found(client, "Nachbarschaftsgespräche", page)


def test_a_page_that_was_never_published_is_not_found(client, add_page):
    page = add_page("Entwurfsseite", intro="Ungeprüfte Planungsnotizen.", publish=False)
    assert not page.live
    assert not found_in_api(client, "Planungsnotizen", page)
    assert not found_in_html(client, "Planungsnotizen", "/entwurfsseite/")


def test_an_unpublished_page_is_no_longer_found(client, add_page):
    page = add_page("Sprachcafé", intro="Treffpunkt für Nachbarschaftsgespräche.")
    url = page.url
    assert found(client, "Nachbarschaftsgespräche", page)
    page.unpublish()
    assert not found_in_api(client, "Nachbarschaftsgespräche", page)
    assert not found_in_html(client, "Nachbarschaftsgespräche", url)


def test_a_deleted_page_is_no_longer_found(client, add_page):
    page = add_page("Sprachcafé", intro="Treffpunkt für Nachbarschaftsgespräche.")
    url = page.url
    page.delete()
    assert not found_in_html(client, "Nachbarschaftsgespräche", url)


@pytest.mark.parametrize(
    "restriction",
    [
        {"restriction_type": PageViewRestriction.PASSWORD, "password": "geheim"},
        {"restriction_type": PageViewRestriction.LOGIN},
    ],
    ids=["password", "login"],
)
def test_private_pages_and_their_children_are_not_found(client, add_page, restriction):
    private = add_page("Intern", intro="Vertrauliche Gremienunterlagen.")
    child = add_page("Protokoll", intro="Vertrauliche Sitzungsprotokolle.", parent=private)
    PageViewRestriction.objects.create(page=private, **restriction)

    assert not found(client, "Gremienunterlagen", private)
    assert not found(client, "Sitzungsprotokolle", child)
    assert not found(client, "Vertrauliche", child)


def test_a_private_page_is_not_found_by_a_logged_in_visitor_either(
    client, add_page, django_user_model
):
    private = add_page("Intern", intro="Vertrauliche Gremienunterlagen.")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(django_user_model.objects.create_user("buerger", password="x"))
    assert not found_in_html(client, "Gremienunterlagen", private.url)


def test_promotions_of_private_or_unpublished_pages_are_not_shown(client, add_page):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    private = add_page("Intern", intro="Vertrauliche Gremienunterlagen.")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    withdrawn = add_page("Alt", intro="Veraltete Hinweise.")
    withdrawn.unpublish()
    for page in (private, withdrawn):
        SearchPromotion.objects.create(query=Query.get("Kita"), page=page, sort_order=0)

    _response, html = search_html(client, "Kita")
    assert "Empfehlung der Redaktion" not in html
    assert 'href="/intern/"' not in html and 'href="/alt/"' not in html
