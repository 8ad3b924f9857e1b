"""Promoted search results for the demo site („Antrag“ → the application form, …).

Run by `load_zib_content` after the apps whose pages it promotes (see INSTALLED_APPS). A promotion
is created only when its page exists and nobody has promoted anything for that query yet, so a
second run changes nothing and editors' choices survive.
"""

from dataclasses import dataclass, field

from django.db import transaction
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site

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
    return report
