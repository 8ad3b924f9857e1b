from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from zib_wagtail.core import visibility
from zib_wagtail.core.blocks import BaseStreamBlock
from zib_wagtail.core.conf import ConfiguredPageTypes


class BasePageQuerySet(PageQuerySet):
    """Wagtail's page queryset, whose `public()` reads the view restrictions once per content
    version instead of once per call (zib_wagtail.core.visibility)."""

    def private_q(self):
        return visibility.private_q()


BasePageManager = PageManager.from_queryset(BasePageQuerySet)


class BasePage(Page):
    """Behaviour every page of the site shares: meta description and search fields, and the
    remembered lookups that keep serving it to a few queries."""

    #: The field whose plain text serves as meta description when the editor set none.
    summary_field = None
    #: False for page types whose answers are for one visitor even without a session or form
    #: (e.g. a status page behind a secret link): no shared cache keeps them (core/gates.py).
    shared_cache = True

    objects = BasePageManager()

    class Meta:
        abstract = True

    @classmethod
    def get_serve_queryset(cls):
        """Where a page of this type is loaded from when a remembered route finds it
        (zib_wagtail.core.routing): add the select_related/prefetch_related its template needs."""
        return cls._default_manager.all()

    def get_view_restrictions(self):
        """Wagtail's view restrictions of the page, remembered until content changes."""
        return visibility.view_restrictions(self, lambda: Page.get_view_restrictions(self))

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
    #: Also below the grants overview, e.g. the applicants' help (where the grants app is).
    parent_page_types = ConfiguredPageTypes(
        "home.HomePage", "zib_core.StandardPage", "grants.GrantsPage"
    )
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
