from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Partner(TranslatableMixin, index.Indexed, models.Model):
    """An organisation the office works with; linked from project pages."""

    class Kind(models.TextChoices):
        CITY_OFFICE = "city_office", _("Amt der Stadtverwaltung")
        COMMUNITY_WORK = "community_work", _("Gemeinwesenarbeit")
        MIGRANT_ORGANISATION = "migrant_organisation", _("Migrant*innenorganisation")
        ASSOCIATION = "association", _("Verein")
        OTHER = "other", _("Sonstige")

    name = models.CharField(
        _("Name"),
        max_length=200,
        help_text=_("Der vollständige Name, wie ihn die Organisation selbst schreibt."),
    )
    kind = models.CharField(
        _("Art"),
        max_length=30,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text=_("Ordnet die Organisation für Leserinnen und Leser ein."),
    )
    website = models.URLField(
        _("Website"), blank=True, help_text=_("Vollständige Adresse mit https://.")
    )
    description = models.TextField(
        _("Kurzbeschreibung"), blank=True, help_text=_("Ein bis zwei Sätze über die Organisation.")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Nur mit Erlaubnis der Organisation verwenden. Der Name der Organisation dient "
            "als Alternativtext."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("logo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("locale_id"),
    ]
    #: The public fields, for both content APIs (/api/v1/ and /api/v2/; `id` and `locale` are
    #: always there). The logo's alternative text is the organisation's name (`logo_alt`).
    api_fields = [
        APIField("name"),
        APIField("kind"),
        APIField("kind_label"),
        APIField("website"),
        APIField("description"),
        APIField("logo"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Partnerorganisation")
        verbose_name_plural = _("Partnerorganisationen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def kind_label(self) -> str:
        """The kind of organisation in words."""
        return str(self.get_kind_display())

    @property
    def logo_alt(self) -> str:
        return self.name


class Topic(TranslatableMixin, models.Model):
    name = models.CharField(
        _("Name"),
        max_length=100,
        help_text=_("Das Thema, wie es im Filter steht, z. B. „Bildung“."),
    )
    slug = models.SlugField(
        _("Kürzel"),
        max_length=100,
        help_text=_("Wird in Filteradressen verwendet, z. B. „bildung“."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    #: The public fields, for both content APIs (`id` and `locale` are always there).
    api_fields = [APIField("name"), APIField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_topic_slug_per_locale")
        ]

    def __str__(self):
        return self.name


class District(TranslatableMixin, models.Model):
    name = models.CharField(_("Name"), max_length=100, help_text=_("Stadtteil, z. B. „Malstatt“."))
    slug = models.SlugField(
        _("Kürzel"),
        max_length=100,
        help_text=_("Wird in Filteradressen verwendet, z. B. „malstatt“."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    #: The public fields, for both content APIs (`id` and `locale` are always there).
    api_fields = [APIField("name"), APIField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Stadtteil")
        verbose_name_plural = _("Stadtteile")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_district_slug_per_locale"
            )
        ]

    def __str__(self):
        return self.name
