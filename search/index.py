"""The site search's index: what `search.analysis` makes of each page, stored for its database.

Fed by the search backend (search.backends.database) whenever Wagtail's own index is: when a
page is saved or deleted (as a background task) and by `manage.py update_index`; records
(search.records) re-index their pages when they change (search.signals). Each page's entry holds

- the stems of its title, of its description (search description, else its summary; the page
  type's name; the records shown on it), of the headings and FAQ questions of its text and, for
  the full-text match, of its body (the model's `search_fields`);
- on PostgreSQL a weighted `tsvector` (title A, description and headings B, body C) made by
  the configuration of the page's language; on SQLite the same fields in the FTS5 table, as
  stems;
- its facet values (search.facets), counted over the results without a query;
- its words in the vocabulary (search.models.Term) for spelling suggestions.

Only the live content is in the database row of a page; drafts never reach the index, and every
search is limited to live, public pages anyway (search.query.searchable_pages).
"""

from dataclasses import dataclass
from functools import cache

from django.db import connection, transaction
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.blocks import StreamValue
from wagtail.models import Locale, Page
from wagtail.search import index as wagtail_index

from search import analysis, excerpts, facets
from search.models import IndexEntry, Term, TermTrigram
from search.records import record_texts

FTS_TABLE = "search_indexentry_fts"
#: Words of these lengths go into the vocabulary.
TERM_LENGTHS = range(4, 41)


@dataclass
class Document:
    """A page analysed for the index."""

    page: Page
    language: str
    title: list
    description: list
    #: Section headings and FAQ questions of its text (`headings_of`).
    headings: list
    body: list
    record_text: str
    #: The body as plain text, for the excerpts.
    body_text: str = ""
    #: Its facet values (search.facets.values_of).
    facets: str = ""


def is_indexable(page):
    return page.depth > 1 and bool(wagtail_index.class_is_indexed(type(page)))


def description_of(page, language):
    """The search description, else the text of the page's summary field, plus the SEO title and
    the page type's name in the page's language („Zuschüsse (Antragsformular)“)."""
    text = page.search_description or ""
    summary_field = getattr(page, "summary_field", None)
    if not text and summary_field:
        text = strip_tags(str(getattr(page, summary_field, "") or ""))
    with translation.override(language):
        type_name = str(type(page)._meta.verbose_name)
    return " ".join(part for part in (page.seo_title, text, type_name) if part)


def headings_of(page):
    """The headings of the page's StreamFields (blocks with a `search_headings(value)` method,
    e.g. section headings and FAQ questions): they say what a section is about, so they weigh
    more than its text („Welche Unterlagen brauche ich?“ on the grants page)."""
    texts = []
    for search_field in page.get_search_fields():
        if not isinstance(search_field, wagtail_index.SearchField):
            continue
        value = getattr(page, search_field.field_name, None)
        if isinstance(value, StreamValue):
            for child in value:
                headings = getattr(child.block, "search_headings", None)
                if headings is not None:
                    texts.extend(text for text in headings(child.value) if text)
    return texts


def document(page, language, records=(), facet_values=""):
    record_text = " · ".join(records)

    def analysed(text):
        return analysis.words(text, language)

    body_text = excerpts.searchable_text(page)
    return Document(
        page=page,
        language=language,
        title=analysed(page.title),
        description=analysed(f"{description_of(page, language)} {record_text}"),
        headings=analysed(" · ".join(headings_of(page))),
        body=analysed(body_text),
        record_text=record_text,
        body_text=body_text,
        facets=facet_values,
    )


def add_pages(pages):
    """Index (or re-index) these pages; pages of other models and the root are skipped."""
    # Wagtail indexes each page as its most specific model (and `update_index` goes through
    # every page model, the base `Page` too): the other instances are left to that one.
    pages = [page for page in pages if type(page) is page.specific_class and is_indexable(page)]
    if not pages:
        return
    languages = dict(Locale.objects.values_list("pk", "language_code"))
    records = record_texts(pages, languages)
    values = facets.values_of(pages)
    documents = [
        document(page, languages[page.locale_id], records.get(page.pk, ()), values.get(page.pk, ""))
        for page in pages
    ]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _write_postgres(documents)
        else:
            _write_rows(documents)
            if connection.vendor == "sqlite":
                _write_sqlite_fts(documents)
        _add_vocabulary(documents)


def delete_pages(page_ids):
    page_ids = list(page_ids)
    IndexEntry.objects.filter(page_id__in=page_ids).delete()
    if connection.vendor == "sqlite" and page_ids:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(page_ids))})",
                page_ids,
            )


def reset():
    """Empty the index and its vocabulary."""
    IndexEntry.objects.all().delete()
    Term.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")


def _joined(stems):
    return " ".join(dict.fromkeys(stems))


def _row_values(doc):
    title_whole = [analysis.stem(word.text, doc.language) for word in doc.title]
    return {
        "content_type_id": doc.page.content_type_id,
        "language": doc.language,
        "depth": doc.page.depth,
        "title_words": _joined(title_whole),
        "title_terms": _joined(analysis.terms(doc.title, doc.language)),
        "description_terms": _joined(analysis.terms(doc.description, doc.language)),
        "heading_terms": _joined(analysis.terms(doc.headings, doc.language)),
        "body_terms": _joined(analysis.terms(doc.body, doc.language)),
        "record_text": doc.record_text,
        "body_text": doc.body_text,
        "facets": doc.facets,
    }


def _write_rows(documents):
    IndexEntry.objects.bulk_create(
        [IndexEntry(page_id=doc.page.pk, **_row_values(doc)) for doc in documents],
        update_conflicts=True,
        unique_fields=["page"],
        update_fields=[
            "content_type",
            "language",
            "depth",
            "title_words",
            "title_terms",
            "description_terms",
            "heading_terms",
            "body_terms",
            "record_text",
            "body_text",
            "facets",
        ],
    )


def _write_sqlite_fts(documents):
    with connection.cursor() as cursor:
        ids = [doc.page.pk for doc in documents]
        cursor.execute(
            f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids
        )
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, description, body) VALUES (%s, %s, %s, %s)",
            [
                (
                    doc.page.pk,
                    " ".join(analysis.terms(doc.title, doc.language)),
                    " ".join(analysis.terms([*doc.description, *doc.headings], doc.language)),
                    " ".join(analysis.terms(doc.body, doc.language)),
                )
                for doc in documents
            ],
        )


def _write_postgres(documents):
    rows = []
    for doc in documents:
        config = postgres_config(doc.language)
        values = _row_values(doc)
        rows.append(
            (
                doc.page.pk,
                values["content_type_id"],
                values["language"],
                values["depth"],
                values["title_words"],
                values["title_terms"],
                values["description_terms"],
                values["heading_terms"],
                values["body_terms"],
                values["record_text"],
                values["body_text"],
                values["facets"],
                config,
                analysis.postgres_text(doc.title, doc.language, config),
                config,
                analysis.postgres_text([*doc.description, *doc.headings], doc.language, config),
                config,
                analysis.postgres_text(doc.body, doc.language, config),
            )
        )
    with connection.cursor() as cursor:
        cursor.executemany(
            """
            INSERT INTO search_indexentry (page_id, content_type_id, language, depth,
                title_words, title_terms, description_terms, heading_terms, body_terms,
                record_text, body_text, facets, vector)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                setweight(to_tsvector(%s::regconfig, %s), 'A')
                || setweight(to_tsvector(%s::regconfig, %s), 'B')
                || setweight(to_tsvector(%s::regconfig, %s), 'C'))
            ON CONFLICT (page_id) DO UPDATE SET
                content_type_id = EXCLUDED.content_type_id, language = EXCLUDED.language,
                depth = EXCLUDED.depth,
                title_words = EXCLUDED.title_words, title_terms = EXCLUDED.title_terms,
                description_terms = EXCLUDED.description_terms,
                heading_terms = EXCLUDED.heading_terms,
                body_terms = EXCLUDED.body_terms,
                record_text = EXCLUDED.record_text, body_text = EXCLUDED.body_text,
                facets = EXCLUDED.facets, vector = EXCLUDED.vector
            """,
            rows,
        )


# --- PostgreSQL's configurations -----------------------------------------------------------------


@cache
def installed_postgres_configs():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        return frozenset(row[0] for row in cursor.fetchall())


def postgres_config(language_code):
    """The language's text search configuration, "simple" where the server lacks it (then our
    stems are indexed, as for Arabic)."""
    config = analysis.language(language_code).postgres_config
    return config if config in installed_postgres_configs() else "simple"


# --- Vocabulary ----------------------------------------------------------------------------------


def vocabulary_key(word, language_code):
    """How the vocabulary stores and compares a word (folded like the stems)."""
    return analysis.fold(word, language_code)


def _add_vocabulary(documents):
    from search.fuzzy import uses_trigram_table

    wanted = {}
    for doc in documents:
        for word in [*doc.title, *doc.description, *doc.headings, *doc.body]:
            forms = [(word.text, word.display or word.text)]
            forms += [
                (part, part.capitalize() if doc.language == "de" else part) for part in word.parts
            ]
            for form, display in forms:
                key = vocabulary_key(form, doc.language)
                if len(key) in TERM_LENGTHS and key.isalpha():
                    wanted.setdefault((doc.language, key), display[:60])
    if not wanted:
        return
    existing = set()
    for language in {language for language, _key in wanted}:
        keys = [key for lang, key in wanted if lang == language]
        for start in range(0, len(keys), 500):
            existing.update(
                (language, word)
                for word in Term.objects.filter(
                    language=language, word__in=keys[start : start + 500]
                ).values_list("word", flat=True)
            )
    new = [
        Term(language=language, word=key, display=display)
        for (language, key), display in wanted.items()
        if (language, key) not in existing
    ]
    Term.objects.bulk_create(new, ignore_conflicts=True)
    if new and uses_trigram_table():
        from search.fuzzy import trigrams

        created = Term.objects.filter(
            language__in={term.language for term in new}, word__in=[term.word for term in new]
        ).exclude(trigrams__isnull=False)
        TermTrigram.objects.bulk_create(
            [
                TermTrigram(term=term, trigram=gram)
                for term in created
                for gram in trigrams(term.word)
            ]
        )
