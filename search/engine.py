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
                    2 in a heading or FAQ question of the text, 1.5 in the description (or
                    the records shown on the page), 1 in the text;
                    alternatives count less than the word itself (parts 0.9, synonyms 0.8,
                    beginnings 0.6, a compound's last part alone 0.3 (only when no page
                    has every word)); times how rare the
                    word is in the index (BM25's inverse document frequency), so that „Büro“
                    or „office“ in a title counts less than the rarer word of the query
    + up to 2 for the share of the title's words the query names (the page „Kontakt“ for
      „Kontakt“)
    × editors' weights (search.models.Boost)

Of pages that score alike the higher one in the tree (the more general) comes first, then the
one the database finds more relevant (bm25 on SQLite, ts_rank on PostgreSQL), then the lower id.
With „or“ (no page had every word) only title and description words count.
"""

import math
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import starmap

from django.core.exceptions import EmptyResultSet
from django.db import connection

from search import analysis
from search.index import FTS_TABLE, postgres_config
from search.models import IndexEntry
from search.stopwords import QUESTION_WORDS
from zib_wagtail.core import published

WORD_WEIGHT = 1.0
PARTS_WEIGHT = 0.9
HEAD_WEIGHT = 0.3
JOINED_WEIGHT = 0.9
SYNONYM_WEIGHT = 0.8
PREFIX_WEIGHT = 0.6
FIELD_SCORES = {
    "title_words": 3.0,
    "title_terms": 2.5,
    "heading_terms": 2.0,
    "description_terms": 1.5,
}
BODY_SCORE = 1.0
TITLE_COVERAGE = 2.0
#: Queries of more words are not also read as joined neighbours.
MAX_JOINED_WORDS = 4
#: The best rows are scored exactly in batches of this many (a results page and more) …
RESCORED = 20
#: … and at most this many in all.
MAX_RESCORED = 100
#: Only the database's best matches (BM25 on SQLite, ts_rank on PostgreSQL, title weighted most)
#: are scored here: a word found on 10,000 pages costs no more than one found on 500. The rest
#: follow in the database's order (counted, paged and faceted all the same) — except those with
#: a query word in the title, which are always scored (the database's rank can put a short title
#: such as „Projekte“ behind hundreds of pages that repeat the word in their text).
CANDIDATES = 500


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
    #: (entries of the language, entries with each unique group), set by `match`.
    frequencies: tuple = (0, ())

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
    def all_stems(self):
        return set(self.stems.values())

    @cached_property
    def group_stems(self):
        """Per unique group: the stems that name a title's word (of its word, parts and
        synonyms; not beginnings, not a compound's last part alone)."""
        return [
            {
                self.stems[atom]
                for alternative in group.alternatives
                if alternative.weight > HEAD_WEIGHT
                for atom in alternative.atoms
                if not atom.prefix and atom in self.stems
            }
            for group in self.unique_groups
        ]

    @cached_property
    def scoring(self):
        """Per unique group, what the ranking compares with each row: (its alternatives whose
        atoms all have a token, each as (weight, the tokens as they are looked for in a
        space-padded field — „ stem “, a beginning „ begin“ —, the stems it names in a title
        when found: none for beginnings and a compound's last part alone), the lowest and the
        highest weight of its alternatives)."""
        found = []
        for group in self.unique_groups:
            alternatives = []
            for alternative in group.alternatives:
                tokens = [(atom.prefix, self.stems.get(atom)) for atom in alternative.atoms]
                if not tokens or not all(token for _prefix, token in tokens):
                    continue
                needles = tuple(f" {token}" if prefix else f" {token} " for prefix, token in tokens)
                names = (
                    frozenset(token for prefix, token in tokens if not prefix)
                    if alternative.weight > HEAD_WEIGHT
                    else frozenset()
                )
                alternatives.append((alternative.weight, needles, names))
            weights = [alternative.weight for alternative in group.alternatives]
            found.append((alternatives, min(weights), max(weights)))
        return found

    @property
    def weights(self):
        """Per unique group: how rare it is in the index (BM25's inverse document frequency);
        1 for every group before `match` counted them."""
        total, counts = self.frequencies
        if not counts:
            return [1.0] * len(self.unique_groups)
        return [math.log(1 + (total - count + 0.5) / (count + 0.5)) for count in counts]


@dataclass(frozen=True)
class SynonymRule:
    """An editor's synonym, analysed: the stems of its words → the words searched instead."""

    words: tuple  # tuple of stems, one per word of the synonym
    replacement: tuple  # normalised words of the replacement


# --- Reading a query -----------------------------------------------------------------------------


def read_query(text, language, synonyms=(), operator="and"):
    """The query text as a LanguageQuery (search.analysis.words per word)."""
    found = analysis.words(text, language)
    questions = QUESTION_WORDS.get(analysis.language(language).code, frozenset())
    if any(word.text not in questions for word in found):
        found = [word for word in found if word.text not in questions]
    groups = [_group(word, language, synonyms, heads=operator == "or") for word in found]
    if operator == "or":
        # Any word, and any part of a compound: „Datenschutzerklärung“ also finds „Datenschutz“.
        # A compound's last part counts as little as in its group („Datenschutzerklärung“ is
        # about „Datenschutz“ before it is about any „Erklärung“).
        for word in found:
            for part in dict.fromkeys(part for reading in word.readings for part in reading):
                part_word = analysis.analyse_token(part, language) or analysis.Word(part, part)
                weight = HEAD_WEIGHT if part == word.head else PARTS_WEIGHT
                groups.append(_group(part_word, language, synonyms, weight=weight))
    readings = [tuple(dict.fromkeys(groups))] if groups else []
    if operator == "and" and 1 < len(found) <= MAX_JOINED_WORDS:
        for i in range(len(found) - 1):
            joined = analysis.analyse_token(found[i].display + found[i + 1].display, language)
            if joined is not None:
                group = _group(joined, language, synonyms, weight=JOINED_WEIGHT, heads=False)
                readings.append((*groups[:i], group, *groups[i + 2 :]))
    for start, end, rule in _phrase_synonyms(found, language, synonyms):
        group = Group(
            " ".join(word.display for word in found[start:end]),
            (Alternative(tuple(Atom(word) for word in rule.replacement), SYNONYM_WEIGHT),),
        )
        readings.append((*groups[:start], group, *groups[end:]))
    return LanguageQuery(language, readings, operator)


def _group(word, language, synonyms, weight=WORD_WEIGHT, heads=True):
    """The word's alternatives, each weighted relative to `weight` (the word's own); a
    compound's last part alone only with `heads` (the „or“ search: every word must be found,
    so that a page with „Erklärung“ alone does not pass for „Datenschutzerklärung“)."""
    alternatives = [Alternative((Atom(word.text),), weight)]
    alternatives += _synonyms(word.text, language, synonyms, weight * SYNONYM_WEIGHT)
    parts_weight = weight * PARTS_WEIGHT
    for reading in word.readings:
        alternatives.append(Alternative(tuple(Atom(part) for part in reading), parts_weight))
        # A part's synonym stands for the part („Postanschrift“: post + adresse).
        for i, part in enumerate(reading):
            for synonym in _synonyms(part, language, synonyms, parts_weight * SYNONYM_WEIGHT):
                atoms = (*map(Atom, reading[:i]), *synonym.atoms, *map(Atom, reading[i + 1 :]))
                alternatives.append(Alternative(atoms, synonym.weight))
    folded = analysis.fold(word.text, language)
    if len(folded) >= analysis.MIN_PREFIX_LENGTH and not folded.isdigit():
        alternatives.append(Alternative((Atom(folded, prefix=True),), weight * PREFIX_WEIGHT))
    if word.head and heads:
        head_weight = weight * HEAD_WEIGHT
        alternatives.append(Alternative((Atom(word.head),), head_weight))
        alternatives += _synonyms(word.head, language, synonyms, head_weight * SYNONYM_WEIGHT)
    return Group(word.display, tuple(dict.fromkeys(alternatives)))


def _synonyms(text, language, synonyms, weight):
    """Alternatives for the synonyms whose word is `text` (compared as stems)."""
    stem = analysis.stem(text, language)
    return [
        Alternative(tuple(Atom(word) for word in rule.replacement), weight)
        for rule in synonyms
        if rule.words == (stem,)
    ]


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
    """SynonymRules of editors' synonyms ((words, replacement, language) of search.models.Synonym
    rows) of this language or of all languages."""
    rules = []
    for words, replacement_text, synonym_language in synonyms:
        if synonym_language and synonym_language.split("-")[0] != language.split("-")[0]:
            continue
        replacement = tuple(word.text for word in analysis.words(replacement_text, language))
        if not replacement:
            continue
        for phrase in (word.strip() for word in words.split(",")):
            if not phrase:
                continue
            words = tuple(
                analysis.stem(word.text, language) for word in analysis.words(phrase, language)
            )
            if words:
                rules.append(SynonymRule(words, replacement))
    return rules


# --- Matching ------------------------------------------------------------------------------------


class Row:
    """One matching index entry, as the match query returns it (`_columns`, in that order).

    A plain class with slots, built from the database's tuples with `itertools.starmap`: a
    broad query returns thousands of rows, and a dataclass with defaults took ten times as long
    to build each."""

    __slots__ = (
        "page_id",
        "content_type_id",
        "language",
        "depth",
        "facets",
        "rank",
        "found",
        "titled",
        "title_words",
        "title_terms",
        "description_terms",
        "heading_terms",
        "score",
    )

    def __init__(
        self,
        page_id,
        content_type_id,
        language,
        depth,
        facets,
        rank,
        found,
        titled,
        title_words,
        title_terms,
        description_terms,
        heading_terms,
    ):
        self.page_id = page_id
        self.content_type_id = content_type_id
        self.language = language
        self.depth = depth
        #: The page's facet values as the index keeps them (search.facets).
        self.facets = facets
        #: The database's relevance (ts_rank on PostgreSQL, bm25 on SQLite).
        self.rank = rank
        #: Bit i set: group i of the row's LanguageQuery (`LanguageQuery.unique_groups`) is
        #: found on the page.
        self.found = found
        #: Whether a query word names a word of the title (such rows are always scored).
        self.titled = titled
        self.title_words = title_words
        self.title_terms = title_terms
        self.description_terms = description_terms
        self.heading_terms = heading_terms
        self.score = 0.0

    def has(self, group):
        """Whether group number `group` of the query is found on the page."""
        return self.found >> group & 1


def match(queries, pages):
    """The index rows of `pages` (a queryset) that match any of the LanguageQuerys (each for the
    pages of its language), with the database's relevance and which query words each has, most
    relevant first (`_database_order`). Sets
    each query's `frequencies`: (entries of its language, entries with each group), where the
    ranking needs them; remembered until published content changes (zib_wagtail.core.published:
    counting a word on 10,000 pages takes 10 ms and more). The counts may lag one re-indexing
    task behind a publication, which only shifts the words' weights a little."""
    queries = [query for query in queries if query]
    if not queries:
        return []
    try:
        page_sql, page_params = pages.values("pk").query.sql_with_params()
    except EmptyResultSet:
        # A filter that can match nothing (`pk__in=[]`, a type with no pages) has no SQL.
        return []
    if connection.vendor == "postgresql":
        compiler_class = _PostgresQuery
    elif connection.vendor == "sqlite":
        compiler_class = _SQLiteQuery
    else:
        raise NotImplementedError(
            f"The site search needs SQLite or PostgreSQL, not {connection.vendor}."
        )
    rows, sources = [], 0
    with connection.cursor() as cursor:
        for query in queries:
            compiled = compiler_class(query)
            if compiled.whole is None:
                continue
            cursor.execute(*compiled.matches(page_sql, page_params))
            found = list(starmap(Row, cursor.fetchall()))
            sources += bool(found)
            rows += found
            if not needs_frequencies(queries):
                continue
            sql, params = compiled.frequencies()
            total, *counts = published.remembered(
                "search:frequencies", (sql, *params), partial(_first_row, cursor, sql, params)
            )
            query.frequencies = (total, counts)
    # Each query's rows come in the database's order; those of several languages are merged.
    return sorted(rows, key=_database_order) if sources > 1 else rows


def _first_row(cursor, sql, params):
    cursor.execute(sql, params)
    return tuple(cursor.fetchone())


def needs_frequencies(queries):
    """Whether the ranking needs to know how rare the query's words are: not for one word in
    one language, whose rarity scales every score alike (the title's share is a ratio of
    rarities), so that the order is the same without counting."""
    return len(queries) > 1 or len(queries[0].unique_groups) > 1


def _columns(query, rank, found):
    """The match query's select list (Row's arguments), its parameters, and its order: the
    database's. `titled`: whether the page's title has one of the query's stems, as a word."""
    stems = sorted(query.all_stems)
    titled = " OR ".join(["(' ' || e.title_terms || ' ') LIKE %s"] * len(stems)) or "0"
    columns = (
        f"e.page_id, e.content_type_id, e.language, e.depth, e.facets, {rank}, {found}, "
        f"({titled}), e.title_words, e.title_terms, e.description_terms, e.heading_terms"
    )
    # Stems are letters and digits (search.analysis): nothing in them is a LIKE wildcard.
    return columns, [f"% {stem} %" for stem in stems], "ORDER BY 6 DESC, e.depth, e.page_id"


def _found(conditions):
    """Which groups match, as one number (bit i: group i), from each group's SQL condition."""
    bits = [
        f"(CASE WHEN {condition} THEN {1 << i} ELSE 0 END)"
        for i, condition in enumerate(conditions)
        if condition
    ]
    return " + ".join(bits) if bits else "0"


class _SQLiteQuery:
    """A LanguageQuery as FTS5 expressions: the whole query and each group."""

    def __init__(self, query):
        self.query = query
        self.expressions = _group_expressions(query, _fts5_atom(query), " AND ", " OR ")
        self.whole = _whole_expression(query, self.expressions, " AND ", " OR ")

    def matches(self, page_sql, page_params):
        found = _found(
            f"e.page_id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
            if expression
            else None
            for expression in self.expressions
        )
        columns, titled, order = _columns(self.query, f"-bm25({FTS_TABLE}, 10.0, 4.0, 1.0)", found)
        sql = (
            f"SELECT {columns} FROM {FTS_TABLE} "
            f"JOIN search_indexentry e ON e.page_id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND e.language = %s AND e.page_id IN ({page_sql}) "
            f"{order}"
        )
        flag_params = [expression for expression in self.expressions if expression]
        return sql, [*flag_params, *titled, self.whole, self.query.language, *page_params]

    def frequencies(self):
        counts, params = [], [self.query.language]
        for expression in self.expressions:
            if expression:
                counts.append(
                    f"(SELECT count(*) FROM {FTS_TABLE} JOIN search_indexentry e "
                    f"ON e.page_id = {FTS_TABLE}.rowid "
                    f"WHERE {FTS_TABLE} MATCH %s AND e.language = %s)"
                )
                params += [expression, self.query.language]
            else:
                counts.append("0")
        total = "(SELECT count(*) FROM search_indexentry WHERE language = %s)"
        return f"SELECT {total}, {', '.join(counts)}", params


class _PostgresQuery:
    """A LanguageQuery as tsquery expressions (to_tsquery() of each word with the language's
    configuration, of beginnings with `simple`), computed once per statement in `q`."""

    def __init__(self, query):
        self.query = query
        config = postgres_config(query.language)
        literals = []

        def atom(item):
            """A to_tsquery() of the atom; its arguments are collected in `literals` and put in
            the SQL as parameters, in the order the expression is written."""
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

        self.expressions, self.params = [], []
        for group in query.unique_groups:
            literals.clear()
            expression = _group_expressions(_OneGroup(query, group), atom, " && ", " || ")[0]
            self.expressions.append(expression)
            self.params.append([value for pair in literals for value in pair] if expression else [])
        self.present = [i for i, expression in enumerate(self.expressions) if expression]
        named = [f"q.g{i}" if e else None for i, e in enumerate(self.expressions)]
        self.whole = _whole_expression(query, named, " && ", " || ") if self.present else None

    def _subselect(self):
        columns = ", ".join(f"{self.expressions[i]} AS g{i}" for i in self.present)
        params = [value for i in self.present for value in self.params[i]]
        return f"(SELECT {columns}) AS q", params

    def matches(self, page_sql, page_params):
        subselect, params = self._subselect()
        found = _found(f"e.vector @@ q.g{i}" if e else None for i, e in enumerate(self.expressions))
        columns, titled, order = _columns(self.query, f"ts_rank(e.vector, {self.whole})", found)
        sql = (
            f"SELECT {columns} FROM search_indexentry e, {subselect} "
            f"WHERE e.language = %s AND e.vector @@ ({self.whole}) AND e.page_id IN ({page_sql}) "
            f"{order}"
        )
        return sql, [*titled, *params, self.query.language, *page_params]

    def frequencies(self):
        subselect, params = self._subselect()
        counts = ", ".join(
            f"count(*) FILTER (WHERE e.vector @@ q.g{i})" if e else "0"
            for i, e in enumerate(self.expressions)
        )
        any_group = " || ".join(f"q.g{i}" for i in self.present)
        sql = (
            "SELECT (SELECT count(*) FROM search_indexentry WHERE language = %s), "
            f"{counts} FROM search_indexentry e, {subselect} "
            f"WHERE e.language = %s AND e.vector @@ ({any_group})"
        )
        return sql, [self.query.language, *params, self.query.language]


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

    def score(self, row, body=None):
        """The row's score; with `body` (its text's stems, space-separated) exact, else an upper
        bound (a word found in the text counts as if its best alternative had been found)."""
        query = self.queries.get(row.language)
        if query is None:
            return 0.0
        # Stems as space-padded strings: „ stem “ in the field (C speed, no set per row).
        fields = [
            f" {row.title_words} ",
            f" {row.title_terms} ",
            f" {row.heading_terms} ",
            f" {row.description_terms} ",
        ]
        if body is not None:
            fields.append(f" {body} ")
        weights = query.weights
        credits, naming = [], []
        for group, (scoring, weight, stems) in enumerate(
            zip(query.scoring, weights, query.group_stems, strict=True)
        ):
            if not row.has(group):
                credits.append(0.0)
                naming.append(set())
                continue
            credit, present = self._group_score(scoring, fields, exact=body is not None)
            credits.append(weight * credit)
            naming.append(present if body is not None else stems)
        best, best_reading = 0.0, None
        for reading in query.reading_indexes:
            if query.operator == "and" and not all(row.has(i) for i in reading):
                continue
            total = sum(credits[i] for i in reading)
            if best_reading is None or total > best:
                best, best_reading = total, reading
        title = set(row.title_words.split())
        # The groups of the reading that scored: a title word named only by another reading
        # (the query's words read as one, „Unterlagen Antrag“ → „Unterlagenantrag“) counts
        # as rare as the words of this one, not as that reading's rarer compound.
        groups = range(len(weights)) if best_reading is None else best_reading
        found_weights = [weights[i] for i in groups if row.has(i)]
        if title and found_weights:
            # The share of the title the query names, each word counted as rare as the query
            # word naming it (a title of common words is no better for naming one of them).
            pairs = [(weights[i], naming[i]) for i in groups]
            named = [max((w for w, stems in pairs if word in stems), default=0) for word in title]
            best += TITLE_COVERAGE * sum(named) / (len(title) * max(found_weights))
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
    def _group_score(scoring, fields, exact):
        """(credit, stems naming a title word) of a group (its `LanguageQuery.scoring`): its
        best alternative by the field it is in (title, headings, description, text)."""
        alternatives, lowest, highest = scoring
        best, present = 0.0, set()
        for weight, needles, names in alternatives:
            value = min(_field_score(needle, fields) for needle in needles)
            if value:
                best = max(best, weight * value)
                present.update(names)
        if best:
            return best, present
        # Found by the database, but in the text (or, exactly, in a form our stems do not show).
        return BODY_SCORE * (lowest if exact else highest), present

    def rank(self, rows, top=RESCORED):
        """Rows (in the database's order, as `match` returns them) by score: the database's
        best `CANDIDATES` by their upper bound, then the best exactly (their text's stems read
        from the index) until the first `top` cannot change any more; the rows after the
        candidates follow in the database's order."""
        rows, beyond, rest = rows[:CANDIDATES], rows[CANDIDATES:], []
        for row in beyond:
            (rows if row.titled else rest).append(row)
        for row in rows:
            row.score = self.score(row)
        rows = sorted(rows, key=_order)
        exact, position = [], 0
        while position < len(rows) and position < MAX_RESCORED:
            batch = rows[position : position + top]
            bodies = dict(
                IndexEntry.objects.filter(page_id__in=[row.page_id for row in batch]).values_list(
                    "page_id", "body_terms"
                )
            )
            for row in batch:
                row.score = self.score(row, bodies.get(row.page_id, ""))
            exact = sorted([*exact, *batch], key=_order)
            position += len(batch)
            following = rows[position].score if position < len(rows) else None
            if following is None or (len(exact) >= top and exact[top - 1].score >= following):
                break
        return exact + rows[position:] + rest


def _order(row):
    return (-row.score, row.depth, -(row.rank or 0.0), row.page_id)


def _database_order(row):
    return (-(row.rank or 0.0), row.depth, row.page_id)


def _field_score(needle, fields):
    for terms, value in zip(fields, _FIELD_VALUES, strict=False):
        if needle in terms:
            return value
    return 0.0


_FIELD_VALUES = (*FIELD_SCORES.values(), BODY_SCORE)


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
