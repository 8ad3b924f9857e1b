"""Text analysis: one pipeline for the index and for queries, on SQLite and PostgreSQL.

    text ──words()──▶ [Word]         normalised words, each with the parts it also stands for
                                     (hyphenated and camel-case pieces, German compounds and
                                     gender forms: search.german; Arabic letters: search.arabic)
         ──terms()──▶ [stem]         what SQLite's index and the ranking compare
         ──postgres_text()──▶ text   what PostgreSQL's text search configuration stems

PostgreSQL stems German, English, Turkish and Russian with its configurations. Python applies
the same Snowball algorithms (`snowballstemmer` 2.2, the version in PostgreSQL 15) for SQLite
and for the ranking, so that both databases compare the same stems. Arabic and Ukrainian use
`simple`: their words arrive stemmed (Arabic, search.arabic) or normalised (Ukrainian) from here.
Stop words are PostgreSQL's lists (search.stopwords), dropped here for both databases.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from search import arabic, german
from search.stopwords import STOP_WORDS

#: Letters and digits, hyphenated chains kept together („E-Mail-Adresse“).
_TOKEN = re.compile(r"[^\W_]+(?:[-‐‑][^\W_]+)*")
_HYPHEN = re.compile(r"[-‐‑]")
#: „PatchWorkCity“ → Patch | Work | City (not „ZIB“, not „iPhone“).
_CAMEL = re.compile(r"(?<=[a-zäöüß]{2})(?=[A-ZÄÖÜ][a-zäöüß])")
#: The apostrophe inside Ukrainian words („сім'я“) belongs to the word.
_UK_APOSTROPHE = re.compile(r"(?<=\w)['’ʼ](?=\w)")
#: Hyphenated chains longer than this are not combined into every sub-chain.
MAX_PIECES = 5
#: Query words from this length on also match as the beginning of a longer word („zuschus“).
MIN_PREFIX_LENGTH = 5


@dataclass(frozen=True)
class Language:
    """How one content language is analysed."""

    code: str
    #: PostgreSQL's text search configuration; "simple" stems nothing.
    postgres_config: str
    #: The Snowball stemmer Python applies (the one of that configuration).
    snowball: str | None
    stop_words: frozenset = field(default=frozenset(), repr=False)


LANGUAGES = {
    "de": Language("de", "german", "german", STOP_WORDS["de"]),
    "en": Language("en", "english", "english", STOP_WORDS["en"]),
    "tr": Language("tr", "turkish", "turkish", STOP_WORDS["tr"]),
    "ru": Language("ru", "russian", "russian", STOP_WORDS["ru"]),
    "ar": Language("ar", "simple", None),
    "uk": Language("uk", "simple", None),
}


def language(code):
    """The analysis of a language code („en-gb“ → English; unknown ones: `simple`, unstemmed)."""
    base = (code or "").split("-")[0].lower()
    return LANGUAGES.get(base) or Language(base, "simple", None)


@dataclass(frozen=True)
class Word:
    """A normalised word and the words it also stands for in the index."""

    text: str
    #: As written („Zuschüsse“), for spelling suggestions.
    display: str = field(default="", compare=False)
    #: Pieces and sub-chains of a hyphenated or camel-case word, compound parts, masculine
    #: forms: indexed with the word, so that each finds it.
    parts: tuple[str, ...] = ()
    #: Ways to say the same word in several words, each a tuple that must all match (a query
    #: for „Migrantenorganisation“ also finds „Migranten … Organisation“).
    readings: tuple[tuple[str, ...], ...] = ()
    #: The last part of a compound („förderantrag“ → „antrag“): a query also finds the pages
    #: with the head alone, ranked after the others.
    head: str = ""

    @property
    def forms(self):
        return (self.text, *self.parts)


def words(text, language_code):
    """The words of a text in a language, normalised, without stop words."""
    lang = language(language_code)
    # Arabic diacritics are combining marks, which would split a word into letters.
    text = arabic.strip_marks(unicodedata.normalize("NFKC", str(text or "")))
    if lang.code == "de":
        text = german.complete_ellipses(german.unify_gender_forms(text))
    elif lang.code == "uk":
        text = _UK_APOSTROPHE.sub("", text)
    found = []
    for match in _TOKEN.finditer(text):
        word = analyse_token(match.group(0), lang.code)
        if word is not None:
            found.append(word)
    return found


@lru_cache(maxsize=200_000)
def analyse_token(token, language_code):
    """One token („E-Mail-Adresse“, „PatchWorkCity“, „Zuschüsse“) as a Word, or None for a stop
    word or a single letter."""
    lang = language(language_code)
    pieces = _HYPHEN.split(token)
    if len(pieces) == 1:
        pieces = _CAMEL.split(token)
    pieces = [normalise(piece, lang) for piece in pieces[:MAX_PIECES]]
    text = _finish("".join(pieces), lang)
    if len(pieces) == 1 and (_is_stop_word(text, lang) or _too_short(text)):
        return None
    parts, readings = [], []
    if len(pieces) > 1:
        pieces = [_finish(piece, lang) for piece in pieces]
        kept = [piece for piece in pieces if not _is_stop_word(piece, lang)]
        kept = [piece for piece in kept if not _too_short(piece)]
        if kept:
            readings.append(tuple(kept))
        for size in range(1, len(pieces)):
            for start in range(len(pieces) - size + 1):
                chain = "".join(pieces[start : start + size])
                if size > 1 or chain in kept:
                    parts.append(chain)
    if lang.code == "de":
        parts.extend(german.compound_parts(text))
        masculine = german.masculine(text)
        if masculine:
            readings.append((masculine,))
        if german.reading(text):
            readings.append(german.reading(text))
        for piece in pieces if len(pieces) > 1 else ():
            parts.extend(german.compound_parts(piece))
    parts = tuple(dict.fromkeys(p for p in parts if p != text and not _is_stop_word(p, lang)))
    head = german.head(text) if lang.code == "de" else ""
    return Word(text, token, parts, tuple(dict.fromkeys(readings)), head)


def normalise(token, lang):
    """Lower case (Turkish dotted and dotless i apart), Russian ё as е, Arabic without marks."""
    if lang.code == "tr":
        token = token.replace("I", "ı").replace("İ", "i")
    token = token.lower().replace("\u0307", "")
    if lang.code == "ru":
        token = token.replace("ё", "е")
    elif lang.code == "ar":
        token = arabic.strip_marks(token)
    return token


def _finish(text, lang):
    return german.transliterate(text) if lang.code == "de" else text


def _is_stop_word(text, lang):
    return text in lang.stop_words or text.replace("ss", "ß") in lang.stop_words


def _too_short(text):
    return len(text) < 2 and not text.isdigit()


# --- Stems ---------------------------------------------------------------------------------------

_stemmers = threading.local()


def _stemmer(algorithm):
    cache = _stemmers.__dict__
    if algorithm not in cache:
        cache[algorithm] = snowballstemmer.stemmer(algorithm)
    return cache[algorithm]


@lru_cache(maxsize=200_000)
def stem(word, language_code):
    """The word's stem as the language's Snowball stemmer gives it (and PostgreSQL's
    configuration of that language); Arabic's light stem (search.arabic); else the word."""
    lang = language(language_code)
    if lang.code == "ar":
        return arabic.light_stem(word)
    if lang.snowball is None:
        return word
    return _stemmer(lang.snowball).stemWord(word)


def fold(word, language_code):
    """The word as its stems are written, for matching it as the beginning of a stem: German
    without umlauts and ß (as the German stemmer writes them), Arabic with unified letters."""
    code = language(language_code).code
    if code == "de":
        return word.translate(_GERMAN_FOLD)
    if code == "ar":
        return arabic.normalise(word)
    return word


_GERMAN_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def terms(found_words, language_code):
    """The stems of words and their parts, in order, each word's once."""
    result = []
    for word in found_words:
        result.extend(dict.fromkeys(stem(form, language_code) for form in word.forms))
    return result


def postgres_text(found_words, language_code, config):
    """The text PostgreSQL's `to_tsvector(config, …)` indexes: normalised words and parts for a
    stemming configuration, our stems for `simple`."""
    if config == "simple":
        return " ".join(terms(found_words, language_code))
    return " ".join(form for word in found_words for form in word.forms)
