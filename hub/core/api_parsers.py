"""The API's JSON parser: DRF's, with a limit on how deeply a body may nest.

Python's json module recurses once per level, so a body of ten thousand `[` raised
RecursionError (a 500) before any serializer saw it. No Hub endpoint takes more than a few
levels; anything deeper than `MAX_JSON_DEPTH` is refused with a 400 saying why.
"""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_JSON_DEPTH = 32


def json_depth_exceeds(data, limit: int) -> bool:
    """True when lists and objects nest deeper than `limit` (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        too_deep = ParseError(
            f"JSON parse error - the body nests deeper than {MAX_JSON_DEPTH} levels."
        )
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise too_deep from error
        if json_depth_exceeds(data, MAX_JSON_DEPTH):
            raise too_deep
        return data
