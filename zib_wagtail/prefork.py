"""What an app server's master process does once, before it forks its workers.

With gunicorn's `preload_app` the workers are forks of a master that has set Django up. Two
things make them cheaper there (zib_wagtail/gunicorn.conf.py calls `prepare` from `when_ready`):

- the site search's German dictionary (search.german, about a second and 65 MB) is loaded in
  the master, so that the workers share its memory page for page instead of each loading it
  on its first German search;
- `gc.freeze()` moves everything loaded so far into the collector's permanent generation, as
  the Python documentation recommends before forking: the workers' collections no longer walk
  Django's, Wagtail's and the dictionary's hundreds of thousands of objects each time a
  request creates many of its own (a search with 6,000 matches: 60 → 44 ms for its rows), and
  those objects' memory pages stay shared (a collection would write to every one of them).
"""

import gc


def prepare():
    from search import german

    german.load()
    gc.collect()
    gc.freeze()
