"""Signals of the shared core, so that feature apps listen to each other without imports."""

from django.dispatch import Signal

#: Sent after public content changed (a page published, unpublished, moved, deleted, restricted;
#: an object of the API changed). Keyword arguments: `event` (e.g. "page.published") and
#: `object_type`, `object_id`. The response cache and CDN purge listen to it.
content_changed = Signal()
