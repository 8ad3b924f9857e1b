"""Promoted search results, synonyms and weights for the demo site („Antrag“ → the application
form, …; „Fördermittel, Förderung“ → „Zuschuss“; the contact page for contact words).

Run by `load_zib_content` after the apps whose pages it promotes (see INSTALLED_APPS). A promotion
is created only when its page exists and nobody has promoted anything for that query yet; a
synonym only when none with the same replacement and language exists, a weight only when its
page or page type has none. So a second run changes
nothing and editors' choices survive.
"""

from dataclasses import dataclass, field

from django.db import transaction
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site

from search.models import Boost, Synonym

#: (query, path below the site's home page, description shown with the promoted result)
PROMOTIONS = [
    ("Antrag", "zuschuesse/antrag/", "Zuschuss online beantragen."),
    ("Zuschuss", "zuschuesse/", "Wer Zuschüsse bekommt, wofür und wie Sie sie beantragen."),
    ("Förderung", "zuschuesse/", "Zuschüsse für interkulturell tätige Vereine."),
    ("Kontakt", "kontakt/", "Adresse, Telefon und E-Mail des ZIB."),
    ("Adresse", "kontakt/", "So erreichen Sie das ZIB im Rathaus St. Johann."),
    ("Rathaus", "kontakt/", "Das ZIB finden Sie im Rathaus St. Johann."),
    ("Telefon", "kontakt/", "Telefon und E-Mail des ZIB."),
    ("Integrationsbeirat", "integrationsbeirat/", "Die Geschäftsstelle des Integrationsbeirats."),
    ("Beirat", "integrationsbeirat/", "Die Geschäftsstelle des Integrationsbeirats."),
]


#: (words citizens search for, the word of the pages, language or "" for all): everyday words
#: for what the office's pages say in their own terms.
SYNONYMS = [
    ("Fördermittel, Förderung, Fördergeld, Zuwendung, Beihilfe", "Zuschuss", "de"),
    ("Sprechzeiten, Sprechstunde, Geschäftszeiten, geöffnet, offen", "Öffnungszeiten", "de"),
    ("Anschrift", "Adresse", "de"),
    ("Rufnummer, Tel", "Telefonnummer", "de"),
    ("funding, subsidy, subsidies", "grant", "en"),
    ("office hours, consultation hours, open, opening times", "opening hours", "en"),
    ("telephone", "phone", "en"),
    ("دعم, تمويل", "منحة", "ar"),
    ("تواصل", "اتصال", "ar"),
]


#: (path below the site's home page or a page type, factor, words): the contact page for contact
#: words, the application form for application words, in the demo's languages.
BOOSTS = [
    (
        "kontakt/",
        2,
        "Kontakt, Telefon, Telefonnummer, E-Mail, Adresse, Anschrift, Öffnungszeiten, "
        "contact, phone, telephone, email, address, opening hours, "
        "اتصال, هاتف, عنوان, بريد",
    ),
    (
        "grants.grantapplicationpage",
        1.5,
        "Antrag, beantragen, Antragsformular, application, apply, طلب, تقديم",
    ),
]


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)


@transaction.atomic
def load():
    """Create the missing demo promotions; return a LoadReport of what was created."""
    report = LoadReport()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return report
    for query_string, path, description in PROMOTIONS:
        page = Page.objects.filter(url_path=site.root_page.url_path + path).first()
        if page is None:
            continue
        query = Query.get(query_string)
        if query.editors_picks.exists():
            continue
        SearchPromotion.objects.create(
            query=query, page=page, description=description, sort_order=0
        )
        report.created.append(f"search promotion „{query_string}“ → {page.url_path}")
    for target, factor, words in BOOSTS:
        if "/" in target:
            page = Page.objects.filter(url_path=site.root_page.url_path + target).first()
            if page is None or Boost.objects.filter(page=page).exists():
                continue
            Boost.objects.create(page=page, factor=factor, words=words)
        else:
            if Boost.objects.filter(page_type=target).exists():
                continue
            Boost.objects.create(page_type=target, factor=factor, words=words)
        report.created.append(f"search weight {target} × {factor}")
    for words, replacement, language in SYNONYMS:
        if Synonym.objects.filter(replacement=replacement, language=language).exists():
            continue
        Synonym.objects.create(words=words, replacement=replacement, language=language)
        report.created.append(f"synonym „{words}“ → „{replacement}“")
    return report
