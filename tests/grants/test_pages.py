"""Page rules of the grants pages and what editors may do with them."""

import pytest

from grants.models import FundingRound, GrantApplicationPage, GrantsPage
from home.models import HomePage
from zib_wagtail.core.models import StandardPage

pytestmark = pytest.mark.django_db


def test_page_tree_rules(application_page, grants_page, home_page):
    assert GrantsPage.allowed_parent_page_models() == [HomePage]
    assert GrantApplicationPage.allowed_parent_page_models() == [GrantsPage]
    assert GrantApplicationPage.allowed_subpage_models() == []
    # The form and content pages such as the applicants' help.
    assert GrantsPage.allowed_subpage_models() == [GrantApplicationPage, StandardPage]
    assert GrantsPage in HomePage.allowed_subpage_models()
    # One of each per parent.
    assert not GrantsPage.can_create_at(home_page)
    assert not GrantApplicationPage.can_create_at(grants_page)


def test_redaktion_edits_the_grants_pages(client, application_page, redakteur):
    client.force_login(redakteur)
    for page in (application_page.get_parent(), application_page):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200
    assert "Datenschutzhinweise" in response.content.decode()


def test_round_with_applications_cannot_be_deleted(admin_client, form_page, submit):
    submit()
    funding_round = FundingRound.objects.get()
    response = admin_client.post(f"/admin/grants_rounds/delete/{funding_round.pk}/")
    assert response.status_code in {200, 302}
    assert FundingRound.objects.filter(pk=funding_round.pk).exists()
