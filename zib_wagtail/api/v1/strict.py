"""What every operation does beyond its view: refuse query parameters it does not know, answer
HEAD wherever it answers GET, and tell the client its rate limit (`RateLimit-*` headers).

An unknown parameter is most often a typo (`?staus=ongoing`); ignoring it would answer with
unfiltered data and a 200, so it is a 400 problem `unknown_parameter` naming each one.
"""

from functools import wraps

from .errors import problem_response


def prepare_operations(api):
    """Register the checks for every operation of `api` (applied when its routers are bound)."""
    api.add_decorator(_strict, mode="view")


def query_parameter_names(operation):
    """The query parameters an operation declares (flattened schemas included)."""
    names = set()
    for model in operation.models:
        if model.__ninja_param_source__ == "query":
            names.update(getattr(model, "__ninja_flatten_map__", {}) or model.model_fields)
    return names


def _strict(run):
    operation = run.__self__
    allowed = query_parameter_names(operation)
    if "GET" in operation.methods and "HEAD" not in operation.methods:
        operation.methods = [*operation.methods, "HEAD"]

    @wraps(run)
    def checked(request, *args, **kwargs):
        unknown = sorted(set(request.GET) - allowed)
        if unknown:
            return problem_response(
                "unknown_parameter",
                f"Unknown query parameter(s): {', '.join(unknown)}.",
                errors=[
                    {
                        "field": name,
                        "code": "unknown_parameter",
                        "message": "This operation has no such parameter.",
                    }
                    for name in unknown
                ],
                request=request,
            )
        response = run(request, *args, **kwargs)
        state = getattr(request, "zib_rate_limit", None)
        if state is not None:
            for name, value in state.headers().items():
                response.setdefault(name, value)
        if request.method == "HEAD" and not response.streaming:
            # The headers of the GET (Content-Length, ETag …), without its body.
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    return checked
