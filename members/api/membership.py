"""The members API about membership: the engagement tiers and their benefits."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.core.api_pagination import PageNumberPagination
from members.api.common import ERRORS, paginated
from members.models import Tier


class TierOutputSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    pricing = serializers.CharField()
    description = serializers.CharField()
    benefits = serializers.ListField(child=serializers.CharField())
    revenue_share_min_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    revenue_share_max_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    revenue_share_percent = serializers.DecimalField(max_digits=5, decimal_places=2)


class TierListView(APIView):
    """The engagement tiers and their benefits."""

    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="tiers_list", responses={200: TierOutputSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request) -> Response:
        return paginated(request, self, Tier.objects.order_by("level"), TierOutputSerializer)
