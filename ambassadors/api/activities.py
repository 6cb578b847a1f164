"""Your programme activities: list them (newest first) and log one (current ambassadors)."""

from decimal import Decimal

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ambassadors.api.common import ERRORS, TAGS, paginated
from ambassadors.models import ActivityType
from ambassadors.selectors.activities import activities_of
from ambassadors.services.activities import ambassador_activity_log
from hub.core.api_fields import RoundedDecimalField, WebAddressField
from hub.core.validation import CleanTextSerializerMixin


class AmbassadorActivityOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    category = serializers.CharField(
        help_text="content_creation, community_building, product_feedback or business_impact."
    )
    activity_type = serializers.CharField(source="type")
    title = serializers.CharField()
    occurred_on = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    url = serializers.CharField()
    in_ledger = serializers.SerializerMethodField()

    def get_in_ledger(self, activity) -> bool:
        """Whether it also counts in the activity ledger (content pieces, hosted events)."""
        return activity.ledger_activity_id is not None


class AmbassadorActivityInputSerializer(CleanTextSerializerMixin, serializers.Serializer):
    activity_type = serializers.ChoiceField(choices=ActivityType.choices)
    title = serializers.CharField(max_length=200)
    occurred_on = serializers.DateField()
    hours = RoundedDecimalField(
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0.1"),
        max_value=Decimal(200),
        help_text="Hours spent, rounded to the nearest tenth.",
    )
    url = WebAddressField(max_length=500, required=False, allow_blank=True, default="")


class ActivityListCreateView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="ambassador_activities_list",
        responses={200: AmbassadorActivityOutputSerializer(many=True), **ERRORS},
        summary="Your own programme activities, newest first.",
    )
    def get(self, request):
        return paginated(
            request, self, activities_of(member=request.user), AmbassadorActivityOutputSerializer
        )

    @extend_schema(
        tags=TAGS,
        operation_id="ambassador_activities_create",
        request=AmbassadorActivityInputSerializer,
        responses={201: AmbassadorActivityOutputSerializer, **ERRORS},
        summary="Log an activity with its hours (current ambassadors only).",
    )
    def post(self, request):
        data = AmbassadorActivityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        activity = ambassador_activity_log(
            member=request.user, now=timezone.now(), **data.validated_data
        )
        return Response(
            AmbassadorActivityOutputSerializer(activity).data, status=status.HTTP_201_CREATED
        )
