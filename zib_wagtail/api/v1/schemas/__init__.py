"""The typed payloads of /api/v1/: pages per type, StreamField blocks, media, snippets."""
