"""The office's contact data: stored once per site, shown in footer, contact page, JSON-LD."""

import re
from typing import TypedDict

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from rest_framework import serializers
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page

from zib_wagtail.core import chrome, conf, published
from zib_wagtail.core.models.translations import FieldTranslation, TranslatedFieldsMixin

postcode_validator = RegexValidator(r"^\d{5}$", _("Bitte eine fünfstellige Postleitzahl angeben."))


class Address(TypedDict):
    """A postal address."""

    building: str
    room: str
    street: str
    postcode: str
    city: str
    country: str


@register_setting(icon="home")
class OfficeSettings(TranslatedFieldsMixin, ClusterableModel, BaseSiteSetting):
    name = models.CharField(
        _("Name des Büros"),
        max_length=200,
        help_text=_("Der vollständige Name, z. B. „Zuwanderungs- und Integrationsbüro“."),
    )
    short_name = models.CharField(_("Kurzname"), max_length=40, help_text=_("Zum Beispiel „ZIB“."))
    placement = models.CharField(
        _("Organisatorische Einordnung"),
        max_length=300,
        blank=True,
        help_text=_("Zum Beispiel „Stabsstelle im Dezernat für Finanzen und Nachhaltigkeit“."),
    )
    parent_organisation = models.CharField(
        _("Träger"),
        max_length=200,
        blank=True,
        help_text=_(
            "Die Verwaltung, zu der das Büro gehört, z. B. „Landeshauptstadt Saarbrücken“."
        ),
    )
    founded_year = models.PositiveSmallIntegerField(
        _("Gründungsjahr"),
        null=True,
        blank=True,
        help_text=_("Leer lassen, wenn unbekannt."),
    )
    building = models.CharField(
        _("Gebäude"), max_length=200, blank=True, help_text=_("Z. B. „Rathaus St. Johann“.")
    )
    room = models.CharField(_("Raum"), max_length=50, blank=True, help_text=_("Z. B. „Raum 224“."))
    street = models.CharField(
        _("Straße und Hausnummer"), max_length=200, help_text=_("Z. B. „Rathausplatz 1“.")
    )
    postcode = models.CharField(
        _("Postleitzahl"),
        max_length=5,
        validators=[postcode_validator],
        help_text=_("Fünf Ziffern."),
    )
    city = models.CharField(
        pgettext_lazy("address", "Ort"), max_length=100, help_text=_("Z. B. „Saarbrücken“.")
    )
    phone = models.CharField(
        _("Telefon"),
        max_length=50,
        blank=True,
        help_text=_("So, wie die Nummer angezeigt werden soll, z. B. „0681 9051588“."),
    )
    email = models.EmailField(
        _("E-Mail"),
        blank=True,
        help_text=_("Die allgemeine Adresse des Büros; erhält auch Hinweise auf neue Anträge."),
    )
    website = models.URLField(
        _("Website"),
        blank=True,
        help_text=_("Die Adresse der Website des Büros, vollständig mit https://."),
    )
    opening_hours = models.TextField(
        _("Öffnungs- und Sprechzeiten"),
        blank=True,
        help_text=_("Eine Zeile pro Zeitraum, z. B. „Mo–Do 9–12 Uhr“."),
    )

    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Impressum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wird im Fußbereich jeder Seite verlinkt."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Datenschutzerklärung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wird im Fußbereich jeder Seite verlinkt."),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Erklärung zur Barrierefreiheit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wird im Fußbereich jeder Seite verlinkt."),
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Kontaktseite"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wird im Fußbereich jeder Seite als „Kontakt“ verlinkt."),
    )

    easy_language_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Seite in Leichter Sprache"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wird im Kopfbereich jeder Seite als „Leichte Sprache“ verlinkt."),
    )

    # With their locales: the footer shows each page in the reader's language (zib_tags).
    select_related = [
        "imprint_page__locale",
        "privacy_page__locale",
        "accessibility_page__locale",
        "contact_page__locale",
        "easy_language_page__locale",
    ]

    contact_panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("placement"),
                FieldPanel("parent_organisation"),
                FieldPanel("founded_year"),
            ],
            heading=_("Das Büro"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("building"), FieldPanel("room")]),
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
            ],
            heading=_("Anschrift"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
                FieldPanel("opening_hours"),
            ],
            heading=_("Erreichbarkeit"),
        ),
    ]
    legal_panels = [
        FieldPanel("contact_page"),
        FieldPanel("imprint_page"),
        FieldPanel("privacy_page"),
        FieldPanel("accessibility_page"),
        FieldPanel("easy_language_page"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(contact_panels, heading=_("Kontaktdaten")),
            ObjectList(legal_panels, heading=_("Seiten im Fußbereich")),
            ObjectList(
                [
                    InlinePanel(
                        "translations",
                        label=_("Übersetzung"),
                        help_text=_(
                            "Name, Einordnung und Sprechzeiten in den anderen Sprachen der "
                            "Website. Fehlt eine Übersetzung, steht dort der deutsche Text (als "
                            "Deutsch gekennzeichnet). Adresse, Telefon und E-Mail gelten für "
                            "alle Sprachen."
                        ),
                    )
                ],
                heading=_("Übersetzungen"),
            ),
        ]
    )

    #: The public fields, for both content APIs (/api/v1/settings/office/, /api/v2/); `address`,
    #: `phone_uri`, `pages` and `schema_org` are typed properties, `opening_hours` is published
    #: line by line.
    api_fields = [
        APIField("name"),
        APIField("short_name"),
        APIField("placement"),
        APIField("parent_organisation"),
        APIField("founded_year"),
        APIField("address"),
        APIField("phone"),
        APIField("phone_uri"),
        APIField("email"),
        APIField("website"),
        APIField(
            "opening_hours",
            serializer=serializers.ListField(
                child=serializers.CharField(), source="opening_hours_lines", read_only=True
            ),
        ),
        APIField("pages"),
        APIField("schema_org"),
        APIField("name_translations"),
        APIField("placement_translations"),
        APIField("opening_hours_translations"),
    ]

    class Meta:
        verbose_name = _("Kontaktdaten des Büros")

    def __str__(self):
        return self.name

    @classmethod
    def for_request(cls, request):
        """The site's contact data with its translations, remembered until published content
        changes (zib_wagtail.core.published; every save of these settings starts a new version)
        and cached on the request as Wagtail does."""
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = chrome.site_for_request(request) if request is not None else None
        if site is None:
            return super().for_request(request)

        def compute():
            office = cls.for_site(site)
            models.prefetch_related_objects([office], "translations")
            return office

        office = published.remembered("office_settings", (site.pk,), compute)
        office._request = request
        setattr(request, attr_name, office)
        return office

    @property
    def display_name(self):
        """The name for the site header and mail signatures: the office's name, else the name of
        its Wagtail site, else WAGTAIL_SITE_NAME (so a site whose settings are not filled in yet
        shows its own name, never another office's)."""
        if self.name:
            return self.name
        site_name = self.site.site_name if self.site_id else ""
        return site_name or getattr(settings, "WAGTAIL_SITE_NAME", "")

    @property
    def phone_uri(self) -> str:
        """The phone number as a `tel:` URI in international form (German numbers assumed)."""
        digits = re.sub(r"[^\d+]", "", self.phone)
        if digits.startswith("00"):
            digits = "+" + digits[2:]
        elif digits.startswith("0"):
            digits = "+49" + digits[1:]
        return f"tel:{digits}" if digits else ""

    @property
    def address(self) -> Address:
        return {
            "building": self.building,
            "room": self.room,
            "street": self.street,
            "postcode": self.postcode,
            "city": self.city,
            "country": "DE",
        }

    @property
    def pages(self) -> dict[str, Page | None]:
        """Footer and header pages by field name (`imprint_page`, `privacy_page`,
        `accessibility_page`, `contact_page`, `easy_language_page`), each in the active language
        (the API's `locale`) where it is translated."""
        return {
            field.name: page.localized if (page := getattr(self, field.name)) else None
            for field in self._meta.get_fields()
            if isinstance(field, models.ForeignKey) and issubclass(field.related_model, Page)
        }

    @property
    def schema_org(self) -> dict:
        """The office as a schema.org GovernmentOffice (JSON-LD)."""
        return self.as_schema_org()

    @property
    def opening_hours_lines(self) -> list[str]:
        """One entry per line as the office wrote it."""
        return _lines(self.opening_hours)

    @property
    def localized_name(self):
        """(name, language): the name in the active language, else the German one."""
        name, language = self.translated("name")
        return (name or self.display_name), language

    @property
    def localized_placement(self):
        return self.translated("placement")

    @property
    def localized_opening_hours(self):
        """(lines, language) of the office hours in the active language, else the German."""
        text, language = self.translated("opening_hours")
        return _lines(text), language

    @property
    def name_translations(self) -> dict[str, str]:
        """The name in the other languages, by language code (only those translated)."""
        return self.translations_of("name")

    @property
    def placement_translations(self) -> dict[str, str]:
        """The organisational placement in the other languages, by language code."""
        return self.translations_of("placement")

    @property
    def opening_hours_translations(self) -> dict[str, list[str]]:
        """The office hours line by line in the other languages, by language code."""
        return {code: _lines(text) for code, text in self.translations_of("opening_hours").items()}

    @property
    def has_editorial_gap(self):
        return str(conf.editorial_gap()) in self.opening_hours

    def as_schema_org(self):
        """The office as a schema.org GovernmentOffice, ready for JSON-LD."""
        data = {
            "@context": "https://schema.org",
            "@type": "GovernmentOffice",
            "name": self.name,
            "alternateName": self.short_name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.street,
                "postalCode": self.postcode,
                "addressLocality": self.city,
                "addressCountry": "DE",
            },
        }
        location = ", ".join(part for part in (self.building, self.room) if part)
        if location:
            data["location"] = {"@type": "Place", "name": location}
        if self.phone:
            data["telephone"] = self.phone_uri.removeprefix("tel:")
        if self.email:
            data["email"] = self.email
        if self.website:
            data["url"] = self.website
        if self.founded_year:
            data["foundingDate"] = str(self.founded_year)
        if self.parent_organisation:
            data["parentOrganization"] = {
                "@type": "GovernmentOrganization",
                "name": self.parent_organisation,
            }
        return data


class OfficeSettingsTranslation(FieldTranslation):
    """The office's name, placement and hours in another language; the address, phone and
    e-mail are the same in every language."""

    office = ParentalKey(OfficeSettings, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(_("Name des Büros"), max_length=200, blank=True)
    placement = models.CharField(_("Organisatorische Einordnung"), max_length=300, blank=True)
    opening_hours = models.TextField(
        _("Öffnungs- und Sprechzeiten"),
        blank=True,
        help_text=_("Eine Zeile pro Zeitraum, wie im deutschen Text."),
    )

    panels = [
        FieldRowPanel([FieldPanel("language"), FieldPanel("name")]),
        FieldPanel("placement"),
        FieldPanel("opening_hours"),
    ]

    class Meta(FieldTranslation.Meta):
        verbose_name = _("Übersetzung der Kontaktdaten")
        verbose_name_plural = _("Übersetzungen der Kontaktdaten")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "language"], name="zib_office_translation_once"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.language})"


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
