"""The demo's translation memory, one module per language: German segment → translation.

Each module's STRINGS covers every text segment of the translated demo pages and snippets
(tests/i18n/test_demo_languages.py fails on a missing one). A segment that occurs on several
pages („Neue Entwicklungen“) has one translation. Written from the German demo text, which is
written from the seed; nothing is added. `GAP` (the German editorial-gap marker) in a
translation is replaced by the marker in that language when the translation is made.
"""

from zib_wagtail.demo.languages import ar, en, ru, tr, uk

STRINGS = {"en": en.STRINGS, "ar": ar.STRINGS, "tr": tr.STRINGS, "uk": uk.STRINGS, "ru": ru.STRINGS}
