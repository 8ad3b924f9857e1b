"""/api/v1/: the project's typed, versioned content-delivery API (django-ninja).

The API object lives in `app` and is built when the URLconf imports it (zib_wagtail/api/urls.py),
not when this package is imported, so that a schema problem cannot break other imports.
"""
