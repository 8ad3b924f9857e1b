"""Text analysis shared by the index and the queries (search.analysis, search.german,
search.arabic): what meets what, on both databases."""

import pytest
from django.db import connection

from search import analysis, arabic, german
from search.engine import read_query


def terms(text, language="de"):
    return set(analysis.terms(analysis.words(text, language), language))


def query_readings(text, language="de"):
    """Per reading of the query, per word: the sets of stems each alternative needs (beginnings
    marked with *)."""
    query = read_query(text, language)
    return [
        [
            {
                frozenset(
                    query.stems[atom] + ("*" if atom.prefix else "")
                    for atom in alternative.atoms
                    if atom in query.stems
                )
                for alternative in group.alternatives
            }
            for group in reading
        ]
        for reading in query.readings
    ]


def found_by(text, query, language="de"):
    """Whether in a reading of the query each word has an alternative all in the text's index."""
    index = terms(text, language)

    def present(token):
        if token.endswith("*"):
            return any(term.startswith(token[:-1]) for term in index)
        return token in index

    return any(
        all(
            any(all(present(token) for token in alternative) for alternative in group)
            for group in reading
        )
        for reading in query_readings(query, language)
    )


# --- German ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Migrant*innenorganisationen",
        "Migrant:innenorganisationen",
        "Migrant_innenorganisationen",
        "MigrantInnenorganisationen",
        "Migrantenorganisation",
        "Migrantinnen- und Migrantenorganisationen",
    ],
)
@pytest.mark.parametrize("query", ["Migrantenorganisation", "Organisation", "Migranten"])
def test_gender_forms_and_compounds_meet(text, query):
    assert found_by(text, query)


def test_gender_forms_are_written_as_one_word():
    for text in ["Bürger*innen", "Bürger:innen", "Bürger_innen", "BürgerInnen", "Bürger/-innen"]:
        assert german.unify_gender_forms(text) == "Bürgerinnen"
    assert german.unify_gender_forms("StadtInfo") == "StadtInfo"


def test_the_feminine_form_also_stands_for_the_masculine_noun():
    assert german.masculine("migrantinnen") == "migrant"
    assert german.masculine("termin") == ""  # masculine noun ending in -in
    assert german.masculine("medizin") == ""


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("integrationsbeirat", ("integration", "beirat")),
        ("telefonnummer", ("telefon", "nummer")),
        ("beiratsmitglieder", ("beirat", "mitglied")),
        ("sprachkurs", ("sprache", "kurs")),
        ("fachkräfteeinwanderungsgesetz", ("fachkraft", "einwanderung", "gesetz")),
        ("zuschüsse", ()),  # no „Schuss“
        ("integration", ()),  # no „Ration“
        ("termin", ()),
    ],
)
def test_the_dictionary_decompounder_splits_compounds_and_nothing_else(word, parts):
    assert german.decompound(word) == parts


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Zuschüsse für Vereine", "Zuschuesse"),
        ("Öffnungszeiten", "Oeffnungszeiten"),
        ("Zuschuß", "Zuschuss"),
        ("Zuschuss", "zuschuß"),
        ("Öffnungs- und Sprechzeiten", "Öffnungszeiten"),
        ("Öffnungs- und Sprechzeiten", "Sprechzeiten"),
        ("Zuwanderungs- und Integrationsbüro", "Zuwanderungsbüro"),
        ("E-Mail-Adresse", "email"),
        ("E-Mail-Adresse", "Adresse"),
        ("per E-Mail", "E-Mail"),
        ("PatchWorkCity", "patchwork"),
        ("PatchWorkCity", "City"),
        ("Fachkräfteeinwanderungsgesetz", "Fachkräfte"),
        ("Anlauf-Stelle", "Anlaufstelle"),
        ("neuzugewanderten Menschen", "neu zugewandert"),
        ("Integrationsbeirats", "Beirat"),
        ("Zuschüsse", "zuschus"),  # a word's beginning, from five letters on
    ],
)
def test_german_spellings_find_each_other(text, query):
    assert found_by(text, query)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Das Kostüm für das Fest.", "Kosten"),
        ("Die Amtsblätter der Stadt.", "Amtsleitung"),
        ("Der Bauch", "Bau"),  # short words only whole
        ("Terminkalender", "Min"),
    ],
)
def test_unrelated_words_do_not_meet(text, query):
    assert not found_by(text, query)


def test_stop_words_and_question_words_are_not_searched():
    assert [group.source for group in read_query("Wann hat das Büro geöffnet", "de").groups] == [
        "Büro",
        "geöffnet",
    ]
    assert analysis.words("und oder der", "de") == []


# --- Other languages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("الاتصال", "اتصال"),
        ("المنحة", "منحة"),
        ("بالمنحة", "منحه"),
        ("مِنْحَة", "منحة"),  # diacritics
        ("منـــحة", "منحة"),  # tatweel
        ("الإندماج", "الاندماج"),  # alef with hamza
        ("مستشفى", "مستشفي"),  # alef maqsura and ya
        ("العنوان", "عنوان"),
    ],
)
def test_arabic_spelling_variants_meet(text, query):
    assert found_by(text, query, "ar")


def test_arabic_normalisation_unifies_letters():
    assert arabic.normalise("أإآٱ") == "اااا"
    assert arabic.normalise("مُنْحَةٌ") == "منحه"
    assert arabic.normalise("٢٠٢٦") == "2026"


@pytest.mark.parametrize(
    ("language", "text", "query"),
    [
        ("en", "opening hours", "opening hour"),
        ("en", "studies", "study"),
        ("ru", "гранты", "грант"),
        ("ru", "ёлка", "елка"),
        ("tr", "İletişim", "iletişim"),
        ("tr", "projeler", "proje"),
        ("uk", "сім'я", "сімя"),
    ],
)
def test_each_language_has_its_stems_and_letters(language, text, query):
    assert found_by(text, query, language)


def test_turkish_dotless_i_is_a_letter_of_its_own():
    assert analysis.words("ISPARTA", "tr")[0].text == "ısparta"
    assert analysis.words("ISPARTA", "de")[0].text == "isparta"


# --- The same stems as PostgreSQL ------------------------------------------------------------

POSTGRES_WORDS = {
    "german": ("de", "Zuschüsse Vereinen Projekten Anträge Häuser Ämter Straße Migrantinnen"),
    "english": ("en", "studies contact opening hours phone numbers councils applications"),
    "russian": ("ru", "гранты заявки проекты интеграции"),
    "turkish": ("tr", "hibeler başvurular projeler"),
}


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("config", sorted(POSTGRES_WORDS))
def test_python_stems_are_postgres_stems(config):
    """SQLite's index and the ranking use Python's Snowball stemmers; PostgreSQL stems with its
    configuration. Both must agree, or the databases find different pages."""
    language, text = POSTGRES_WORDS[config]
    words = [word.text for word in analysis.words(text, language)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(lexeme ORDER BY lexeme) FROM unnest(to_tsvector(%s::regconfig, %s))",
            [config, " ".join(words)],
        )
        postgres = set(cursor.fetchone()[0])
    assert {analysis.stem(word, language) for word in words} == postgres
