"""Reading the search page in tests."""

import json
import re
import uuid


def paragraph_stream(html):
    """StreamField data with one text block, as Wagtail stores it."""
    return json.dumps([{"type": "paragraph", "value": html, "id": str(uuid.uuid4())}])


def search_html(client, query, **params):
    """GET the search page; return (response, decoded HTML)."""
    response = client.get("/suche/", {"q": query, **params})
    return response, response.content.decode()


def result_urls(html):
    """The links of the (not promoted) results, in order."""
    section = html.split('id="search-results-heading"', 1)
    if len(section) == 1:
        return []
    return re.findall(r'<h3 class="search-result__title"><a href="([^"]+)"', section[1])


def promoted_urls(html):
    """The links of the promoted results, in order."""
    if 'id="search-promotions-heading"' not in html:
        return []
    section = html.split('id="search-promotions-heading"', 1)[1].split("</section>", 1)[0]
    return [part.split('"', 1)[0] for part in section.split('<a href="')[1:]]


def result_count(html):
    """The count the page announces, or None when it shows none."""
    match = re.search(r'role="status">\s*(\d+) Treffer', html)
    return int(match.group(1)) if match else None
