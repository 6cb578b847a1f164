"""What every members API module shares: the error answer's shape and the paginated envelope."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from hub.core.validation import CleanTextSerializerMixin


class ErrorSerializer(CleanTextSerializerMixin, serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(
        required=False, help_text="For invalid input: the messages of each field."
    )


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="The request breaks a rule."),
    401: OpenApiResponse(ErrorSerializer, description="Not authenticated."),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed."),
}
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="No such object.")}


def paginated(request: Request, view: APIView, queryset, serializer_class, **context):
    """One page of `queryset` in the standard envelope (count, next, previous, results)."""
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    data = serializer_class(page, many=True, context={"request": request, **context}).data
    return paginator.get_paginated_response(data)
