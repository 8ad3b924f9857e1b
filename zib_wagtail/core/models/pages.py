from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from zib_wagtail.core.blocks import BaseStreamBlock
from zib_wagtail.core.conf import ConfiguredPageTypes


class BasePage(Page):
    """Behaviour every page of the site shares: meta description and search fields."""

    #: The field whose plain text serves as meta description when the editor set none.
    summary_field = None

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        if self.search_description:
            return self.search_description
        if self.summary_field:
            text = strip_tags(str(getattr(self, self.summary_field, "") or ""))
            return Truncator(" ".join(text.split())).chars(160)
        return ""


class StandardPage(BasePage):
    intro = models.TextField(
        _("Einleitung"),
        blank=True,
        help_text=_(
            "Ein kurzer Absatz über dem Inhalt; dient auch als Beschreibung für Suchmaschinen."
        ),
    )
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("Inhalt"),
        blank=True,
        help_text=_(
            "Der Inhalt aus Bausteinen: Überschriften, Text, Bilder, Downloads, Fragen und "
            "Antworten, Kontaktkarten."
        ),
    )

    summary_field = "intro"
    parent_page_types = ConfiguredPageTypes("home.HomePage", "zib_core.StandardPage")
    subpage_types = ConfiguredPageTypes("zib_core.StandardPage")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")
