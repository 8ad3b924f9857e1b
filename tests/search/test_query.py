"""Units of the search pipeline: cleaning the query, German stems, excerpts and escaping."""

import pytest
from wagtail.models import Page, get_page_models
from wagtail.search import index

from search.analysis import stem
from search.excerpts import excerpt, fold, highlight, searchable_text
from search.query import MAX_QUERY_LENGTH, MAX_TERMS, clean_query, searchable_page_types

# --- clean_query -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "terms"),
    [
        ("", ()),
        ("   ", ()),
        (None, ()),
        ("Zuschuss", ("Zuschuss",)),
        ("  Zuschuss   Antrag ", ("Zuschuss", "Antrag")),
        ("<script>alert(1)</script>", ("script", "alert", "1", "script")),
        ("'; DROP TABLE wagtailcore_page; --", ("DROP", "TABLE", "wagtailcore", "page")),
        ('"Haus des Ankommens"', ("Haus", "des", "Ankommens")),
        ("Migrant*innen", ("Migrant", "innen")),
        ("title:Kontakt OR 1=1", ("title", "Kontakt", "OR", "1", "1")),
        ("\x00Zu\x07schuss\u202e", ("Zu", "schuss")),
        ("Zu\u200bschuss", ("Zu", "schuss")),  # zero-width space separates
        ("🙂🙂", ()),
        ("!!! ??? ***", ()),
        ("Ｚｕｓｃｈｕｓｓ", ("Zuschuss",)),  # full-width letters, NFKC
        ("Zuschu\u0308sse", ("Zuschüsse",)),  # combining umlaut, NFKC composes it
        ("İstanbul Ǆemal", ("İstanbul", "DŽemal")),  # NFKC splits the ligature
    ],
)
def test_clean_query_keeps_only_words(raw, terms):
    assert clean_query(raw).terms == terms


def test_clean_query_shows_the_text_without_control_characters():
    query = clean_query("  Zuschuss\x00 \t für\u202e  Vereine ")
    assert query.text == "Zuschuss für Vereine"
    assert not query.truncated


def test_a_long_query_is_cut_at_a_word_boundary_and_flagged():
    query = clean_query("Zuschuss " * 2000)
    assert query.truncated
    assert len(query.text) <= MAX_QUERY_LENGTH
    assert query.text.endswith("Zuschuss")
    assert len(query.terms) == MAX_TERMS


def test_a_10000_character_word_is_cut():
    query = clean_query("x" * 10_000)
    assert query.truncated
    assert query.text == "x" * MAX_QUERY_LENGTH
    assert query.terms == ("x" * MAX_QUERY_LENGTH,)


def test_an_empty_query_is_false():
    assert not clean_query("")
    assert not clean_query("<>")
    assert clean_query("Antrag")


# --- German stems ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("zuschüsse", "zuschuss"),
        ("zuschuss", "zuschuss"),
        ("vereine", "verein"),
        ("vereinen", "verein"),
        ("projekte", "projekt"),
        ("projekten", "projekt"),
        ("integrationsbeirats", "integrationsbeirat"),
        ("malstatt", "malstatt"),
        ("ämter", "amt"),
        ("straße", "strass"),
    ],
)
def test_stem_is_the_snowball_stem_postgresql_uses_too(word, expected):
    assert stem(word, "de") == expected


def test_fold_removes_diacritics_and_keeps_the_length():
    text = "Zuschüsse für Anträge, Straße, İstanbul"
    assert fold(text) == "zuschusse fur antrage, straße, İstanbul"
    assert len(fold(text)) == len(text)


# --- Highlighting and escaping ---------------------------------------------------------------


def test_highlight_marks_inflected_forms_case_and_accent_insensitively():
    html = highlight("Zuschuss, Zuschüsse und ZUSCHÜSSEN für Vereine", ("zuschüsse", "Verein"))
    assert html == (
        "<mark>Zuschuss</mark>, <mark>Zuschüsse</mark> und <mark>ZUSCHÜSSEN</mark> "
        "für <mark>Vereine</mark>"
    )


def test_highlight_escapes_the_text_and_marks_word_starts_and_compound_parts():
    html = highlight('<b>Projekt</b> & "Teilprojekt" <script> Kurs', ("Projekt", "script", "urs"))
    assert html == (
        "&lt;b&gt;<mark>Projekt</mark>&lt;/b&gt; &amp; &quot;Teil<mark>projekt</mark>&quot; "
        "&lt;<mark>script</mark>&gt; Kurs"
    )


def test_highlight_ignores_stop_words():
    assert highlight("Haus des Ankommens", ("des", "Haus")) == "<mark>Haus</mark> des Ankommens"


def test_highlight_treats_regex_characters_in_terms_literally():
    assert highlight("abc [y", (".*", "[", "(")) == "abc [y"


def test_excerpt_shows_the_text_around_the_first_match():
    text = " ".join(["Vorwort"] * 80) + " Hier geht es um Zuschüsse für Vereine. " + "Ende " * 80
    html = excerpt(text, ("Zuschuss",))
    assert html.startswith("… ")
    assert html.endswith(" …")
    assert "<mark>Zuschüsse</mark> für Vereine" in html
    assert len(html) < 300


def test_excerpt_without_a_match_shows_the_beginning():
    html = excerpt("Erster Satz. " * 50, ("Malstatt",))
    assert html.startswith("Erster Satz.")
    assert html.endswith(" …")


def test_excerpt_of_a_short_text_is_the_whole_text():
    assert excerpt("Kurz  und\n gut", ("gut",)) == "Kurz und <mark>gut</mark>"


def test_excerpt_escapes_page_text_with_markup():
    html = excerpt('Bitte <b>fett</b> & <img src=x onerror="alert(1)"> Zuschuss', ("Zuschuss",))
    assert "<b>" not in html and "<img" not in html
    assert "&lt;b&gt;fett&lt;/b&gt; &amp; &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert html.endswith("<mark>Zuschuss</mark>")


# --- Page types and their search fields ------------------------------------------------------


def _page_models():
    return [model for model in get_page_models() if model is not Page]


@pytest.mark.parametrize("model", _page_models(), ids=lambda model: model._meta.label)
def test_every_page_type_indexes_a_boosted_title_and_its_text(model):
    fields = model.get_search_fields()
    titles = [f for f in fields if isinstance(f, index.SearchField) and f.field_name == "title"]
    assert titles and all(f.boost and f.boost > 1 for f in titles)
    text_fields = [f for f in fields if isinstance(f, index.SearchField) and f not in titles]
    assert text_fields, f"{model.__name__} indexes nothing but its title"


def test_project_pages_index_district_topics_and_partners():
    from projects.models import ProjectPage

    related = {
        f.field_name: [sub.field_name for sub in f.fields]
        for f in ProjectPage.get_search_fields()
        if isinstance(f, index.RelatedFields)
    }
    assert related == {"district": ["name"], "topics": ["name"], "partners": ["name"]}


def test_the_type_filter_offers_every_page_type_by_its_label():
    types = searchable_page_types()
    assert set(types) == {model._meta.label_lower for model in _page_models()}
    assert types["projects.projectpage"].label == "Projekt"
    assert types["zib_core.standardpage"].label == "Inhaltsseite"


@pytest.mark.django_db
def test_searchable_text_follows_the_search_fields_without_markup():
    from zib_wagtail.core.models import StandardPage

    page = StandardPage(
        title="Titel",
        intro="Einleitung mit <b>Klammern</b>",
        body='[{"type": "heading", "value": {"text": "Abschnitt", "level": "h2"}},'
        ' {"type": "paragraph", "value": "<p>Fließtext <i>kursiv</i></p>"}]',
    )
    assert searchable_text(page) == "Einleitung mit <b>Klammern</b> Abschnitt Fließtext kursiv"


def test_short_terms_match_whole_words_only():
    assert highlight("2 Ämter seit 2020, Amt und Amtsblatt", ("2", "Amt")) == (
        "<mark>2</mark> Ämter seit 2020, <mark>Amt</mark> und Amtsblatt"
    )
