"""Matching and ranking over the site index (search.index), the same on SQLite and PostgreSQL.

A query is read in each language searched (search.analysis): each word becomes a group of
alternatives — the word's stem; the parts of a compound („Migrantenorganisation“ → migrant AND
organisation) and the masculine form of a feminine one; the beginning of a longer word (from five
letters: „zuschus“); editors' synonyms — and the query also reads as two neighbouring words
written as one („neu zugewandert“ → „neuzugewandert“) and as a synonym of several words.

The database finds the pages that match (FTS5 on SQLite, the `tsvector` on PostgreSQL, each with
the stems of the page's language); the ranking is computed here, from the stems of each page's
title and description in the index, so that both databases put the same page first:

    per query word: the best of its alternatives: 3 in a title word, 2.5 in a title's compound,
                    1.5 in the description (or the records shown on the page), 1 in the text;
                    alternatives count less than the word itself (parts 0.9, synonyms 0.8,
                    beginnings 0.6)
    + up to 2 for the share of the title's words the query names (the page „Kontakt“ for
      „Kontakt“)
    × editors' weights (search.models.Boost)

Of pages that score alike the higher one in the tree (the more general) comes first, then the
one the database finds more relevant (bm25 on SQLite, ts_rank on PostgreSQL), then the lower id.
With „or“ (no page had every word) only title and description words count.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection

from search import analysis
from search.index import FTS_TABLE, postgres_config

WORD_WEIGHT = 1.0
PARTS_WEIGHT = 0.9
JOINED_WEIGHT = 0.9
SYNONYM_WEIGHT = 0.8
PREFIX_WEIGHT = 0.6
FIELD_SCORES = {"title_words": 3.0, "title_terms": 2.5, "description_terms": 1.5}
BODY_SCORE = 1.0
TITLE_COVERAGE = 2.0
#: Queries of more words are not also read as joined neighbours.
MAX_JOINED_WORDS = 4


@dataclass(frozen=True)
class Atom:
    """A normalised word the page must contain; `prefix`: a word beginning with it."""

    word: str
    prefix: bool = False


@dataclass(frozen=True)
class Alternative:
    atoms: tuple
    weight: float


@dataclass(frozen=True)
class Group:
    """One query word (or several read as one) and the ways it may be found."""

    source: str
    alternatives: tuple


@dataclass
class LanguageQuery:
    """The query read in one language: readings of groups, any reading may match."""

    language: str
    readings: list
    operator: str = "and"

    def __bool__(self):
        return any(reading for reading in self.readings)

    @cached_property
    def stems(self):
        """Atom → the token the index holds for it (a stem, or a folded beginning)."""
        found = {}
        for reading in self.readings:
            for group in reading:
                for alternative in group.alternatives:
                    for atom in alternative.atoms:
                        if atom not in found:
                            found[atom] = (
                                atom.word
                                if atom.prefix
                                else analysis.stem(atom.word, self.language)
                            )
        return {atom: token for atom, token in found.items() if token}

    @property
    def groups(self):
        return self.readings[0] if self.readings else ()

    @cached_property
    def unique_groups(self):
        return list(dict.fromkeys(group for reading in self.readings for group in reading))

    @cached_property
    def reading_indexes(self):
        position = {group: i for i, group in enumerate(self.unique_groups)}
        return [tuple(position[group] for group in reading) for reading in self.readings]

    @cached_property
    def named_stems(self):
        """The stems of the query's words and their alternatives (not beginnings)."""
        return {token for atom, token in self.stems.items() if not atom.prefix}

    @cached_property
    def all_stems(self):
        return set(self.stems.values())


@dataclass(frozen=True)
class SynonymRule:
    """An editor's synonym, analysed: the stems of its words → the words searched instead."""

    words: tuple  # tuple of stems, one per word of the synonym
    replacement: tuple  # normalised words of the replacement


# --- Reading a query -----------------------------------------------------------------------------


def read_query(text, language, synonyms=(), operator="and"):
    """The query text as a LanguageQuery (search.analysis.words per word)."""
    found = analysis.words(text, language)
    groups = [_group(word, language, synonyms) for word in found]
    if operator == "or":
        # Any word, and any part of a compound: „Datenschutzerklärung“ also finds „Datenschutz“.
        for word in found:
            for part in dict.fromkeys(part for reading in word.readings for part in reading):
                groups.append(Group(part, (Alternative((Atom(part),), PARTS_WEIGHT),)))
    readings = [tuple(dict.fromkeys(groups))] if groups else []
    if operator == "and" and 1 < len(found) <= MAX_JOINED_WORDS:
        for i in range(len(found) - 1):
            joined = analysis.analyse_token(found[i].display + found[i + 1].display, language)
            if joined is not None:
                group = _group(joined, language, synonyms, weight=JOINED_WEIGHT)
                readings.append((*groups[:i], group, *groups[i + 2 :]))
    for start, end, rule in _phrase_synonyms(found, language, synonyms):
        group = Group(
            " ".join(word.display for word in found[start:end]),
            (Alternative(tuple(Atom(word) for word in rule.replacement), SYNONYM_WEIGHT),),
        )
        readings.append((*groups[:start], group, *groups[end:]))
    return LanguageQuery(language, readings, operator)


def _group(word, language, synonyms, weight=WORD_WEIGHT):
    alternatives = [Alternative((Atom(word.text),), weight)]
    for reading in word.readings:
        alternatives.append(Alternative(tuple(Atom(part) for part in reading), PARTS_WEIGHT))
    folded = analysis.fold(word.text, language)
    if len(folded) >= analysis.MIN_PREFIX_LENGTH and not folded.isdigit():
        alternatives.append(Alternative((Atom(folded, prefix=True),), PREFIX_WEIGHT))
    stem = analysis.stem(word.text, language)
    for rule in synonyms:
        if rule.words == (stem,):
            alternatives.append(
                Alternative(tuple(Atom(word) for word in rule.replacement), SYNONYM_WEIGHT)
            )
    return Group(word.display, tuple(dict.fromkeys(alternatives)))


def _phrase_synonyms(found, language, synonyms):
    stems = [analysis.stem(word.text, language) for word in found]
    for rule in synonyms:
        size = len(rule.words)
        if size < 2:
            continue
        for start in range(len(stems) - size + 1):
            if tuple(stems[start : start + size]) == rule.words:
                yield start, start + size, rule


def synonym_rules(synonyms, language):
    """SynonymRules of search.models.Synonym rows (of this language or of all languages)."""
    rules = []
    for synonym in synonyms:
        if synonym.language and synonym.language.split("-")[0] != language.split("-")[0]:
            continue
        replacement = tuple(word.text for word in analysis.words(synonym.replacement, language))
        if not replacement:
            continue
        for phrase in synonym.word_list:
            words = tuple(
                analysis.stem(word.text, language) for word in analysis.words(phrase, language)
            )
            if words:
                rules.append(SynonymRule(words, replacement))
    return rules


# --- Matching ------------------------------------------------------------------------------------


@dataclass
class Row:
    page_id: int
    content_type_id: int
    language: str
    depth: int
    title_words: str
    title_terms: str
    description_terms: str
    rank: float
    #: Per group of the row's LanguageQuery (`LanguageQuery.unique_groups`): found on the page.
    found: tuple = ()
    score: float = 0.0


def match(queries, pages):
    """The index rows of `pages` (a queryset) that match any of the LanguageQuerys (each for the
    pages of its language), with the database's relevance and which query words each has."""
    queries = [query for query in queries if query]
    if not queries:
        return []
    page_sql, page_params = pages.values("pk").query.sql_with_params()
    if connection.vendor == "postgresql":
        compile_sql = _postgres_sql
    elif connection.vendor == "sqlite":
        compile_sql = _sqlite_sql
    else:
        raise NotImplementedError(
            f"The site search needs SQLite or PostgreSQL, not {connection.vendor}."
        )
    rows = []
    with connection.cursor() as cursor:
        for query in queries:
            compiled = compile_sql(query, page_sql, page_params)
            if compiled is None:
                continue
            cursor.execute(*compiled)
            for values in cursor.fetchall():
                *columns, rank = values[:8]
                found = tuple(bool(flag) for flag in values[8:])
                rows.append(Row(*columns, rank=rank, found=found))
    return rows


_COLUMNS = (
    "e.page_id, e.content_type_id, e.language, e.depth, e.title_words, e.title_terms, "
    "e.description_terms"
)


def _sqlite_sql(query, page_sql, page_params):
    expressions = _group_expressions(query, _fts5_atom(query), " AND ", " OR ")
    whole = _whole_expression(query, expressions, " AND ", " OR ")
    if whole is None:
        return None
    flags = ", ".join(
        f"(e.page_id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s))"
        if expression
        else "0"
        for expression in expressions
    )
    sql = (
        f"SELECT {_COLUMNS}, -bm25({FTS_TABLE}, 10.0, 4.0, 1.0), {flags} FROM {FTS_TABLE} "
        f"JOIN search_indexentry e ON e.page_id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH %s AND e.language = %s AND e.page_id IN ({page_sql})"
    )
    params = [*[e for e in expressions if e], whole, query.language, *page_params]
    return sql, params


def _fts5_atom(query):
    def atom(item):
        token = query.stems.get(item)
        if not token:
            return None
        return f'"{token}"*' if item.prefix else f'"{token}"'

    return atom


def _group_expressions(query, atom, and_, or_):
    """Per unique group: its alternatives as one expression (None when it has no word left)."""
    expressions = []
    for group in query.unique_groups:
        alternatives = []
        for alternative in group.alternatives:
            atoms = [atom(item) for item in alternative.atoms]
            if atoms and all(atoms):
                alternatives.append(_join(atoms, and_))
        expressions.append(_join(alternatives, or_) if alternatives else None)
    return expressions


def _whole_expression(query, expressions, and_, or_):
    readings = []
    for reading in query.reading_indexes:
        groups = [expressions[i] for i in reading if expressions[i]]
        if groups:
            readings.append(_join(groups, and_ if query.operator == "and" else or_))
    return _join(readings, or_) if readings else None


def _join(items, operator):
    return items[0] if len(items) == 1 else "(" + operator.join(items) + ")"


def _postgres_sql(query, page_sql, page_params):
    config = postgres_config(query.language)
    literals = []

    def atom(item):
        """A to_tsquery() of the atom; its arguments are collected in `literals` and put in the
        SQL as parameters, in the order the expression is written."""
        if item.prefix:
            literals.append(("simple", _tsquery_literal(item.word) + ":*"))
        elif config == "simple":
            token = query.stems.get(item)
            if not token:
                return None
            literals.append(("simple", _tsquery_literal(token)))
        else:
            literals.append((config, _tsquery_literal(item.word)))
        return "to_tsquery(%s::regconfig, %s)"

    expressions, params = [], []
    for group in query.unique_groups:
        literals.clear()
        expression = _group_expressions(_OneGroup(query, group), atom, " && ", " || ")[0]
        expressions.append(expression)
        params.append([value for pair in literals for value in pair] if expression else [])
    present = [i for i, expression in enumerate(expressions) if expression]
    if not present:
        return None
    # The group queries are computed once (in `q`), then combined per row.
    columns = ", ".join(f"{expressions[i]} AS g{i}" for i in present)
    whole = _whole_expression(
        query, [f"q.g{i}" if e else None for i, e in enumerate(expressions)], " && ", " || "
    )
    flags = ", ".join(
        f"e.vector @@ q.g{i}" if expressions[i] else "FALSE" for i in range(len(expressions))
    )
    sql = (
        f"SELECT {_COLUMNS}, ts_rank(e.vector, {whole}), {flags} "
        f"FROM search_indexentry e, (SELECT {columns}) AS q "
        f"WHERE e.language = %s AND e.vector @@ ({whole}) AND e.page_id IN ({page_sql})"
    )
    query_params = [value for i in present for value in params[i]]
    return sql, [*query_params, query.language, *page_params]


@dataclass
class _OneGroup:
    """A LanguageQuery of one of the groups of another, to compile that group alone."""

    query: LanguageQuery
    group: Group

    @property
    def unique_groups(self):
        return [self.group]


def _tsquery_literal(word):
    return "'" + word.replace("\\", "").replace("'", "''") + "'"


# --- Ranking -------------------------------------------------------------------------------------


@dataclass
class Ranking:
    """Scores rows for the LanguageQuerys and editors' weights (search.models.Boost)."""

    queries: dict  # language → LanguageQuery
    #: (factor, page ids or None, content type id or None, stems or None) per weight.
    boosts: list = field(default_factory=list)

    def score(self, row):
        query = self.queries.get(row.language)
        if query is None:
            return 0.0
        fields = [set(row.title_words.split()), set(row.title_terms.split())]
        fields.append(set(row.description_terms.split()))
        credits = [
            self._group_score(group, query, fields) if found else 0.0
            for group, found in zip(query.unique_groups, row.found, strict=True)
        ]
        best = 0.0
        for reading in query.reading_indexes:
            if query.operator == "and" and not all(row.found[i] for i in reading):
                continue
            best = max(best, sum(credits[i] for i in reading))
        title = fields[0]
        if title:
            best += TITLE_COVERAGE * len(title & query.named_stems) / len(title)
        for factor, page_ids, content_type_id, stems in self.boosts:
            if page_ids is not None and row.page_id not in page_ids:
                continue
            if content_type_id is not None and row.content_type_id != content_type_id:
                continue
            if stems is not None and not stems & query.all_stems:
                continue
            best *= factor
        return best

    @staticmethod
    def _group_score(group, query, fields):
        """The best alternative: by the field it is in, else the text (the group was found)."""
        best = 0.0
        for alternative in group.alternatives:
            tokens = [(atom.prefix, query.stems.get(atom)) for atom in alternative.atoms]
            if not tokens or not all(token for _prefix, token in tokens):
                continue
            value = min(_field_score(prefix, token, fields) for prefix, token in tokens)
            best = max(best, alternative.weight * value)
        return best or BODY_SCORE * group.alternatives[0].weight

    def rank(self, rows):
        for row in rows:
            row.score = self.score(row)
        return sorted(
            rows, key=lambda row: (-row.score, row.depth, -(row.rank or 0.0), row.page_id)
        )


def _field_score(prefix, token, fields):
    for terms, value in zip(fields, FIELD_SCORES.values(), strict=True):
        if token in terms if not prefix else any(term.startswith(token) for term in terms):
            return value
    return 0.0


# --- Results -------------------------------------------------------------------------------------


class RankedResults:
    """Search results as callers of Wagtail's search know them: `count()`, slicing (objects of the
    searched queryset's model, in order), iteration and `facet("content_type_id")`."""

    def __init__(self, queryset, rows, order_by_relevance=True):
        self.queryset = queryset
        self.rows = rows
        if order_by_relevance:
            self.ids = [row.page_id for row in rows]
        else:
            matched = {row.page_id for row in rows}
            self.ids = [pk for pk in queryset.values_list("pk", flat=True) if pk in matched]

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __bool__(self):
        return bool(self.ids)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self._objects(self.ids[key])
        return self._objects([self.ids[key]])[0]

    def __iter__(self):
        return iter(self._objects(self.ids))

    def _objects(self, ids):
        if not ids:
            return []
        by_id = {obj.pk: obj for obj in self.queryset.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def facet(self, field_name):
        """Counts per content type, largest first (the only facet the search page asks for)."""
        if field_name != "content_type_id":
            raise ValueError(f"no facet {field_name}")
        counts = {}
        for row in self.rows:
            counts[row.content_type_id] = counts.get(row.content_type_id, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def page_ids(self):
        return list(self.ids)
