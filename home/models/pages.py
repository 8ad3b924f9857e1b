from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from zib_wagtail.blocks import BaseStreamBlock


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


class FocusAreaBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), max_length=120)
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "pick"
        label = _("Schwerpunkt")
        template = "home/blocks/focus_area_block.html"
        description = _("Ein Arbeitsschwerpunkt des Büros mit kurzer Erläuterung.")
        preview_value = {
            "title": "Gesellschaftlicher Zusammenhalt",
            "text": "Das ZIB behält den gesellschaftlichen Zusammenhalt im Blick.",
        }


class HomePage(BasePage):
    intro = RichTextField(
        _("Einleitung"),
        features=["bold", "italic", "link"],
        help_text=_("Zwei, drei Sätze: Wer ist das Büro, was macht es?"),
    )
    focus_heading = models.CharField(
        _("Überschrift der Schwerpunkte"), max_length=200, default="Unsere Schwerpunkte"
    )
    focus_intro = models.TextField(_("Einleitung der Schwerpunkte"), blank=True)
    focus_areas = StreamField(
        [("focus_area", FocusAreaBlock())],
        verbose_name=_("Schwerpunkte"),
        blank=True,
        max_num=6,
        help_text=_("Die Arbeitsschwerpunkte des Büros, empfohlen sind drei."),
    )
    projects_heading = models.CharField(
        _("Überschrift der Projekte"), max_length=200, default="Projekte"
    )
    grants_heading = models.CharField(_("Überschrift Zuschüsse"), max_length=200, blank=True)
    grants_text = models.TextField(_("Text Zuschüsse"), blank=True)
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
    body = StreamField(BaseStreamBlock(), verbose_name=_("Weitere Inhalte"), blank=True)

    summary_field = "intro"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.StandardPage", "projects.ProjectIndexPage", "grants.GrantsPage"]
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

    class Meta:
        verbose_name = _("Startseite")

    def get_featured_projects(self):
        """The featured project pages that are live and public, with their images, in order."""
        from projects.models import ProjectPage

        page_ids = [item.page_id for item in self.featured_projects.all()]
        pages = ProjectPage.objects.live().public().filter(id__in=page_ids).for_listing()
        by_id = {page.id: page for page in pages}
        return [by_id[page_id] for page_id in page_ids if page_id in by_id]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_projects"] = self.get_featured_projects()
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

    class Meta(Orderable.Meta):
        verbose_name = _("Hervorgehobenes Projekt")


class StandardPage(BasePage):
    intro = models.TextField(
        _("Einleitung"),
        blank=True,
        help_text=_(
            "Ein kurzer Absatz über dem Inhalt; dient auch als Beschreibung für Suchmaschinen."
        ),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("Inhalt"), blank=True)

    summary_field = "intro"
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")
