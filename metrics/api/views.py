"""The metrics API: the monthly figures, for community managers, read-only."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated

from metrics.api.serializers import MonthlySnapshotOutputSerializer, MonthRangeQuerySerializer
from metrics.selectors.snapshots import snapshots_between


class IsCommunityManager(BasePermission):
    message = "Only community managers can read the community's metrics."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_manager)


#: A month as the query parameters write it (the schema says so; MonthField checks it).
MONTH = r"^([0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)-(0[1-9]|1[0-2])$"


class MonthlySnapshotListView(ListAPIView):
    permission_classes = [IsAuthenticated, IsCommunityManager]
    serializer_class = MonthlySnapshotOutputSerializer

    @extend_schema(
        operation_id="metrics_monthly_list",
        summary="Monthly figures",
        description="The stored monthly snapshots, oldest first: final (frozen) months and the "
        "running month's provisional figures. Field definitions: docs/metrics.md.",
        parameters=[
            OpenApiParameter(
                "from", str, description="First month, YYYY-MM (inclusive).", pattern=MONTH
            ),
            OpenApiParameter(
                "to", str, description="Last month, YYYY-MM (inclusive).", pattern=MONTH
            ),
        ],
        responses={
            200: MonthlySnapshotOutputSerializer(many=True),
            400: OpenApiResponse(
                description="A month is not written YYYY-MM, or from is after to."
            ),
            401: OpenApiResponse(description="Not authenticated."),
            403: OpenApiResponse(description="Not a community manager."),
        },
    )
    def get(self, request, *args, **kwargs):
        """The list (the schema's description sits on the method, as drf-spectacular wants)."""
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = MonthRangeQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return snapshots_between(
            first=query.validated_data.get("from"), last=query.validated_data.get("to")
        )
