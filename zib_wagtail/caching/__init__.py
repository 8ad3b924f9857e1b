"""Full-response cache for anonymous reads (pages and API) with publish-driven invalidation.

See `middleware` (what is cached, under which key), `generation` (how everything is invalidated
at once) and `signals` (which events invalidate, and the CDN purge of `purge`).
"""
