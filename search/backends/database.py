"""Wagtail's database search backend, with German prefix matching on SQLite.

PostgreSQL (and any other database) gets Wagtail's own backend unchanged: with
`SEARCH_CONFIG = "german"` PostgreSQL stems words itself. SQLite's FTS5 index has no stemming, so
there each search term is reduced to a German stem (`search.german.stem`) and matched as a word
prefix: „Vereine“ → `verein*` finds „Verein“ and „Vereinen“; words under four letters are matched
whole. FTS5 also folds diacritics, so „Zuschüsse“ → `zuschüss*` finds „Zuschuss“.
See docs/search.md.
"""

from functools import cache

from django.db import connection
from modelsearch.backends import database
from modelsearch.query import PlainText

from search.german import matches_as_prefix, stem


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite" and database.USE_SQLITE_FTS:
        return _prefix_sqlite_backend_class()(params)
    return backend


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
            lexemes = [Lexeme(word, prefix=matches_as_prefix(word)) for word in stems]
            if not lexemes:
                return None
            combined = lexemes[0]
            for lexeme in lexemes[1:]:
                combined = combined & lexeme if query.operator == "and" else combined | lexeme
            return SearchQueryExpression(combined, config=config)

    class PrefixSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = PrefixSQLiteSearchQueryCompiler

    return PrefixSQLiteSearchBackend
