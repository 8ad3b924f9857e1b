"""The frame of every page speaks the page's language: no German interface string outside a
subtree that carries its own `lang` (issue 13, acceptance).

Every live page of the demo site is rendered in its own language, and every German page once more
under each language prefix that has no translation of it (the visible fallback, or the 404 page
where the language has a home page of its own), together with the search page, the 404 page and
the grant form with its errors. The German strings looked for are the msgids of the interface
catalogues whose translation into the page's language differs from the German; text inside an
element with its own `lang` (a fallback page's content, an untranslated menu item, the office's
address) is left out, as a screen reader reads it with that language's voice.
"""

import re
from functools import cache
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from wagtail.models import Page

from tests.builders import soup

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
DEFAULT = settings.LANGUAGE_CODE
#: printf and brace placeholders, and markup inside msgids.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]+>")
#: What a fragment may start or end with without it counting (quotes, punctuation, spaces).
EDGES = " \t\n.,:;!?()[]„“”\"'‚‘’–-…/"
#: Elements whose text is no visible text of the page.
INVISIBLE = ("script", "style", "template", "noscript")
#: Attributes read out as (part of) an element's name or description.
SPOKEN_ATTRIBUTES = ("alt", "title", "aria-label", "aria-description", "placeholder")


def _is_telling(fragment):
    """Long enough to be German interface text, not a word shared with other languages."""
    return len(fragment.split()) >= 2 or len(fragment) >= 8


def _catalogues(language):
    return sorted(
        path
        for path in PROJECT_DIR.glob(f"**/locale/{language}/LC_MESSAGES/django.po")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    )


@cache
def german_strings(language):
    """{German fragment: msgid} of the interface strings translated differently into language.

    Placeholders split a msgid into fragments; only telling fragments count, and none that the
    language's own translations use (a name the translation keeps, such as „ZIB“).
    """
    fragments = {}
    translations = []
    for path in _catalogues(language):
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            pairs = [(entry.msgid, entry.msgstr)]
            if entry.msgid_plural:
                forms = [entry.msgstr_plural[key] for key in sorted(entry.msgstr_plural)]
                pairs = [(entry.msgid, forms[0] if forms else "")]
                pairs += [(entry.msgid_plural, form) for form in forms[1:]]
            for msgid, msgstr in pairs:
                translations.append(msgstr)
                if not msgstr or msgstr == msgid:
                    continue
                for fragment in PLACEHOLDER.split(msgid):
                    fragment = " ".join(fragment.split()).strip(EDGES)
                    if _is_telling(fragment):
                        fragments.setdefault(fragment, msgid)
    used = "\n".join(" ".join(text.split()) for text in translations)
    return {fragment: msgid for fragment, msgid in fragments.items() if fragment not in used}


@cache
def _pattern(fragment):
    return re.compile(r"(?<!\w)" + re.escape(fragment) + r"(?!\w)")


def frame_text(html):
    """The text a reader meets on the page in the page's language: the head's title and the
    body's text and spoken attributes, without elements that carry their own `lang`."""
    for element in html.body.find_all(INVISIBLE):
        element.decompose()
    for element in html.body.find_all(attrs={"lang": True}):
        if not element.decomposed:
            element.decompose()
    title = html.title.get_text() if html.title else ""
    if html.select_one(".fallback-notice"):
        # A fallback page's title is its German title, which <title> cannot mark with `lang`:
        # only the suffix (the office) is the frame's.
        title = title.rpartition(" – ")[2]
    parts = [title]
    parts += html.body.find_all(string=True)
    for element in html.body.find_all(True):
        parts += [element[name] for name in SPOKEN_ATTRIBUTES if element.get(name)]
        if element.name == "input" and element.get("type") in ("submit", "button", "reset"):
            parts.append(element.get("value", ""))
    return " ".join(" ".join(str(part).split()) for part in parts if str(part).strip())


def german_found(html, language):
    """The German interface strings in the page's own-language text, with a little context."""
    text = frame_text(html)
    found = []
    for fragment, msgid in german_strings(language).items():
        match = _pattern(fragment).search(text)
        if match:
            context = text[max(0, match.start() - 30) : match.end() + 30]
            found.append(f"„{fragment}“ (msgid „{msgid}“) in …{context}…")
    return found


def prefixed(language, path):
    return path if language == DEFAULT else f"/{language}{path}"


def pages_to_check(language):
    """(description, path) of every page a visitor to the language's part of the site meets."""
    pages = Page.objects.live().public().filter(depth__gte=2).select_related("locale")
    own = [page for page in pages if page.locale.language_code == language]
    translated_keys = {page.translation_key for page in own}
    urls = [(type(page.specific).__name__, page.get_url()) for page in own]
    if language != DEFAULT:
        # German pages without a translation, under the language's prefix: shown as a marked
        # fallback, or missing (the 404 page), depending on whether the language has a home.
        urls += [
            (f"{type(page.specific).__name__} (not translated)", prefixed(language, page.get_url()))
            for page in pages
            if page.locale.language_code == DEFAULT and page.translation_key not in translated_keys
        ]
    with translation.override(language):
        urls += [
            ("search with results", prefixed(language, "/suche/?q=ZIB")),
            ("search without results", prefixed(language, "/suche/?q=Raumschiff")),
            ("search without a query", prefixed(language, "/suche/")),
            ("404", prefixed(language, "/diese-seite-gibt-es-nicht/")),
        ]
    return urls


def grant_forms(language):
    """The grant form pages a visitor of the language reaches: their own or the German one."""
    forms = Page.objects.live().public().filter(content_type__model="grantapplicationpage")
    own = [page.get_url() for page in forms if page.locale.language_code == language]
    if own:
        return own
    german = [page for page in forms if page.locale.language_code == DEFAULT]
    return [prefixed(language, page.get_url()) for page in german]


def check(response, path, language, problems, statuses=(200, 404)):
    if response.status_code not in statuses:
        problems.append(f"{path}: status {response.status_code}")
        return
    html = soup(response)
    direction = "rtl" if translation.get_language_info(language)["bidi"] else "ltr"
    frame = (html.html.get("lang"), html.html.get("dir"))
    if frame != (language, direction):
        problems.append(f"{path}: <html lang dir> is {frame}, not {(language, direction)}")
    problems += [f"{path}: {found}" for found in german_found(html, language)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_frame_speaks_the_pages_language(client, module_demo_site, language):
    problems = []
    checked = 0
    for _description, path in pages_to_check(language):
        check(client.get(path), path, language, problems)
        checked += 1
    for path in grant_forms(language):
        # The error state: the form sent without anything filled in.
        response = client.post(path, {})
        if response.status_code != 404:
            assert b"data-error-summary" in response.content, f"{path}: no error state"
        check(response, f"{path} (POST)", language, problems, (200, 400, 404))
        checked += 1

    assert checked > 5
    assert problems == [], f"{len(problems)} problem(s) in {language}:\n" + "\n".join(problems)


def test_the_check_finds_german_outside_lang_and_only_there():
    """The detector itself: German frame text counts unless it sits inside its own `lang`."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(
        '<html lang="ar" dir="rtl"><head><title>x</title></head><body>'
        "<a>Zum Inhalt springen</a><p>Mehr zu المنح</p>"
        '<nav lang="de"><a>Über das ZIB</a><span>Sprechzeiten</span></nav>'
        '<input type="search" aria-label="Suche nach Inhalten">'
        "</body></html>",
        "html.parser",
    )
    found = "\n".join(german_found(page, "ar"))
    assert "„Zum Inhalt springen“" in found
    assert "„Mehr zu“" in found
    assert "„Sprechzeiten“" not in found
