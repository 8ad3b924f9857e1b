"""The page types of the demo site, in German and Arabic, for the browser tests."""

GERMAN_PAGES = {
    "home": "/",
    "standard page": "/ueber-das-zib/",
    "easy language page": "/leichte-sprache/",
    "accessibility statement": "/barrierefreiheit/",
    "project index": "/projekte/",
    "project index, filtered": "/projekte/?status=ongoing",
    "project page": "/projekte/bildungswerkstatt/",
    "grants page": "/zuschuesse/",
    "grant application form": "/zuschuesse/antrag/",
    "search results": "/suche/?q=Zusch%C3%BCsse",
    "search without results": "/suche/?q=Raumschiff",
    "404": "/diese-seite-gibt-es-nicht/",
}

ARABIC_PAGES = {
    "home (ar)": "/ar/",
    "grants page (ar)": "/ar/grants/",
    "standard page (ar)": "/ar/kontakt/",
    "search results (ar)": "/ar/suche/?q=ZIB",
    "404 (ar)": "/ar/diese-seite-gibt-es-nicht/",
}

ENGLISH_PAGES = {
    "home (en)": "/en/",
    "project page (en)": "/en/projects/bildungswerkstatt/",
    "grant application form (en)": "/en/grants/application/",
}

ALL_PAGES = {**GERMAN_PAGES, **ARABIC_PAGES, **ENGLISH_PAGES}


def submit_empty_application(page, url="/zuschuesse/antrag/"):
    """Open the application form and send its first step without filling anything in (the
    error state)."""
    page.goto(url)
    page.locator("#grants-next").click()
    page.wait_for_selector("[data-error-summary]")
