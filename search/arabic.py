"""Arabic spelling variants unified, the same for indexing and for queries.

Arabic is indexed with PostgreSQL's `simple` configuration (and the same words on SQLite); what
a stemmer would need is done here first:

- diacritics (tashkeel: fatha, damma, kasra, tanwin, shadda, sukun, superscript alef, Quranic
  marks) and the tatweel „ـ“ are removed;
- the alef forms „أ إ آ ٱ“ become „ا“, alef maqsura „ى“ becomes „ي“, ta marbuta „ة“ becomes „ه“,
  hamza on waw/ya („ؤ ئ“) becomes „و ي“;
- Persian/Urdu look-alikes („ی ک“) become the Arabic letters, Arabic-Indic digits Western ones.

`search.analysis` strips the marks (`strip_marks`), applies the Snowball Arabic stemmer (which
removes the article „ال“ and common prefixes and suffixes, and knows ta marbuta) and then unifies
the letters of the stem (`normalise`), so „منحة“, „المنحة“, „بالمنحة“ and „منحه“ are one word.
"""

import re

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ی": "ي",
        "ک": "ك",
        **{chr(0x0660 + digit): str(digit) for digit in range(10)},
        **{chr(0x06F0 + digit): str(digit) for digit in range(10)},
    }
)


def strip_marks(word):
    """The word without diacritics and tatweel."""
    return _DIACRITICS.sub("", word)


def normalise(word):
    """The word without diacritics and tatweel, with one form per letter."""
    return strip_marks(word).translate(_LETTERS)


def is_arabic(word):
    return any("\u0600" <= char <= "\u06ff" for char in word)
