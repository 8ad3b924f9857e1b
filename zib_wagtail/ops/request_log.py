"""One JSON line per request on the logger `zib.requests` (INFO).

Fields: method, path (without query string: search terms and tokens can be personal data),
status, duration_ms, request_id (the client's or proxy's `X-Request-ID` if well-formed, else a
new one; echoed in the response), cache (HIT/MISS of the page cache, "-" otherwise). No
cookies, no client address, no user.
"""

import json
import logging
import re
import time
import uuid

logger = logging.getLogger("zib.requests")

REQUEST_ID_HEADER = "X-Request-ID"
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_of(request):
    # META, not request.headers: that would parse every header of the request for one.
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    return incoming if VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_of(request)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                json.dumps(
                    {
                        "event": "request",
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "request_id": request.request_id,
                        "cache": response.get("X-Cache", "-"),
                    },
                    ensure_ascii=False,
                )
            )
        return response
