from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import District, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "site"
    list_display = ["name", "slug"]


class ProjectDataViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Themen und Stadtteile")
    menu_icon = "tag"
    menu_order = 260
    items = (TopicViewSet, DistrictViewSet)


register_snippet(ProjectDataViewSetGroup)
