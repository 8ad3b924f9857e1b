"""ZIB_SEARCH_BACKEND: Wagtail's index on Elasticsearch/OpenSearch, the site index still fed.

No cluster runs here: the tests check the settings the environment gives, the German analysis
the backend sends when it creates an index, and that indexing a page still reaches the site
index whatever the cluster answers.
"""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from search.backends import cluster
from search.backends.database import SiteIndexMixin
from search.models import IndexEntry
from tests.builders import make_home_page
from tests.test_deploy_check import manage, production_env

SHOW = """
import json
from django.conf import settings as s
print(json.dumps(s.WAGTAILSEARCH_BACKENDS["default"]))
"""


def backend_settings(tmp_path, **env):
    result = manage("shell", "-c", SHOW, env=production_env(tmp_path, **env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_default_is_the_database(tmp_path):
    assert backend_settings(tmp_path)["BACKEND"] == "search.backends.database"


def test_a_cluster_is_chosen_by_the_environment(tmp_path):
    values = backend_settings(
        tmp_path,
        ZIB_SEARCH_BACKEND="opensearch2",
        ZIB_SEARCH_URLS="https://search-1.example:9200,https://search-2.example:9200",
    )
    assert values == {
        "BACKEND": "search.backends.cluster",
        "FLAVOUR": "opensearch2",
        "URLS": ["https://search-1.example:9200", "https://search-2.example:9200"],
        "INDEX_PREFIX": "zib_",
        "TIMEOUT": 10,
    }


def test_an_unknown_flavour_is_refused_with_the_choices():
    with pytest.raises(ImproperlyConfigured, match="elasticsearch8"):
        cluster.SearchBackend({"FLAVOUR": "solr"})


def test_the_backend_analyses_german_and_feeds_the_site_index():
    backend = cluster.SearchBackend(
        {
            "FLAVOUR": "elasticsearch8",
            "URLS": ["http://127.0.0.1:9"],
            "INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": 1}}},
        }
    )
    assert issubclass(backend.index_class, SiteIndexMixin)
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"]["default"]["filter"] == [
        "lowercase",
        "german_stop",
        "german_normalization",
        "german_stemmer",
    ]
    assert analysis["filter"]["german_stemmer"]["language"] == "light_german"
    # Wagtail's own analyzers and a site's settings are kept beside the German ones.
    assert "edgengram_analyzer" in analysis["analyzer"]
    assert backend.settings["settings"]["index"]["number_of_replicas"] == 1


@pytest.mark.django_db
def test_a_cluster_that_is_down_keeps_no_page_out_of_the_site_index():
    home = make_home_page(title="Zuwanderungs- und Integrationsbüro")
    IndexEntry.objects.filter(page=home).delete()
    backend = cluster.SearchBackend({"FLAVOUR": "elasticsearch8", "URLS": ["http://127.0.0.1:9"]})

    with pytest.raises(Exception, match="(?i)connect"):
        backend.add_bulk(type(home), [home])

    assert IndexEntry.objects.filter(page=home).exists()
