"""The site search's own index and what editors maintain for it (synonyms, ranking weights).

`IndexEntry` holds one row per page as `search.index` analysed it (search.analysis); the full-text
part lives beside it: on PostgreSQL a weighted `tsvector` column with a GIN index, on SQLite an
FTS5 table `search_indexentry_fts` (created by the migration for the database it runs on).
`Term` is the index's vocabulary for „Meinten Sie …?“ (search.fuzzy).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import get_page_models

from zib_wagtail.core.conf import content_languages


class TSVectorField(models.Field):
    """PostgreSQL's `tsvector`; a text column elsewhere, left empty (SQLite has FTS5 instead)."""

    description = "text search vector"

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class IndexEntry(models.Model):
    """A page as the site search finds it: its stems per field (for the ranking, the same on
    both databases) and the text of the records shown on it (e.g. the office's contact data)."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=10, db_index=True)
    #: The page's depth in the tree: of pages that rank alike, the more general comes first.
    depth = models.PositiveIntegerField(default=0)
    #: Stems of the title's words, then of their parts, each separated by a space.
    title_words = models.TextField(blank=True)
    title_terms = models.TextField(blank=True)
    #: Stems of the search description (or the page's summary) and of its records.
    description_terms = models.TextField(blank=True)
    #: Stems of the section headings and FAQ questions of the text.
    heading_terms = models.TextField(blank=True)
    #: Stems of the text, for ranking the best matches exactly.
    body_terms = models.TextField(blank=True)
    #: The records' text as shown in the excerpt.
    record_text = models.TextField(blank=True)
    #: The page's indexed text as plain text: the result excerpts come from here, so that a
    #: results page needs no query per related field (district, topics …) of its pages.
    body_text = models.TextField(blank=True)
    #: Its facet values (topics, districts …: search.facets.values_of), counted per search.
    facets = models.TextField(blank=True)
    vector = TSVectorField(null=True, blank=True)

    class Meta:
        verbose_name = _("Eintrag im Suchindex")
        verbose_name_plural = _("Einträge im Suchindex")

    def __str__(self):
        return f"{self.page_id} ({self.language})"


class Term(models.Model):
    """A word of the index in one language, for spelling suggestions."""

    language = models.CharField(max_length=10)
    #: Normalised and folded as the suggestion search compares it.
    word = models.CharField(max_length=60)
    #: As it is written on the site („Integration“), for „Meinten Sie …?“.
    display = models.CharField(max_length=60)

    class Meta:
        verbose_name = _("Wort im Suchindex")
        verbose_name_plural = _("Wörter im Suchindex")
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="search_term_once")
        ]

    def __str__(self):
        return f"{self.display} ({self.language})"


class TermTrigram(models.Model):
    """The trigrams of a word, where PostgreSQL's `pg_trgm` is not there (SQLite)."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="trigrams")
    trigram = models.CharField(max_length=3, db_index=True)

    class Meta:
        verbose_name = _("Trigramm")
        verbose_name_plural = _("Trigramme")

    def __str__(self):
        return self.trigram


def language_choices():
    return [("", _("alle Sprachen")), *content_languages()]


def _word_list(value):
    return [word.strip() for word in (value or "").split(",") if word.strip()]


class Synonym(models.Model):
    """Words citizens search for that the pages say differently: „Fördermittel, Förderung“ →
    „Zuschuss“. A search for one of the words also finds pages with the replacement."""

    words = models.CharField(
        _("Suchbegriffe"),
        max_length=500,
        help_text=_(
            "Ein oder mehrere Wörter, durch Kommas getrennt, z. B. „Fördermittel, Förderung“. "
            "Groß- und Kleinschreibung und Wortformen spielen keine Rolle."
        ),
    )
    replacement = models.CharField(
        _("Wird auch gesucht als"),
        max_length=200,
        help_text=_("Das Wort der Seiten, z. B. „Zuschuss“. Auch mehrere Wörter sind möglich."),
    )
    language = models.CharField(
        _("Sprache"),
        max_length=10,
        blank=True,
        choices=language_choices,
        help_text=_("Leer lassen, wenn es für Suchen in jeder Sprache gilt."),
    )

    panels = [FieldPanel("words"), FieldPanel("replacement"), FieldPanel("language")]

    class Meta:
        verbose_name = _("Synonym")
        verbose_name_plural = _("Synonyme")
        ordering = ["replacement", "words"]

    def __str__(self):
        return f"{self.words} → {self.replacement}"

    @property
    def word_list(self):
        return _word_list(self.words)


def page_type_choices():
    return [("", "—")] + sorted(
        (model._meta.label_lower, str(model._meta.verbose_name))
        for model in get_page_models()
        if not model._meta.abstract and model._meta.label_lower != "wagtailcore.page"
    )


class Boost(models.Model):
    """A page or page type that ranks higher (factor above 1) or lower (below 1), for every
    search or only for searches with certain words."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Seite"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Gilt auch für die Übersetzungen der Seite."),
    )
    page_type = models.CharField(
        _("Seitentyp"),
        max_length=100,
        blank=True,
        choices=page_type_choices,
        help_text=_("Statt einer Seite: alle Seiten dieses Typs."),
    )
    factor = models.DecimalField(
        _("Faktor"),
        max_digits=3,
        decimal_places=1,
        default=2,
        validators=[MinValueValidator(0.1), MaxValueValidator(9.9)],
        help_text=_("2 verdoppelt das Gewicht in der Trefferliste, 0,5 halbiert es."),
    )
    words = models.CharField(
        _("Nur bei diesen Suchbegriffen"),
        max_length=500,
        blank=True,
        help_text=_(
            "Durch Kommas getrennt, z. B. „Kontakt, Telefon, Adresse“. Leer lassen, wenn es für "
            "jede Suche gilt."
        ),
    )

    panels = [
        MultiFieldPanel([FieldPanel("page"), FieldPanel("page_type")], heading=_("Wofür")),
        FieldPanel("factor"),
        FieldPanel("words"),
    ]

    class Meta:
        verbose_name = _("Gewichtung")
        verbose_name_plural = _("Gewichtungen")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(page__isnull=False) & models.Q(page_type=""))
                | (models.Q(page__isnull=True) & ~models.Q(page_type="")),
                name="search_boost_page_or_type",
            )
        ]

    def __str__(self):
        target = self.page.title if self.page_id else self.get_page_type_display()
        return f"{target} × {self.factor}"

    def clean(self):
        super().clean()
        if bool(self.page_id) == bool(self.page_type):
            raise ValidationError(_("Bitte entweder eine Seite oder einen Seitentyp wählen."))

    @property
    def word_list(self):
        return _word_list(self.words)
