"""Arabic spelling variants unified, the same for indexing and for queries.

Arabic is indexed with PostgreSQL's `simple` configuration (and the same words on SQLite); what
a stemmer would need is done here first:

- diacritics (tashkeel: fatha, damma, kasra, tanwin, shadda, sukun, superscript alef, Quranic
  marks) and the tatweel „ـ“ are removed;
- the alef forms „أ إ آ ٱ“ become „ا“, alef maqsura „ى“ becomes „ي“, ta marbuta „ة“ becomes „ه“,
  hamza on waw/ya („ؤ ئ“) becomes „و ي“;
- Persian/Urdu look-alikes („ی ک“) become the Arabic letters, Arabic-Indic digits Western ones.

Then `light_stem` removes what Arabic writes onto a word, as the „light10“ stemmer of Larkey,
Ballesteros and Connell (2002/2007, a standard for Arabic retrieval) does: the conjunction „و“,
the article „ال“ with its prefixed prepositions („وال بال كال فال لل“) and one of the common
suffixes. So „منحة“, „المنحة“, „بالمنحة“ and „منحه“ are one word, and „العنوان“ meets „عنوان“
(which the Snowball Arabic stemmer, stripping suffixes only after an article, keeps apart).
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


#: Longest first; each is removed only if at least two letters remain.
ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")


def light_stem(word):
    """The light10 stem of a word (after `normalise`)."""
    word = normalise(word)
    if word.startswith("و") and len(word) >= 4:
        word = word[1:]
    for article in ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            word = word[len(article) :]
            break
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word
