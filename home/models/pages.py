from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import FocusAreaBlock
from zib_wagtail.core import chrome
from zib_wagtail.core.blocks import BaseStreamBlock
from zib_wagtail.core.models import BasePage


class HomePage(BasePage):
    intro = RichTextField(
        _("Einleitung"),
        features=["bold", "italic", "link"],
        help_text=_("Zwei, drei Sätze: Wer ist das Büro, was macht es?"),
    )
    focus_heading = models.CharField(
        _("Überschrift der Schwerpunkte"),
        max_length=200,
        default="Unsere Schwerpunkte",
        help_text=_("Steht über den Schwerpunkten, z. B. „Unsere Schwerpunkte“."),
    )
    focus_intro = models.TextField(
        _("Einleitung der Schwerpunkte"),
        blank=True,
        help_text=_("Ein, zwei Sätze vor den Schwerpunkten; kann leer bleiben."),
    )
    focus_areas = StreamField(
        [("focus_area", FocusAreaBlock())],
        verbose_name=_("Schwerpunkte"),
        blank=True,
        max_num=6,
        help_text=_("Die Arbeitsschwerpunkte des Büros, empfohlen sind drei."),
    )
    projects_heading = models.CharField(
        _("Überschrift der Projekte"),
        max_length=200,
        default="Projekte",
        help_text=_("Steht über den hervorgehobenen Projekten."),
    )
    grants_heading = models.CharField(
        _("Überschrift Zuschüsse"),
        max_length=200,
        blank=True,
        help_text=_("Z. B. „Zuschüsse für Vereine“. Leer lassen, um den Hinweis auszublenden."),
    )
    grants_text = models.TextField(
        _("Text Zuschüsse"),
        blank=True,
        help_text=_("Wer kann was beantragen, und bis wann? Zwei, drei Sätze."),
    )
    grants_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Seite zu Zuschüssen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wohin der Hinweis auf Zuschüsse verlinkt."),
    )
    show_contact = models.BooleanField(
        _("Kontaktdaten zeigen"),
        default=True,
        help_text=_("Zeigt die Kontaktdaten aus den Einstellungen am Ende der Startseite."),
    )
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("Weitere Inhalte"),
        blank=True,
        help_text=_("Bausteine am Ende der Startseite, z. B. ein Text oder eine Kontaktkarte."),
    )

    summary_field = "intro"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["zib_core.StandardPage", "projects.ProjectIndexPage", "grants.GrantsPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("focus_heading"), FieldPanel("focus_intro"), FieldPanel("focus_areas")],
            heading=_("Schwerpunkte"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("projects_heading"),
                InlinePanel("featured_projects", label=_("Hervorgehobenes Projekt"), max_num=6),
            ],
            heading=_("Hervorgehobene Projekte"),
        ),
        MultiFieldPanel(
            [FieldPanel("grants_heading"), FieldPanel("grants_text"), FieldPanel("grants_page")],
            heading=_("Hinweis auf Zuschüsse"),
        ),
        FieldPanel("show_contact"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("focus_intro"),
        index.SearchField("focus_areas"),
        index.SearchField("grants_heading"),
        index.SearchField("grants_text"),
        index.SearchField("body"),
    ]
    #: The public fields, for both content APIs (/api/v1/ and /api/v2/).
    api_fields = [
        APIField("intro"),
        APIField("focus_heading"),
        APIField("focus_intro"),
        APIField("focus_areas"),
        APIField("projects_heading"),
        APIField("featured_projects"),
        APIField("grants_heading"),
        APIField("grants_text"),
        APIField("grants_page"),
        APIField("show_contact"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("Startseite")

    def get_featured_projects(self):
        """The featured project pages that are live and public, with their images, in order.

        A translated home page shares the featured projects of its source (wagtail-localize
        synchronises them); each is shown in this page's language where it is translated, else
        in its own language (`content_language` is then set for the template's `lang`).
        """
        from projects.models import ProjectPage

        page_ids = [item.page_id for item in self.featured_projects.all()]
        keys = ProjectPage.objects.filter(id__in=page_ids).values("translation_key")
        pages = (
            ProjectPage.objects.live()
            .public()
            .filter(Q(id__in=page_ids) | Q(translation_key__in=keys, locale_id=self.locale_id))
            .select_related("locale")
            .for_listing()
        )
        by_id, by_key = {}, {}
        for page in pages:
            by_id[page.id] = page
            if page.locale_id == self.locale_id:
                by_key[page.translation_key] = page
        projects = []
        for page_id in page_ids:
            page = by_id.get(page_id)
            if page is None:
                continue
            translated = by_key.get(page.translation_key)
            if translated is None:
                page.content_language = page.locale.language_code
            projects.append(translated or page)
        return projects

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured = self.get_featured_projects()
        context["featured_projects"] = featured
        # The index the featured projects belong to (remembered with their ancestors).
        context["projects_index"] = chrome.parent(featured[0]) if featured else None
        # Page links are shared by all translations: link to the one in this page's language
        # (marked with its own language where there is none yet).
        context["grants_page"] = next(iter(chrome.localized_pages([self.grants_page_id])), None)
        return context


class HomePageFeaturedProject(Orderable):
    home_page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_projects")
    page = models.ForeignKey(
        "projects.ProjectPage",
        verbose_name=_("Projekt"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("page")]
    api_fields = [APIField("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("Hervorgehobenes Projekt")
