"""gzip, Brotli and Zstandard for HTML and JSON answers, never for personal ones (BREACH).

django-http-compression (Adam Johnson's maintained middleware) picks the best coding the client
accepts and compresses known text types. BREACH recovers a secret from a compressed answer that
also reflects what an attacker sent, by watching its length over many requests. Public pages
hold no secret. Answers with one — a CSRF token, a session, what a visitor typed, a status page
behind a secret link — are exactly the ones `http.is_personal` recognises: they are sent
uncompressed. (The middleware's random `X-Noise` header, a length padding, stays on as well.)

Placed inside the response cache's middleware, so that the cache stores each coding's answer
once and a hit sends it as it is, with no compression work (the cache key holds the coding:
`http.negotiated_coding`). This module imports django-http-compression (extra `production`), so
it is loaded only where it is in MIDDLEWARE.
"""

from django.utils.cache import patch_vary_headers
from django_http_compression.middleware import HttpCompressionMiddleware

from . import http


class CompressionMiddleware(HttpCompressionMiddleware):
    def maybe_compress(self, request, response):
        if http.is_personal(request, response):
            return
        super().maybe_compress(request, response)
        content_type = response.get("Content-Type", "").split(";", 1)[0]
        if self.content_type_re.match(content_type):
            # Also when sent uncompressed: a shared cache must not hand this copy to a client
            # that accepts a coding, nor a compressed one to a client that accepts none.
            patch_vary_headers(response, ("Accept-Encoding",))
