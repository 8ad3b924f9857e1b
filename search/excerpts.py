"""Excerpts around the matched words, with the words marked.

Everything is plain text until the end: the text is escaped piece by piece and only the <mark>
elements are added as markup, so page text like „<b>“ is shown as written, never as HTML.
Words match case- and accent-insensitively on their stem (`search.analysis.stem`, the stems the
index compares), so „Zuschüsse“ marks „Zuschuss“: from the start of a word, and in German also
as the part of a compound („Projekt“ marks „Teilprojekt“ from „projekt“ on). Stems of fewer than
four letters match whole words only.
"""

import re
import unicodedata

from django.db.models import Manager
from django.utils.encoding import force_str
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.search import index

from search import analysis

EXCERPT_LENGTH = 240
#: How much text the excerpt shows before the first match.
LEAD_IN = 60
#: Stems shorter than this match whole words only („Amt“ does not mark „Amtsblatt“).
MIN_PREFIX_STEM = 4
#: German stems from this length on are also marked inside a compound.
MIN_INNER_STEM = 6


def searchable_text(obj):
    """The indexed text of an object except its title, as one plain-text string.

    Read from the model's `search_fields` in their order, following related fields, the way the
    search index reads them (rich text and StreamField blocks arrive without markup).
    """
    parts = []
    for search_field in obj.get_search_fields():
        parts.extend(_field_texts(obj, search_field))
    return " ".join(" ".join(parts).split())


def _field_texts(obj, search_field):
    if isinstance(search_field, index.SearchField):
        if search_field.field_name != "title":
            yield from _texts(search_field.get_value(obj))
    elif isinstance(search_field, index.RelatedFields):
        value = search_field.get_value(obj)
        if value is None:
            return
        if isinstance(value, Manager):
            related = value.all()
        else:
            related = [value() if callable(value) else value]
        for related_obj in related:
            for sub_field in search_field.fields:
                yield from _field_texts(related_obj, sub_field)


def _texts(value):
    if value is None:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    else:
        yield force_str(value)


def term_pattern(terms, language="de"):
    """A regex over folded text: words starting with a term's stem, or equal to a short one; in
    German also a long stem inside a word."""
    stems = set()
    for term in terms:
        for word in analysis.words(term, language):
            stems.update(fold(analysis.stem(form, language)) for form in word.forms)
    stems.discard("")
    if not stems:
        return None
    inner = language.split("-")[0] == "de"
    alternatives = "|".join(
        (r"(?<!\w)" if not inner or len(word) < MIN_INNER_STEM else "")
        + re.escape(word).replace("ss", "(?:ss|ß)")  # „strass“ marks „Straße“
        + (r"\w*" if len(word) >= MIN_PREFIX_STEM else r"(?!\w)")
        for word in sorted(stems, key=len, reverse=True)
    )
    return re.compile(alternatives)


def fold(text):
    """Lower-case text without diacritics („Zuschüsse“ → „zuschusse“), one character per character.

    Keeping the length lets a match found in the folded text be cut from the original.
    """
    return text.translate(_FOLDED)


class _FoldTable(dict):
    """Code point → folded character, each computed once (`str.translate` looks them up in C:
    folding a results page's excerpts char by char in Python took 10 ms)."""

    def __missing__(self, code):
        char = chr(code)
        lowered = char.lower()
        if len(lowered) != 1:  # e.g. „İ“ lower-cases to two characters
            folded = char
        else:
            base = unicodedata.normalize("NFD", lowered)[0]
            folded = base if len(base) == 1 else lowered
        self[code] = folded
        return folded


_FOLDED = _FoldTable()


def highlight(text, terms, language="de"):
    """The text, HTML-escaped, with the words matching the terms wrapped in <mark>."""
    return _mark(text, term_pattern(terms, language))


def excerpt(text, terms, length=EXCERPT_LENGTH, language="de"):
    """About `length` characters of the text around the first match, escaped and marked.

    Without a match, the beginning of the text. Cuts at word boundaries and shows them with „…“.
    """
    text = " ".join(text.split())
    pattern = term_pattern(terms, language)
    match = pattern.search(fold(text)) if pattern else None
    start, end = 0, min(len(text), length)
    if match and len(text) > length:
        start = max(0, match.start() - LEAD_IN)
        end = min(len(text), start + length)
        start = max(0, end - length)
    if start > 0:
        space = text.find(" ", start, match.start() if match else end)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", match.end() if match else start, end)
        end = space if space != -1 else end
    html = _mark(text[start:end], pattern)
    return mark_safe(("… " if start > 0 else "") + html + (" …" if end < len(text) else ""))


def _mark(text, pattern):
    if pattern is None:
        return escape(text)
    pieces = []
    position = 0
    for match in pattern.finditer(fold(text)):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))
