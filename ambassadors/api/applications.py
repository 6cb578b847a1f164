"""Your ambassador applications: list them (newest first) and apply."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ambassadors.api.common import ERRORS, TAGS, paginated
from ambassadors.models import AmbassadorTier
from ambassadors.selectors.applications import applications_of
from ambassadors.services.applications import HOURS_RANGE, application_submit
from hub.core.api_fields import WebAddressField
from hub.core.errors import NotFound
from hub.core.validation import CleanTextSerializerMixin


class AmbassadorApplicationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(
        help_text="pending, waitlisted, approved, declined or withdrawn."
    )
    preferred_tier = serializers.CharField(source="preferred_tier.slug")
    approved_tier = serializers.CharField(source="approved_tier.slug", allow_null=True)
    motivation = serializers.CharField()
    links = serializers.SerializerMethodField()
    audience = serializers.CharField()
    hours_per_month = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)

    def get_links(self, application) -> list[str]:
        return [line for line in application.links.splitlines() if line]


class AmbassadorApplicationInputSerializer(CleanTextSerializerMixin, serializers.Serializer):
    multiline_fields = ("motivation", "audience")
    preferred_tier = serializers.SlugField(
        help_text="The tier's slug: champions, ambassadors or advisors (404 for another)."
    )
    motivation = serializers.CharField(max_length=4000)
    links = serializers.ListField(
        child=WebAddressField(max_length=500), required=False, default=list, max_length=10
    )
    audience = serializers.CharField(max_length=2000)
    hours_per_month = serializers.IntegerField(min_value=HOURS_RANGE[0], max_value=HOURS_RANGE[1])


class ApplicationListCreateView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="ambassador_applications_list",
        responses={200: AmbassadorApplicationOutputSerializer(many=True), **ERRORS},
        summary="Your own applications to the programme, newest first.",
    )
    def get(self, request):
        return paginated(
            request,
            self,
            applications_of(member=request.user),
            AmbassadorApplicationOutputSerializer,
        )

    @extend_schema(
        tags=TAGS,
        operation_id="ambassador_applications_create",
        request=AmbassadorApplicationInputSerializer,
        responses={201: AmbassadorApplicationOutputSerializer, **ERRORS},
        summary="Apply to the programme (one open application at a time).",
    )
    def post(self, request):
        data = AmbassadorApplicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # A tier that does not exist is a missing object (404), not malformed input: the
        # schema cannot list the tiers, which managers may change.
        tier = AmbassadorTier.objects.filter(slug=data.validated_data["preferred_tier"]).first()
        if tier is None:
            raise NotFound("No such ambassador tier: use champions, ambassadors or advisors.")
        application = application_submit(
            applicant=request.user,
            preferred_tier=tier,
            motivation=data.validated_data["motivation"],
            links="\n".join(data.validated_data["links"]),
            audience=data.validated_data["audience"],
            hours_per_month=data.validated_data["hours_per_month"],
            now=timezone.now(),
        )
        return Response(
            AmbassadorApplicationOutputSerializer(application).data,
            status=status.HTTP_201_CREATED,
        )
