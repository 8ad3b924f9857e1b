"""Spelling: „Meinten Sie „Integration“?“ for „intergration“.

The index's vocabulary (search.models.Term, every word and compound part of the indexed pages)
is searched for words like an unknown query word: on PostgreSQL with `pg_trgm` (its `%` operator
and trigram index, where the migration could create the extension), elsewhere through the
trigram rows of search.models.TermTrigram. Both give candidates; the same Python code picks the
closest (Damerau–Levenshtein distance, at most 1 for words of 5–7 letters and 2 for longer
ones; shorter words are not corrected), so both databases suggest the same word.

`needs_correction` is the one rule for when the search looks for a correction: when the words as
typed find fewer than `FEW_RESULTS` pages (search.query.search_queryset applies it).
"""

from functools import cache

from django.db import connection
from django.db.models import Count

from search import analysis
from search.models import Term

#: Fewer results than this and the search looks for a better spelling.
FEW_RESULTS = 3
#: Candidates must share at least this trigram similarity with the word typed (lower than
#: pg_trgm's default 0.3: a swap of two letters in a short word, „grnats“, shares little).
MIN_SIMILARITY = 0.2
CANDIDATES = 30


def needs_correction(result_count):
    return result_count < FEW_RESULTS


def max_distance(word):
    if len(word) < 5:
        return 0
    return 1 if len(word) < 8 else 2


@cache
def _has_pg_trgm(alias):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def uses_trigram_table():
    """Whether words need trigram rows of their own (no pg_trgm)."""
    return connection.vendor != "postgresql" or not _has_pg_trgm(connection.alias)


def trigrams(word):
    """The word's trigrams as pg_trgm makes them (padded with two spaces in front, one behind)."""
    padded = f"  {word} "
    return sorted({padded[i : i + 3] for i in range(len(padded) - 2)})


def similarity(a, b):
    first, second = set(trigrams(a)), set(trigrams(b))
    return len(first & second) / len(first | second) if first or second else 0.0


def distance(a, b):
    """Damerau–Levenshtein distance (optimal string alignment): „intergration“ → „integration“ 1."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def candidates(key, languages):
    """(word, display) of the vocabulary that look like `key`, most similar first."""
    if not uses_trigram_table():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, false)",
                [str(MIN_SIMILARITY)],
            )
            cursor.execute(
                "SELECT word, display FROM search_term WHERE language = ANY(%s) AND word %% %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT %s",
                [list(languages), key, key, CANDIDATES],
            )
            return cursor.fetchall()
    grams = trigrams(key)
    found = (
        Term.objects.filter(language__in=languages, trigrams__trigram__in=grams)
        .values("word", "display")
        .annotate(shared=Count("trigrams"))
        .order_by("-shared", "word")[: CANDIDATES * 2]
    )
    scored = [(similarity(key, row["word"]), row["word"], row["display"]) for row in found]
    scored = [item for item in scored if item[0] >= MIN_SIMILARITY]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [(word, display) for _similarity, word, display in scored[:CANDIDATES]]


def known_keys(keys, languages):
    return set(
        Term.objects.filter(language__in=languages, word__in=list(keys)).values_list(
            "word", flat=True
        )
    )


def best_correction(key, languages):
    """The display form of the closest vocabulary word, or None."""
    limit = max_distance(key)
    if not limit:
        return None
    ranked = []
    for position, (word, display) in enumerate(candidates(key, languages)):
        gap = distance(key, word)
        if 0 < gap <= limit:
            ranked.append((gap, position, display))
    return min(ranked)[2] if ranked else None


def correct(words_typed, languages):
    """{word as typed: correction} for the words that are not in the vocabulary and have a
    close one. `words_typed` are the query's words (search.analysis.Word) in the first language."""
    language = languages[0]
    keys = {
        word.display: analysis.fold(word.text, language)
        for word in words_typed
        if word.text.isalpha() and max_distance(word.text)
    }
    if not keys:
        return {}
    known = known_keys(keys.values(), languages)
    corrections = {}
    for typed, key in keys.items():
        if key in known:
            continue
        correction = best_correction(key, languages)
        if correction:
            corrections[typed] = correction
    return corrections
