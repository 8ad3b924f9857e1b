"""A round's questions exist in German only: on a page in another language they are marked
as German (lang="de"), like every untranslated text of the site."""

import pytest

from grants.models import FundingRound, GrantApplicationPage, RoundQuestion
from tests.builders import soup

from .form_client import walk

pytestmark = pytest.mark.django_db


def test_on_a_page_in_another_language_the_german_question_is_marked(client, module_demo_site):
    RoundQuestion.objects.create(
        funding_round=FundingRound.objects.current(),
        label="Schwerpunkt",
        help_text="Was steht im Mittelpunkt?",
    )
    url = GrantApplicationPage.objects.get(locale__language_code="en").url
    page = soup(walk(client, until="project", url=url))
    label = page.select_one('label[for="id_question_schwerpunkt"]')
    assert label.find("span", attrs={"lang": "de"}).get_text() == "Schwerpunkt"
    hint = page.select_one("#id_question_schwerpunkt_helptext")
    assert hint.find("span", attrs={"lang": "de"}).get_text() == "Was steht im Mittelpunkt?"
