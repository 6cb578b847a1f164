"""The public list of ambassadors: current ambassadors who chose to be listed, public fields
only (their name as shown, tier, headline, since when)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from ambassadors.api.common import TAGS, paginated
from ambassadors.selectors.programme import ambassadors_listed
from hub.core.validation import CleanTextSerializerMixin


class AmbassadorPublicSerializer(CleanTextSerializerMixin, serializers.Serializer):
    display_name = serializers.CharField()
    tier = serializers.CharField(source="tier_name")
    headline = serializers.CharField(source="profile.headline")
    ambassador_since = serializers.DateTimeField(source="since")
    profile_url = serializers.SerializerMethodField()

    def get_profile_url(self, person) -> str | None:
        """Their profile page, when they list it in the member directory."""
        if not person.profile.directory_opt_in:
            return None
        return self.context["request"].build_absolute_uri(f"/members/{person.pk}/")


class AmbassadorListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        operation_id="ambassadors_list",
        responses=AmbassadorPublicSerializer(many=True),
        summary="Current ambassadors who chose to be listed, highest tier first.",
    )
    def get(self, request):
        return paginated(
            request, self, ambassadors_listed(now=timezone.now()), AmbassadorPublicSerializer
        )
