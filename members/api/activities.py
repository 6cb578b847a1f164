"""The members API about the activity ledger: your activities, and recording one (an
integration records them for anyone; the rules are in `members.services.activities`)."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.core.api_fields import WebAddressField
from hub.core.api_pagination import PageNumberPagination
from hub.core.validation import CleanTextSerializerMixin
from members.api.common import ERRORS, ErrorSerializer, paginated
from members.models import Activity, ActivityKind
from members.services.activities import activity_ingest


class ActivityOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    member_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    occurred_at = serializers.DateTimeField()
    recorded_at = serializers.DateTimeField()
    source = serializers.CharField()
    external_id = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    points = serializers.IntegerField()


class ActivityCreateInputSerializer(CleanTextSerializerMixin, serializers.Serializer):
    """For yourself: leave `email` and `github_username` out. An integration (a user with the
    permission members.add_activity) names the member by one of them, and may set `source`."""

    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    occurred_at = serializers.DateTimeField()
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    url = WebAddressField(max_length=500, required=False, allow_blank=True, default="")
    source = serializers.RegexField(
        r"^[a-z0-9][a-z0-9_.-]*$",
        max_length=50,
        required=False,
        default="api",
        help_text="Where it came from (lower case): api, or an integration's name like github.",
    )
    external_id = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="The id in the source system; the same (source, external_id) is recorded "
        "once: a repeat answers 200 with the existing row.",
    )
    email = serializers.EmailField(required=False)
    github_username = serializers.CharField(max_length=39, required=False)


class ActivityListCreateView(APIView):
    """Your activity ledger; posting records one activity (an integration: for anyone)."""

    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="activities_list",
        responses={200: ActivityOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        activities = Activity.objects.filter(member=request.user).order_by("-occurred_at", "-id")
        return paginated(request, self, activities, ActivityOutputSerializer)

    @extend_schema(
        operation_id="activities_create",
        request=ActivityCreateInputSerializer,
        responses={
            201: OpenApiResponse(ActivityOutputSerializer, description="Recorded."),
            200: OpenApiResponse(
                ActivityOutputSerializer,
                description="Already recorded with this (source, external_id): the existing row.",
            ),
            409: OpenApiResponse(ErrorSerializer, description="Another member's row."),
            **ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        data = ActivityCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = activity_ingest(actor=request.user, now=timezone.now(), **data.validated_data)
        return Response(
            ActivityOutputSerializer(result.activity).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )
