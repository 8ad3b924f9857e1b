"""German for the search: gender forms, umlauts written as ae/oe/ue, word ellipses and compounds.

Used by `search.analysis` for German text, at indexing and at query time alike, so that
„Migrantenorganisation“, „Migrant*innenorganisationen“ and „Organisation“ meet:

- `unify_gender_forms`: „Migrant*innen“, „Migrant:innen“, „Migrant_innen“, „Migrant/-innen“ and
  „MigrantInnen“ are written „Migrantinnen“ before the text is split into words;
- `complete_ellipses`: „Öffnungs- und Sprechzeiten“ also says „Öffnungszeiten“;
- `transliterate`: „Zuschuesse“ is „Zuschüsse“ when only the latter is a German word;
- `compound_parts`: the dictionary-based decompounder of the `german-nouns` package (nouns of the
  German Wiktionary, shipped with the package) splits „Integrationsbeirat“ into „integration“ and
  „beirat“; feminine forms add their masculine noun („migrantin“ → „migrant“), so the gender forms
  of a word find each other.

Words are lower-case here; `ß` is kept (the dictionary and the stemmers know it).
"""

import csv
import re
import threading
from functools import lru_cache

#: „Migrant*innen“, „Migrant:innen“, „Migrant_innen“, „Migrant·innen“, „Lehrer/-innen“,
#: „Lehrer/innen“ (also inside compounds: „Migrant*innenorganisationen“).
_GENDER_MARK = re.compile(r"(?<=[a-zäöüß])(?:\*|:|_|·|/-?)(in(?:nen)?)(?=[a-zäöüß]|\b)")
#: The capital I: „MigrantInnen“, „MigrantInnenorganisation“, „BürgerIn“.
_CAPITAL_I = re.compile(r"(?<=[a-zäöüß])I(nnen|n\b)")
#: „Öffnungs- und Sprechzeiten“: a word ending in a hyphen before „und“, „oder“ … and the next
#: word, whose last part it shares.
_ELLIPSIS = re.compile(
    r"\b([^\W\d_]+)-(?=\s+(?:und|oder|bzw\.?|sowie|bis)\s+([^\W\d_]+))|\b([^\W\d_]+)-(?=,\s)",
    re.IGNORECASE,
)
_DIGRAPHS = {"ae": "ä", "oe": "ö", "ue": "ü"}
_DIGRAPH = re.compile(r"(?<!q)(ae|oe|ue)")

#: Parts shorter than this are left out: a split like „Sprachkurs“ → „Ach“ + „Kurs“ keeps „Kurs“.
MIN_PART_LENGTH = 4
#: A word is decompounded only from this length on.
MIN_COMPOUND_LENGTH = 7


def unify_gender_forms(text):
    """„Migrant*innen“ → „Migrantinnen“, „MigrantInnen“ → „Migrantinnen“."""
    return _CAPITAL_I.sub(r"i\1", _GENDER_MARK.sub(r"\1", text))


def complete_ellipses(text):
    """„Öffnungs- und Sprechzeiten“ → „Öffnungszeiten und Sprechzeiten“: the hyphenated first
    part gets the last part of the following compound (found by the decompounder)."""

    def complete(match):
        first, following = match.group(1), match.group(2)
        if first is None:  # „Öffnungs-, Sprech- und Beratungszeiten“: no following word known
            return match.group(0)
        head = _head(following.lower())
        return f"{first}{head} " if head else match.group(0)

    return _ELLIPSIS.sub(complete, text)


def _head(word):
    """The written last part of a compound („sprechzeiten“ → „zeiten“), or ""."""
    parts = _split(word)
    if len(parts) < 2:
        return ""
    head = parts[-1]
    # The lemma („zeit“) starts the written head („zeiten“); plural umlauts („kräfte“ for
    # „kraft“) are matched on the first letters.
    for length in (len(head), 3):
        position = word.rfind(head[:length])
        if position > 0:
            return word[position:]
    return ""


def transliterate(word):
    """The word with ae/oe/ue as umlauts where that makes it a German word and it is none as
    written („zuschuesse“ → „zuschüsse“, „steuer“ stays)."""
    if not _DIGRAPH.search(word) or is_known(word):
        return word
    candidates = {word}
    for match in _DIGRAPH.finditer(word):
        umlaut = _DIGRAPHS[match.group(1)]
        candidates |= {
            c[: match.start()] + umlaut + c[match.end() :]
            for c in candidates
            if c[match.start() : match.end()] == match.group(1)
        }
    # Prefer the variant with the most umlauts that the dictionary knows.
    for candidate in sorted(candidates, key=lambda c: (len(c), c)):
        if candidate != word and is_known(candidate):
            return candidate
    return word


@lru_cache(maxsize=200_000)
def decompound(word):
    """The parts of a compound noun as lemmas, lower-case („integrationsbeirats“ →
    („integration“, „beirat“)); `()` for a word that is no compound the dictionary can split."""
    if len(word) < MIN_COMPOUND_LENGTH or not word.isalpha():
        return ()
    parts = tuple(part for part in _split(word) if len(part) >= MIN_PART_LENGTH)
    return parts if parts != (word,) else ()


@lru_cache(maxsize=200_000)
def compound_parts(word):
    """What a word also stands for in the index: its compound parts and the masculine noun of
    each feminine form among them and of the word itself („migrantinnenorganisationen“ →
    „migrantin“, „migrant“, „organisation“). The whole word is not repeated."""
    found = []
    for part in [*decompound(word), word]:
        for form in (part, masculine(part)):
            if form and form != word and form not in found:
                found.append(form)
    return tuple(found)


def reading(word):
    """A compound as the words a query may also find it by, feminine parts as masculine ones
    (their index has both): „migrantinnenorganisation“ → („migrant“, „organisation“)."""
    parts = decompound(word)
    return tuple(masculine(part) or part for part in parts) if len(parts) > 1 else ()


def _split(word):
    """The decompounder's lemmas for a word, lower-case, when they look like a real split; else
    a split at a joint the dictionary confirms on both sides (`_two_parts`)."""
    lemmas = [lemma.lower() for lemma in _nouns().parse_compound(word)]
    if len(lemmas) > 1 and all(len(lemma) >= MIN_PART_LENGTH for lemma in lemmas):
        return lemmas
    # The greedy split found a head, but not its modifier („Sprachkurs“ → „Ach“ + „Kurs“,
    # „Förderantrag“ → „Antrag“): the head is real if a modifier of some length is left before
    # it, unlike „Zuschüsse“ → „Schuss“ or „Bürgerinnen“ → „Gerinne“.
    head = lemmas[-1] if lemmas else ""
    plausible = (
        len(head) >= MIN_PART_LENGTH
        and head != lemma_of(word)
        and word.rfind(head[:3]) >= MIN_PART_LENGTH
    )
    if plausible or not is_known(word):
        better = _two_parts(word)
        if better:
            return list(better)
    # A head alone only for a word the dictionary does not know („Kirchberg“ → „Berg“); a known
    # one without a modifier to show for it is no compound („Integration“ is no „Ration“).
    return [head] if plausible and not is_known(word) else []


#: Linking elements between the parts of a compound („Beirat-s-mitglied“, „Familie-n-…“).
_JOINTS = ("", "s", "es", "n", "en", "e", "er")
#: How a modifier stands for its noun: as written, without its linking element, or as the
#: verb stem of a noun („Sprach“ → „Sprache“, „Förder“ → „Förderung“).
_COMPLETIONS = ("", "e", "ung")


@lru_cache(maxsize=50_000)
def _two_parts(word, depth=0):
    """Modifier and head lemmas when a known head ends the word and a known noun begins it."""
    for cut in range(MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1):
        left, right = word[:cut], word[cut:]
        head = [lemma_of(right)] if is_known(right) else []
        if not head and depth < 2:
            head = list(_two_parts(right, depth + 1))
        if not head or not all(head):
            continue
        modifier = _modifier(left)
        if modifier:
            return (modifier, *head)
    return ()


def _modifier(left):
    for joint in _JOINTS:
        if joint and not left.endswith(joint):
            continue
        stem = left[: len(left) - len(joint)] if joint else left
        if len(stem) < MIN_PART_LENGTH - 1:
            continue
        for completion in _COMPLETIONS:
            candidate = stem + completion
            if len(candidate) >= MIN_PART_LENGTH and is_known(candidate):
                lemma = lemma_of(candidate)
                if len(lemma) >= MIN_PART_LENGTH:
                    return lemma
    return ""


def head(word):
    """The last part of a compound („förderantrag“ → „antrag“), or ""."""
    parts = decompound(word)
    return parts[-1] if parts and parts[-1] != word else ""


@lru_cache(maxsize=50_000)
def masculine(word):
    """„migrantin(nen)“ → „migrant“: a feminine noun ending in -in whose stem is a masculine
    noun of the dictionary; else ""."""
    if not word.endswith(("in", "innen")):
        return ""
    entries = _nouns().entries(word)
    lemma = next((lemma for lemma, genus in entries if genus == "f" and lemma.endswith("in")), "")
    if not lemma:
        return ""
    base = lemma[:-2]
    if any(genus == "m" for entry_lemma, genus in _nouns().entries(base) if entry_lemma == base):
        return base
    return ""


def is_known(word):
    """Whether the dictionary has this word form (any case)."""
    return bool(_nouns().index.get(word))


def lemma_of(word):
    """The lemma of a word form, the word itself where it is one („akte“, not „akt“)."""
    lemmas = [lemma for lemma, _genus in _nouns().entries(word)]
    if word in lemmas:
        return word
    return lemmas[0] if lemmas else ""


# --- The dictionary ------------------------------------------------------------------------------

_lock = threading.Lock()
_dictionary = None


def load():
    """Load the dictionary now (an app server's master before it forks its workers), not on the
    first German word."""
    _nouns()


def _nouns():
    """The decompounder, loaded once per process on first use (about a second, 65 MB)."""
    global _dictionary
    if _dictionary is None:
        with _lock:
            if _dictionary is None:
                _dictionary = _load()
    return _dictionary


class _Index(dict):
    """Word form → rows; a miss is empty and, unlike the package's defaultdict, not stored (the
    decompounder looks up many strings that are no words)."""

    def __missing__(self, key):
        return ()


def _load():
    from german_nouns.config import CSV_FILE_PATH
    from german_nouns.lookup import INDEX_FILE_PATH, Nouns

    class CompactNouns(Nouns):
        """The package's `Nouns` (and its `parse_compound`) with only the columns compound
        splitting reads (lemma, part of speech, gender): a quarter of the memory."""

        def __init__(self):
            with open(CSV_FILE_PATH, encoding="utf-8", newline="") as file:
                reader = csv.reader(file)
                header = next(reader)
                keep = [header.index(name) for name in ("lemma", "pos", "genus")]
                self.header = [header[i] for i in keep]
                self.data = [tuple(row[i] for i in keep) for row in reader]
            self.index = _Index()
            with open(INDEX_FILE_PATH, encoding="utf-8") as file:
                for line in file:
                    form, _tab, rows = line.rstrip("\n").partition("\t")
                    self.index[form] = tuple(int(row) for row in rows.split("\t") if row)

        def entries(self, word):
            """(lemma lower-case, gender) of the entries with this form."""
            return [
                (self.data[row][0].lower(), self.data[row][2]) for row in self.index.get(word, ())
            ]

    return CompactNouns()
