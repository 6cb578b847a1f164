"""The members API about recognition: the badges and how often each was awarded."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.core.api_pagination import PageNumberPagination
from members.api.common import ERRORS, paginated
from members.selectors.recognition import badge_list


class BadgeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    description = serializers.CharField()
    icon = serializers.CharField()
    rule = serializers.CharField()
    repeatable = serializers.BooleanField()
    grants_title = serializers.CharField()
    awarded_count = serializers.IntegerField()


class BadgeListView(APIView):
    """Every badge and how often it was awarded."""

    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="badges_list", responses={200: BadgeOutputSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request) -> Response:
        return paginated(request, self, badge_list(), BadgeOutputSerializer)
