"""Segments that stay as they are in every language: slugs of projects and snippets (so links
and filters keep working), proper names of places and projects."""

KEEP = {
    text: text
    for text in (
        "home",
        "patchworkcity",
        "bildungswerkstatt",
        "haus-des-ankommens",
        "integrationskonzept",
        "integrationspolitik",
        "bildung",
        "neuzugewanderte",
        "migration-und-vielfalt",
        "malstatt",
        "Malstatt",
        "Kirchberg",
        "PatchWorkCity",
    )
}

#: Slugs of the translated pages in the languages other than English (Latin letters, the same in
#: every language, so URLs stay readable and typeable).
SLUGS = {
    "about.2": "about-the-zib",
    "projects.2": "projects",
    "grants.2": "grants",
    "application.2": "application",
    "help.2": "application-help",
    "council.2": "integration-council",
    "contact.2": "contact",
    "imprint.2": "legal-notice",
    "privacy.2": "privacy",
    "accessibility.2": "accessibility",
    "easy.2": "easy-to-read",
}


def strings(translations):
    """The translation memory of a language from its translations by key (german.GERMAN)."""
    from zib_wagtail.demo.languages.german import GERMAN

    return {**KEEP, **{GERMAN[key]: text for key, text in {**SLUGS, **translations}.items()}}
