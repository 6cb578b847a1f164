"""What every programme API module shares: the error answer's shape and the paginated envelope."""

from hub.core.api_pagination import PageNumberPagination
from members.api.common import ERRORS as MEMBERS_ERRORS

TAGS = ["ambassadors"]


#: The error answers are the ones every Hub API module documents (one schema component).
ERRORS = MEMBERS_ERRORS


def paginated(request, view, queryset, serializer_class, **extra):
    """One page of `queryset` in the standard envelope (count, next, previous, results), plus
    any `extra` keys."""
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    data = serializer_class(page, many=True, context={"request": request}).data
    response = paginator.get_paginated_response(data)
    response.data.update(extra)
    return response
