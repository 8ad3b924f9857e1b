"""Public data kept outside pages, found on the page that shows it.

A record source adds text to the index entries of its pages: the office's contact data
(OfficeSettings: address, phone, e-mail, opening hours) to the contact page and its translations;
configured models (`ZIB_SEARCH_RECORDS`, e.g. the funding rounds) to the live pages of a page
type. The text is written in each page's language (labels, translated fields, dates) and shown
in the result's excerpt. Saving a record re-indexes its pages (search.signals).
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_relations
from wagtail.models import Page

from zib_wagtail.core.models import OfficeSettings


class RecordSource:
    """Where some public data lives and which pages show it."""

    #: The models whose saving changes the text (the record model and its translations).
    def models(self):
        raise NotImplementedError

    def pages(self):
        """The pages (any language) that show the records, for re-indexing."""
        raise NotImplementedError

    def texts(self, pages, languages):
        """{page id: [text, …]} for those of `pages` that show records, each in its page's
        language (`languages`: locale id → language code)."""
        raise NotImplementedError


def _with_children(model):
    return [model, *(relation.related_model for relation in get_all_child_relations(model))]


class OfficeContact(RecordSource):
    """The office's contact data (OfficeSettings) on its contact page, in every language."""

    def models(self):
        return _with_children(OfficeSettings)

    def pages(self):
        keys = Page.objects.filter(
            pk__in=OfficeSettings.objects.exclude(contact_page=None).values("contact_page")
        ).values("translation_key")
        return Page.objects.filter(translation_key__in=keys)

    def texts(self, pages, languages):
        offices = {}
        for office in (
            OfficeSettings.objects.exclude(contact_page=None)
            .select_related("contact_page")
            .prefetch_related("translations")
        ):
            offices.setdefault(office.contact_page.translation_key, []).append(office)
        found = {}
        for page in pages:
            for office in offices.get(page.translation_key, []):
                with translation.override(languages[page.locale_id]):
                    found.setdefault(page.pk, []).append(self.text(office))
        return found

    def text(self, office):
        """The contact data in the active language, as the search result shows them."""
        name, _name_language = office.localized_name
        hours, _hours_language = office.localized_opening_hours
        room = _("Raum")
        address = ", ".join(
            part
            for part in (
                office.building,
                f"{room} {office.room}" if office.room else "",
                office.street,
                f"{office.postcode} {office.city}".strip(),
            )
            if part
        )
        lines = [
            _label(
                _("Kontaktdaten"), f"{name} ({office.short_name})" if office.short_name else name
            ),
            _label(_("Adresse"), address),
        ]
        if office.phone:
            digits = re.sub(r"\D", "", office.phone)
            lines.append(_label(_("Telefonnummer"), f"{office.phone} ({digits})"))
        if office.email:
            lines.append(_label(_("E-Mail-Adresse"), office.email))
        if office.website:
            lines.append(_label(_("Website"), office.website))
        if hours:
            lines.append(_label(_("Öffnungs- und Sprechzeiten"), "; ".join(hours)))
        return " · ".join(line for line in lines if line)


def _label(label, value):
    return f"{label}: {value}" if value else ""


@dataclass
class ModelRecords(RecordSource):
    """Every object of a model on every live page of a page type, e.g. the funding rounds on
    the grants page: the model's public fields (its `api_fields` that are model fields), each
    with its label; texts of a `TranslatedFieldsMixin` model in the page's language."""

    model: str
    page_type: str

    @property
    def record_model(self):
        return apps.get_model(self.model)

    def models(self):
        return _with_children(self.record_model)

    def pages(self):
        return apps.get_model(self.page_type).objects.live()

    def texts(self, pages, languages):
        model = self.record_model
        page_model = apps.get_model(self.page_type)
        targets = [page for page in pages if isinstance(page, page_model)]
        if not targets:
            return {}
        records = list(model._default_manager.all())
        if any(relation.name == "translations" for relation in get_all_child_relations(model)):
            models.prefetch_related_objects(records, "translations")
        found = {}
        for page in targets:
            language = languages[page.locale_id]
            with translation.override(language):
                texts = [self.text(record, language) for record in records]
            if texts:
                found[page.pk] = texts
        return found

    def text(self, record, language):
        parts = []
        for name in self.public_fields():
            field = record._meta.get_field(name)
            value = self.value(record, field, language)
            if value not in (None, ""):
                parts.append(f"{field.verbose_name}: {value}")
        return " · ".join(str(part) for part in parts)

    def public_fields(self):
        model = self.record_model
        names = [getattr(api_field, "name", api_field) for api_field in model.api_fields]
        concrete = {field.name for field in model._meta.concrete_fields if not field.is_relation}
        return [name for name in names if name in concrete]

    def value(self, record, field, language):
        if isinstance(field, (models.CharField, models.TextField)) and hasattr(
            record, "translated"
        ):
            return record.translated(field.name, language)[0]
        value = getattr(record, field.name)
        if isinstance(field, models.DateTimeField) and value is not None:
            return formats.date_format(timezone.localtime(value), "DATE_FORMAT")
        if isinstance(field, models.DateField) and value is not None:
            return formats.date_format(value, "DATE_FORMAT")
        if isinstance(field, models.DecimalField) and value is not None:
            return formats.number_format(value, decimal_pos=2, use_l10n=True)
        return value


def sources():
    """The record sources: the office's contact data, then `ZIB_SEARCH_RECORDS` (dicts of
    `model` and `page_type`, or dotted paths of RecordSource classes)."""
    found = [OfficeContact()]
    for spec in getattr(settings, "ZIB_SEARCH_RECORDS", []):
        if isinstance(spec, dict):
            if _model_exists(spec["model"]) and _model_exists(spec["page_type"]):
                found.append(ModelRecords(**spec))
        else:
            found.append(import_string(spec)())
    return found


def _model_exists(label):
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def record_texts(pages, languages):
    """{page id: [text, …]} of every source for these pages."""
    found = {}
    for source in sources():
        for page_id, texts in source.texts(pages, languages).items():
            found.setdefault(page_id, []).extend(texts)
    return found
