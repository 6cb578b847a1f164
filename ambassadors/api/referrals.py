"""Your referrals: how many people signed up through your code and joined, and the dates of
each sign-up; never who they are."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.views import APIView

from ambassadors.api.common import ERRORS, TAGS, paginated
from ambassadors.selectors.referrals import (
    ambassador_of,
    referral_counts,
    referrals_by_month,
    referrals_of,
)
from ambassadors.services.activities import NotAnAmbassador
from hub.core.api_pagination import PAGE_PARAMETER


class ReferralOutputSerializer(serializers.Serializer):
    signed_up_at = serializers.DateTimeField()
    joined_at = serializers.DateTimeField(source="referral_credited_at", allow_null=True)


class ReferralListView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="referrals_list",
        parameters=[PAGE_PARAMETER],
        responses={
            200: inline_serializer(
                "ReferralPage",
                {
                    "count": serializers.IntegerField(),
                    "next": serializers.URLField(allow_null=True),
                    "previous": serializers.URLField(allow_null=True),
                    "results": ReferralOutputSerializer(many=True),
                    "referral_code": serializers.CharField(),
                    "signups": serializers.IntegerField(),
                    "joined": serializers.IntegerField(),
                    "joined_by_month": serializers.ListField(child=serializers.DictField()),
                },
            ),
            **ERRORS,
        },
        summary="Your referred sign-ups (dates only) with their counts, newest first.",
    )
    def get(self, request):
        ambassador = ambassador_of(member=request.user)
        if ambassador is None:
            raise NotAnAmbassador("see referrals")
        counts = referral_counts(member=request.user)
        return paginated(
            request,
            self,
            referrals_of(member=request.user),
            ReferralOutputSerializer,
            referral_code=ambassador.referral_code,
            signups=counts["signups"],
            joined=counts["joined"],
            joined_by_month=[
                {"month": f"{month:%Y-%m}", "joined": joined}
                for month, joined in referrals_by_month(member=request.user)
            ],
        )
