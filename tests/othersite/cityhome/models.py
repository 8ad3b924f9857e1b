"""Othercity's own home page, as `wagtail start` generates one (in an app not named `home`)."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["zib_core.StandardPage", "projects.ProjectIndexPage", "grants.GrantsPage"]
