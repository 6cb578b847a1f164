"""What the OpenAPI schema says beyond each view's own annotations, so that it tells the truth
for every operation of every app:

- every list is paginated: the apps' API views are plain APIViews that page their lists with
  DRF's default paginator, so a `many=True` response is documented as that paginator's page
  (`count`, `next`, `previous`, `results`), not as a bare array;
- every error an operation can answer is documented with the one error shape
  (`{"detail", "code", "errors"?}`, hub.core.api_errors): 400 where it reads input, 401 (a bad
  token fails on any operation), 403, 404 where it names an object or pages a list, 409 on
  writes, 429 (throttled, with Retry-After) and 503 (database unreachable, with Retry-After).
"""

from drf_spectacular.openapi import AutoSchema
from rest_framework.settings import api_settings

ERROR_COMPONENT = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error of the API: a sentence to show, a stable code, and for invalid "
    "input the messages of each field.",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {},
            "description": "For invalid input: the messages of each field.",
        },
    },
    "required": ["detail", "code"],
}
RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer"},
        "description": "Seconds to wait before trying again.",
    }
}
ERROR_DESCRIPTIONS = {
    "400": "The request breaks a rule or its input is invalid.",
    "401": "Not authenticated, or the token is not valid.",
    "403": "Not allowed.",
    "404": "No such object (named in the path or the body), or not one you may see; for a "
    "list, no such page.",
    "409": "It conflicts with the current state.",
    "429": "Too many requests; wait for Retry-After seconds.",
    "503": "The database is unreachable for a moment; wait for Retry-After seconds.",
}
WRITES = {"post", "put", "patch", "delete"}


class HubAutoSchema(AutoSchema):
    """drf-spectacular's schema, with the API's default paginator for every list."""

    def _get_paginator(self):
        paginator = super()._get_paginator()
        if paginator is None and self.method == "GET" and api_settings.DEFAULT_PAGINATION_CLASS:
            return api_settings.DEFAULT_PAGINATION_CLASS()
        return paginator


def _is_page(operation: dict, schemas: dict) -> bool:
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    reference = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    component = schemas.get(reference.rsplit("/", 1)[-1], {}) if reference else {}
    return "results" in component.get("properties", {})


def _codes(method: str, operation: dict, path: str, schemas: dict) -> list[str]:
    reads_input = bool(operation.get("parameters") or operation.get("requestBody"))
    codes = ["401", "403", "429", "503"]
    if reads_input or method in WRITES:
        codes.append("400")
    if "{" in path or _is_page(operation, schemas) or operation.get("requestBody"):
        codes.append("404")
    if method in WRITES:
        codes.append("409")
    return sorted(codes)


def error_responses_document(result, generator, request, public):
    """drf-spectacular postprocessing hook: the error answers of every operation, and every
    `page` parameter's lower bound (a view that documents its own page names it too)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas[ERROR_COMPONENT] = ERROR_SCHEMA
    reference = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and parameter["name"] == "page":
                    parameter["schema"] = {"type": "integer", "minimum": 1}
            responses = operation.setdefault("responses", {})
            for code in _codes(method, operation, path, schemas):
                response = responses.setdefault(code, {"description": ERROR_DESCRIPTIONS[code]})
                response["content"] = {"application/json": {"schema": reference}}
                if code in {"429", "503"}:
                    response["headers"] = RETRY_AFTER
    return result
