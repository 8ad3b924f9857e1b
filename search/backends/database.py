"""Wagtail's database search backend, with German prefix matching on SQLite; it also feeds the
site search's own index (search.index) with every page it indexes, so that saving, deleting and
`manage.py update_index` keep both in step (`SiteIndexMixin`).

Wagtail's index serves the admin's searches (page chooser, snippets, images). The site search
and `search=` of both content APIs use the site index (search.query).

For Wagtail's index, PostgreSQL indexes each page with its language's configuration. SQLite's FTS5
index has no stemming, so there each search term is reduced to its German Snowball stem and
matched as a word prefix: „Vereine“ → `verein*` finds „Verein“ and „Vereinen“; words under four
letters are matched whole. FTS5 also folds diacritics, so „Zuschüsse“ → `zuschuss*` finds
„Zuschuss“. See docs/search.md.
"""

import copy
from collections import defaultdict
from functools import cache

from django.db import connection, transaction
from modelsearch.backends import database
from modelsearch.query import PlainText
from wagtail.models import Page

from search.analysis import stem as snowball_stem
from zib_wagtail.core.conf import content_language_codes


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    if connection.vendor == "sqlite" and database.USE_SQLITE_FTS:
        return _prefix_sqlite_backend_class()(params)
    if connection.vendor == "postgresql":
        return _postgres_language_backend_class()(params)
    return database.SearchBackend(params)


class SiteIndexMixin:
    """An index that also writes the pages it gets into the site index (search.index)."""

    def add_items(self, model, items):
        # The site index first: a search cluster that is down must not keep pages out of it.
        if issubclass(model, Page):
            from search import index as site_index

            site_index.add_pages(items)
        super().add_items(model, items)

    def delete_item(self, item):
        super().delete_item(item)
        if isinstance(item, Page):
            from search import index as site_index

            site_index.delete_pages([item.pk])

    def reset(self):
        super().reset()
        from search import index as site_index

        site_index.reset()


#: The PostgreSQL advisory lock that index writers take in turn (any constant of this project).
INDEX_WRITE_LOCK = 0x5A1B_0001

#: Words of fewer letters are matched whole on SQLite („2“ must not find „2020“).
MIN_PREFIX_LENGTH = 4


def stem(term):
    """A term's German stem for the admin's searches („Vereine“ → „verein“)."""
    return snowball_stem(term.lower(), "de")


def matches_as_prefix(stemmed):
    return len(stemmed) >= MIN_PREFIX_LENGTH


#: The Arabic definite article, written together with its noun („الاتصال“ for „اتصال“).
ARABIC_ARTICLE = "ال"


def _lexeme(lexeme_class, word):
    """A term as an FTS5 prefix lexeme; an Arabic noun also with its article, which FTS5 (without
    stemming) keeps as part of the word."""
    lexeme = lexeme_class(word, prefix=matches_as_prefix(word))
    if _is_arabic(word) and not word.startswith(ARABIC_ARTICLE):
        lexeme = lexeme | lexeme_class(ARABIC_ARTICLE + word, prefix=matches_as_prefix(word))
    return lexeme


def _is_arabic(word):
    return any("\u0600" <= char <= "\u06ff" for char in word)


@cache
def _prefix_sqlite_backend_class():
    # Imported here: these modules load the FTS5 index model, which exists only on SQLite.
    from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    class PrefixSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            """Each plain-text term as a prefix query on its stem; other queries unchanged."""
            if not isinstance(query, PlainText):
                return super().build_search_query_content(query, config=config)
            stems = [stem(term) for term in query.query_string.split()]
            lexemes = [_lexeme(Lexeme, word) for word in stems]
            if not lexemes:
                return None
            combined = lexemes[0]
            for lexeme in lexemes[1:]:
                combined = combined & lexeme if query.operator == "and" else combined | lexeme
            return SearchQueryExpression(combined, config=config)

    class SiteSQLiteIndex(SiteIndexMixin, SQLiteSearchBackend.index_class):
        pass

    class PrefixSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = PrefixSQLiteSearchQueryCompiler
        index_class = SiteSQLiteIndex

    return PrefixSQLiteSearchBackend


# --- PostgreSQL: one text search configuration per language ---------------------------------------

#: PostgreSQL's text search configuration for each content language; a language without one
#: (Ukrainian) or whose configuration the server lacks uses "simple" (lower-cased, unstemmed words).
SEARCH_CONFIGS = {
    "de": "german",
    "en": "english",
    "tr": "turkish",
    "ru": "russian",
    "ar": "arabic",
}


@cache
def _postgres_language_backend_class():
    # Imported here: the PostgreSQL backend loads its index model, which exists only there.
    from modelsearch.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )

    class LanguagePostgresIndex(SiteIndexMixin, PostgresIndex):
        def add_items(self, model, objs):
            """Index each language's objects with its own configuration (German stems for German
            pages, English for English …); objects without a locale use the default's.

            Writers take turns: Wagtail's index recomputes the title norms of every entry
            written since (an UPDATE across the table), so two processes publishing at once
            (scheduled publishing on two servers) deadlock otherwise. In a savepoint, so that a
            failed index write (logged by Wagtail) does not break the publishing transaction."""
            with transaction.atomic(using=self.write_connection.alias):
                with self.write_connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INDEX_WRITE_LOCK])
                self._add_by_config(model, objs)

        def _add_by_config(self, model, objs):
            by_config = defaultdict(list)
            for obj in objs:
                by_config[self.backend.config_for_locale(getattr(obj, "locale_id", None))].append(
                    obj
                )
            for config, group in by_config.items():
                # ObjectIndexer reads the configuration from the backend: a copy per language.
                index = copy.copy(self)
                index.backend = copy.copy(self.backend)
                index.backend.config = config
                super(LanguagePostgresIndex, index).add_items(model, group)

    class LanguagePostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
        def build_tsquery(self, query, config=None):
            """The query stemmed by every language's configuration, any of them matching: a page
            matches when its words match in its own language (the queryset decides the
            languages searched)."""
            combined = None
            for each in language_configs():
                part = self.build_tsquery_content(query, config=each)
                if part is not None:
                    combined = part if combined is None else combined | part
            return combined

    class LanguagePostgresSearchBackend(PostgresSearchBackend):
        index_class = LanguagePostgresIndex
        query_compiler_class = LanguagePostgresSearchQueryCompiler

        def __init__(self, params):
            super().__init__(params)
            self.default_config = self.config or "simple"

        def config_for_locale(self, locale_id):
            if locale_id is None:
                return self.default_config
            return config_for_language(_locale_languages().get(locale_id))

    return LanguagePostgresSearchBackend


@cache
def _installed_configs():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        return frozenset(row[0] for row in cursor.fetchall())


def _locale_languages():
    # Few rows, read at indexing time only.
    from wagtail.models import Locale

    return dict(Locale.objects.values_list("pk", "language_code"))


def config_for_language(language_code):
    """The text search configuration for a language code ("simple" where there is none)."""
    config = SEARCH_CONFIGS.get((language_code or "").split("-")[0], "simple")
    return config if config in _installed_configs() else "simple"


def language_configs():
    """The configurations of all content languages, each once."""
    return sorted({config_for_language(code) for code in content_language_codes()})
