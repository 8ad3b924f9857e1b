"""The project editor offers only districts, topics and partners of the page's own language."""

import pytest
from wagtail.models import Locale

from projects.models import ProjectPage
from zib_wagtail.core.models import District, Partner, Topic


@pytest.mark.django_db
def test_project_editor_lists_only_choices_of_the_page_language(module_demo_site, admin_client):
    english = Locale.objects.get(language_code="en")
    german_topic = Topic.objects.get(slug="bildung", locale__language_code="de")
    english_topic = Topic.objects.get(translation_key=german_topic.translation_key, locale=english)
    project = ProjectPage.objects.get(slug="bildungswerkstatt", locale__language_code="de")

    response = admin_client.get(f"/admin/pages/{project.pk}/edit/")

    assert response.status_code == 200
    form = response.context["form"]
    assert german_topic in form.fields["topics"].queryset
    assert english_topic not in form.fields["topics"].queryset
    assert set(form.fields["topics"].queryset) == set(Topic.objects.filter(locale=project.locale))
    assert set(form.fields["district"].queryset) == set(
        District.objects.filter(locale=project.locale)
    )
    assert set(form.fields["partners"].queryset) == set(
        Partner.objects.filter(locale=project.locale)
    )
