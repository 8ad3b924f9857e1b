"""Wagtail's Elasticsearch or OpenSearch backend (ZIB_SEARCH_BACKEND), for a search cluster.

It takes the admin's searches (page chooser, snippets, images, the staff's application search)
off the database and, like the database backend (search.backends.database), feeds the site
index (search.index) with every page it indexes, so the site search and the APIs' `search=`
keep working unchanged. The German analysis below replaces the cluster's "standard" analyzer for
every text field: lower case, German normalisation (ä → a, ß → ss, as the site index folds
them), light German stems and the German stop words. Compound words („Integrationskonzept“)
are split only with a word list on the cluster (a `dictionary_decompounder` filter; see
docs/search.md), which the site index does without one.
"""

from copy import deepcopy
from importlib import import_module

from django.core.exceptions import ImproperlyConfigured
from modelsearch.utils import deep_update

from search.backends.database import SiteIndexMixin

#: ZIB_SEARCH_BACKEND values: the modules of Wagtail's search (django-modelsearch) they use.
FLAVOURS = ("elasticsearch7", "elasticsearch8", "elasticsearch9", "opensearch2", "opensearch3")

GERMAN_ANALYSIS = {
    "settings": {
        "analysis": {
            "filter": {
                "german_stop": {"type": "stop", "stopwords": "_german_"},
                "german_stemmer": {"type": "stemmer", "language": "light_german"},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "lowercase",
                        "german_stop",
                        "german_normalization",
                        "german_stemmer",
                    ],
                }
            },
        }
    }
}


def backend_class(flavour):
    """The site-indexing backend class of one flavour („elasticsearch8“, „opensearch2“ …)."""
    if flavour not in FLAVOURS:
        raise ImproperlyConfigured(
            f"ZIB_SEARCH_BACKEND={flavour!r}: use 'database' or one of {', '.join(FLAVOURS)}."
        )
    base = import_module(f"modelsearch.backends.{flavour}").SearchBackend
    index_class = type("SiteIndexedIndex", (SiteIndexMixin, base.index_class), {})
    return type(f"SiteIndexed{base.__name__}", (base,), {"index_class": index_class})


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    params = dict(params)
    flavour = params.pop("FLAVOUR", "elasticsearch8")
    # A site's own INDEX_SETTINGS win over the German analysis, key by key.
    params["INDEX_SETTINGS"] = deep_update(
        deepcopy(GERMAN_ANALYSIS), params.get("INDEX_SETTINGS", {})
    )
    return backend_class(flavour)(params)
