"""Text of a record that exists once (a funding round, the office's contact data) in the site's
other languages: one row per language, edited inline with the record.

Pages and snippets are translated with wagtail-localize instead; these records are not pages and
must stay one record (applications point to their round, a site has one contact data set).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import get_supported_content_language_variant

from zib_wagtail.core.conf import content_languages


def translation_language_choices():
    """The content languages except the default one, which is the record's own."""
    return [(code, name) for code, name in content_languages() if code != settings.LANGUAGE_CODE]


class FieldTranslation(models.Model):
    """One language's text of a record; subclasses add the ParentalKey and the text fields."""

    language = models.CharField(_("Sprache"), max_length=10, choices=translation_language_choices)

    class Meta:
        abstract = True


class TranslatedFieldsMixin:
    """`translated(field)` for a record with `translations` (FieldTranslation rows)."""

    def translated(self, field, language=None):
        """(text, language code) of `field` in `language` (default: the active one), else the
        record's own text in the default language."""
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        try:
            wanted = get_supported_content_language_variant(language or get_language())
        except LookupError:
            wanted = default
        if wanted != default and self.pk:
            for translation in self.translations.all():
                if translation.language == wanted and getattr(translation, field):
                    return getattr(translation, field), wanted
        return getattr(self, field), default

    def translations_of(self, field):
        """{language code: text} of `field` where translated."""
        if not self.pk:
            return {}
        return {t.language: getattr(t, field) for t in self.translations.all() if getattr(t, field)}
