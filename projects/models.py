import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.search import index

from projects.forms import ProjectPageForm
from zib_wagtail.core import published
from zib_wagtail.core.blocks import BaseStreamBlock
from zib_wagtail.core.conf import ConfiguredPageTypes
from zib_wagtail.core.models import BasePage, District, Topic
from zib_wagtail.core.models.pages import BasePageQuerySet

CARD_RENDITION = "fill-640x360"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Geplant")
    CONCEPT = "concept", _("In Konzeption")
    ONGOING = "ongoing", _("Laufend")
    COMPLETED = "completed", pgettext_lazy("project status", "Abgeschlossen")


class ProjectPageQuerySet(BasePageQuerySet):
    def with_status(self, today=None):
        """Annotate `current_status`, derived in the database exactly as ProjectPage.get_status."""
        today = today or timezone.localdate()
        not_started = Q(start_date__gt=today) | Q(
            start_date__isnull=True, start_year__gt=today.year
        )
        ended = Q(end_date__lt=today) | Q(end_date__isnull=True, end_year__lt=today.year)
        return self.annotate(
            current_status=Case(
                When(~Q(status_override=""), then="status_override"),
                When(not_started, then=Value(ProjectStatus.PLANNED.value)),
                When(ended, then=Value(ProjectStatus.COMPLETED.value)),
                default=Value(ProjectStatus.ONGOING.value),
                output_field=models.CharField(),
            )
        )

    def for_listing(self):
        """Everything a project card shows, in a constant number of queries; not the body
        (the widest column: sorting 10,000 projects by title would carry it along)."""
        image_model = get_image_model()
        return (
            self.defer("body")
            .select_related("district")
            .prefetch_related(
                "topics",
                models.Prefetch(
                    "image", queryset=image_model.objects.prefetch_renditions(CARD_RENDITION)
                ),
            )
        )


ProjectPageManager = PageManager.from_queryset(ProjectPageQuerySet)


def slugs_of(model):
    """Every slug of a snippet model (topics, districts), remembered until content changes."""
    return published.remembered(
        "slugs", (model._meta.label,), lambda: set(model.objects.values_list("slug", flat=True))
    )


class ProjectIndexPage(BasePage):
    intro = models.TextField(
        _("Einleitung"),
        blank=True,
        help_text=_("Ein kurzer Absatz über der Projektliste; dient auch Suchmaschinen."),
    )
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("Weitere Inhalte"),
        blank=True,
        help_text=_("Bausteine unter der Projektliste; kann leer bleiben."),
    )

    summary_field = "intro"
    parent_page_types = ConfiguredPageTypes("home.HomePage")
    subpage_types = ["projects.ProjectPage"]
    max_count_per_parent = 1
    projects_per_page = 12

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("Projektübersicht")

    def get_projects(self):
        """The live, public projects below this page, ready for listing."""
        return (
            ProjectPage.objects.child_of(self)
            .live()
            .public()
            .with_status()
            .for_listing()
            .order_by("title")
        )

    def filter_projects(self, projects, params):
        """Apply the status/topic/district filters of the query string; ignore unknown values."""
        active = {}
        status = params.get("status", "")
        if status in ProjectStatus.values:
            projects = projects.filter(current_status=status)
            active["status"] = status
        topic = params.get("thema", "")
        if topic and topic in slugs_of(Topic):
            # A subquery, not a join: no duplicate rows, so no DISTINCT over every project.
            tagged = ProjectPage.objects.filter(topics__slug=topic).values("pk")
            projects = projects.filter(pk__in=tagged)
            active["thema"] = topic
        district = params.get("stadtteil", "")
        if district and district in slugs_of(District):
            projects = projects.filter(district__slug=district)
            active["stadtteil"] = district
        return projects, active

    def listed_ids(self, projects, active):
        """The ids of the filtered projects in listing order, remembered until published
        content changes (zib_wagtail.core.published) and for the day (the status filter depends
        on the date): counting and sorting 10,000 projects once per publish, not per request."""
        return published.remembered(
            "project_ids",
            (self.pk, sorted(active.items()), timezone.localdate().isoformat()),
            lambda: list(projects.values_list("pk", flat=True)),
        )

    def paginate(self, projects, ids, page_number):
        """The page of `projects` whose ids in order are `ids` (`listed_ids`: only the ids are
        sorted, then the page's 12 rows fetched); its `page_links` are the numbers to link,
        elided around the current one (10,000 projects are 834 pages, not 834 links)."""
        paginator = Paginator(ids, self.projects_per_page)
        try:
            page = paginator.page(page_number)
        except PageNotAnInteger:
            page = paginator.page(1)
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
        ids = list(page.object_list)
        found = {project.pk: project for project in projects.filter(pk__in=ids)} if ids else {}
        page.object_list = [found[pk] for pk in ids if pk in found]
        page.page_links = list(
            paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        )
        return page

    def get_filter_options(self):
        """(topics, districts) of the live, public projects below this page, for the filter;
        remembered until published content changes (zib_wagtail.core.published)."""

        def compute():
            projects = ProjectPage.objects.child_of(self).live().public()
            return (
                list(Topic.objects.filter(projectpage__in=projects).distinct()),
                list(District.objects.filter(projectpage__in=projects).distinct()),
            )

        return published.remembered("project_filter_options", (self.pk,), compute)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        projects, active = self.filter_projects(self.get_projects(), request.GET)
        context["projects"] = self.paginate(
            projects, self.listed_ids(projects, active), request.GET.get("seite", 1)
        )
        context["active_filters"] = active
        context["status_choices"] = ProjectStatus.choices
        context["topics"], context["districts"] = self.get_filter_options()
        query = request.GET.copy()
        query.pop("seite", None)
        context["filter_query"] = query.urlencode()
        return context


class ProjectPage(BasePage):
    summary = models.TextField(
        _("Kurzbeschreibung"),
        help_text=_("Ein bis zwei Sätze für die Projektübersicht und Suchmaschinen."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("Beginn (Jahr)"), null=True, blank=True, help_text=_("Leer lassen, wenn unbekannt.")
    )
    start_date = models.DateField(
        _("Beginn (genaues Datum)"),
        null=True,
        blank=True,
        help_text=_("Nur, wenn der genaue Tag bekannt ist; das Jahr wird daraus übernommen."),
    )
    end_year = models.PositiveSmallIntegerField(
        _("Ende (Jahr)"), null=True, blank=True, help_text=_("Leer lassen bei offenem Ende.")
    )
    end_date = models.DateField(
        _("Ende (genaues Datum)"),
        null=True,
        blank=True,
        help_text=_("Nur, wenn der genaue Tag bekannt ist; das Jahr wird daraus übernommen."),
    )
    status_override = models.CharField(
        _("Status (manuell)"),
        max_length=20,
        choices=ProjectStatus.choices,
        blank=True,
        help_text=_(
            "Leer lassen: Der Status ergibt sich aus Beginn und Ende (geplant, laufend, "
            "abgeschlossen). Nur setzen, wenn er davon abweicht, z. B. „In Konzeption“."
        ),
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("Stadtteil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Der Stadtteil, in dem das Projekt stattfindet; für den Filter."),
    )
    location = models.CharField(
        pgettext_lazy("project location", "Ort"),
        max_length=200,
        blank=True,
        help_text=_("Genauer Ort, z. B. „Kirchberg“."),
    )
    partners = ParentalManyToManyField(
        "zib_core.Partner",
        verbose_name=_("Partnerorganisationen"),
        blank=True,
        help_text=_(
            "Die beteiligten Organisationen. Fehlt eine, legen Sie sie unter "
            "„Partnerorganisationen“ an."
        ),
    )
    topics = ParentalManyToManyField(
        Topic,
        verbose_name=_("Themen"),
        blank=True,
        help_text=_("Ein oder mehrere Themen; danach lässt sich die Projektübersicht filtern."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Bild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Erscheint in der Projektübersicht und oben auf der Seite. Nur Bilder verwenden, "
            "an denen die Stadt die Rechte hat."
        ),
    )
    image_alt_text = models.CharField(
        _("Alternativtext des Bildes"),
        max_length=300,
        blank=True,
        help_text=_(
            "Beschreibt, was auf dem Bild zu sehen ist. Pflicht, wenn ein Bild gewählt ist."
        ),
    )
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("Inhalt"),
        blank=True,
        help_text=_("Der ausführliche Text zum Projekt, aus Bausteinen."),
    )

    objects = ProjectPageManager()
    base_form_class = ProjectPageForm

    summary_field = "summary"
    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("start_date")]),
                FieldRowPanel([FieldPanel("end_year"), FieldPanel("end_date")]),
                FieldPanel("status_override"),
            ],
            heading=_("Zeitraum und Status"),
        ),
        MultiFieldPanel(
            [FieldPanel("district"), FieldPanel("location")],
            heading=pgettext_lazy("project location", "Ort"),
        ),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("partners"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt_text")], heading=_("Bild")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("location"),
        index.SearchField("body"),
        index.RelatedFields("district", [index.SearchField("name")]),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("partners", [index.SearchField("name")]),
        index.FilterField("start_year"),
        index.FilterField("end_year"),
    ]
    #: The public fields, for both content APIs; `status`, `period_label` and `image_alt` are
    #: typed properties (the API derives their types from the return annotations).
    api_fields = [
        APIField("summary"),
        APIField("start_year"),
        APIField("start_date"),
        APIField("end_year"),
        APIField("end_date"),
        APIField("status"),
        APIField("period_label"),
        APIField("district"),
        APIField("location"),
        APIField("topics"),
        APIField("partners"),
        APIField("image"),
        APIField("image_alt"),
        APIField("body"),
    ]
    #: Query parameters of the content API's page list for this page type, e.g.
    #: `/api/v1/pages/?status=ongoing&topic=bildung`: each with its value `type` (a choices enum
    #: lists the allowed values), its description, and how it filters a queryset of this type:
    #: `prepare` names a queryset method applied first, `lookup` the filter for the value.
    api_list_filters = [
        {
            "name": "status",
            "type": ProjectStatus,
            "description": "Projects with this status.",
            "prepare": "with_status",
            "lookup": "current_status",
        },
        {
            "name": "topic",
            "type": str,
            "max_length": 100,
            "description": "Projects with this topic slug.",
            "lookup": "topics__slug",
            "label": "topics__name",
        },
        {
            "name": "district",
            "type": str,
            "max_length": 100,
            "description": "Projects in this district (slug).",
            "lookup": "district__slug",
            "label": "district__name",
        },
    ]

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")

    @classmethod
    def get_serve_queryset(cls):
        """With what the project page shows: district, image, topics and partners."""
        return cls.objects.select_related("district", "image").prefetch_related(
            "topics", "partners"
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date:
            self.start_year = self.start_date.year
        if self.end_date:
            self.end_year = self.end_date.year
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("Das Ende darf nicht vor dem Beginn liegen.")
        elif self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Das Ende darf nicht vor dem Beginn liegen.")
        if self.image_id and not self.image_alt_text.strip():
            errors["image_alt_text"] = _("Bitte beschreiben Sie das Bild mit einem Alternativtext.")
        if errors:
            raise ValidationError(errors)

    def get_status(self, today=None):
        """planned/ongoing/completed from the period, unless an editor set the status by hand."""
        if self.status_override:
            return self.status_override
        today = today or timezone.localdate()
        start = self.start_date or (self.start_year and datetime.date(self.start_year, 1, 1))
        end = self.end_date or (self.end_year and datetime.date(self.end_year, 12, 31))
        if start and today < start:
            return ProjectStatus.PLANNED.value
        if end and today > end:
            return ProjectStatus.COMPLETED.value
        return ProjectStatus.ONGOING.value

    @property
    def status(self) -> ProjectStatus:
        """Derived from the period today, unless set by hand."""
        return getattr(self, "current_status", None) or self.get_status()

    @property
    def status_label(self):
        return ProjectStatus(self.status).label

    def _period_ends(self):
        start = date_format(self.start_date, "SHORT_DATE_FORMAT") if self.start_date else None
        end = date_format(self.end_date, "SHORT_DATE_FORMAT") if self.end_date else None
        return start or self.start_year, end or self.end_year

    def _period(self, wrap=str):
        start, end = self._period_ends()
        if start and end:
            return wrap(f"{start}–{end}")
        if start:
            return _("ab %(start)s") % {"start": wrap(start)}
        if end:
            return _("bis %(end)s") % {"end": wrap(end)}
        return ""

    @property
    def period_label(self) -> str:
        """The period as readers expect it: „2017–2019“, „ab 2020“, „bis 2026“ (dates in the
        active language's short format)."""
        return self._period()

    @property
    def period_html(self):
        """`period_label` with its numbers isolated left to right, so that right-to-left text
        cannot turn „2017–2019“ into „2019–2017“."""
        label = self._period(lambda text: format_html('<bdi dir="ltr">{}</bdi>', text))
        return mark_safe(label)  # noqa: S308 (the parts are escaped by format_html)

    @property
    def image_alt(self) -> str:
        return self.image_alt_text or (self.image.default_alt_text if self.image else "")
