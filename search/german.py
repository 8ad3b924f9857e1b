"""Just enough German for matching and highlighting search terms.

Not a stemmer: `stem` removes one common inflection ending so that a prefix match on the result
finds the other forms of the word („Vereine“ → „verein“, „Projekten“ → „projekt“). PostgreSQL's
German configuration does real stemming in the database; this serves SQLite and the highlighter.
"""

import unicodedata

#: Inflection endings, longest first; one is removed if at least MIN_STEM_LENGTH letters remain.
#: Shorter words are matched whole, not as prefixes („2“ must not find „2020“).
ENDINGS = ("ern", "em", "en", "er", "es", "e", "n", "s")
MIN_STEM_LENGTH = 4

#: Words not worth highlighting (PostgreSQL's German configuration ignores them in queries).
_STOP_WORDS = """
    aber als am an auch auf aus bei bin bis da das dass dem den der des die doch du ein eine einem
    einen einer eines er es für hat ich ihr im in ist ja kein man mit nach nicht noch nur ob oder
    sich sie sind so über um und uns von vor war was wie wir wird zu zum zur
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


def stem(term):
    """The lower-cased term without one common German inflection ending."""
    word = term.lower()
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM_LENGTH:
            return word[: -len(ending)]
    return word


def matches_as_prefix(stemmed):
    """Whether words starting with this stem count as matches (not for short words like „Amt“)."""
    return len(stemmed) >= MIN_STEM_LENGTH


def fold(text):
    """Lower-case text without diacritics („Zuschüsse“ → „zuschusse“), one character per character.

    Keeping the length lets a match found in the folded text be cut from the original.
    """
    return "".join(_fold_char(char) for char in text)


def _fold_char(char):
    lowered = char.lower()
    if len(lowered) != 1:  # e.g. „İ“ lower-cases to two characters
        return char
    base = unicodedata.normalize("NFD", lowered)[0]
    return base if len(base) == 1 else lowered
