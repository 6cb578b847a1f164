"""The members API about profiles: your own profile (read and change it) and the member
directory. Each operation has its own input and output serializers."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.core.api_fields import WebAddressField
from hub.core.api_pagination import PageNumberPagination
from hub.core.validation import CleanTextSerializerMixin
from members.api.common import ERRORS, paginated
from members.models import Profile, User
from members.selectors.membership import member_current_tier
from members.selectors.profiles import directory_search
from members.services.profiles import profile_update


class TierBriefSerializer(CleanTextSerializerMixin, serializers.Serializer):
    level = serializers.IntegerField()
    name = serializers.CharField()


class MeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    email = serializers.EmailField()
    joined_at = serializers.DateTimeField(allow_null=True)
    tier = serializers.SerializerMethodField()
    display_name = serializers.CharField(source="profile.display_name")
    avatar_initials = serializers.CharField(source="profile.avatar_initials")
    headline = serializers.CharField(source="profile.headline")
    bio = serializers.CharField(source="profile.bio")
    location = serializers.CharField(source="profile.location")
    skills = serializers.SerializerMethodField()
    skills_awaiting_review = serializers.SerializerMethodField()
    github_username = serializers.CharField(source="profile.github_username")
    website = serializers.CharField(source="profile.website")
    how_heard = serializers.CharField(source="profile.how_heard")
    newsletter_opt_in = serializers.BooleanField(source="profile.newsletter_opt_in")
    directory_opt_in = serializers.BooleanField(source="profile.directory_opt_in")

    @extend_schema_field(TierBriefSerializer(allow_null=True))
    def get_tier(self, member) -> dict | None:
        tier = self.context.get("tier")
        return {"level": tier.level, "name": tier.name} if tier else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_skills(self, member) -> list[str]:
        """All the skills on your profile, your suggestions awaiting review included (so
        sending the list back keeps them)."""
        return [skill.name for skill in member.profile.skills.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_skills_awaiting_review(self, member) -> list[str]:
        """Which of `skills` are your suggestions that only you see until a manager accepts
        them."""
        return [skill.name for skill in member.profile.skills.all() if skill.is_awaiting_review]


class MePatchInputSerializer(CleanTextSerializerMixin, serializers.Serializer):
    """Every field is optional: only the fields sent change."""

    multiline_fields = ("bio",)

    display_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    headline = serializers.CharField(max_length=150, required=False, allow_blank=True)
    bio = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    location = serializers.CharField(max_length=100, required=False, allow_blank=True)
    skills = serializers.ListField(
        child=serializers.CharField(max_length=50),
        max_length=15,
        required=False,
        help_text="Names of skills on the list (or your own suggestions awaiting review).",
    )
    skill_suggestion = serializers.CharField(
        max_length=50,
        required=False,
        allow_blank=True,
        help_text="A skill that is not on the list, for a manager to review.",
    )
    github_username = serializers.CharField(max_length=39, required=False, allow_blank=True)
    website = WebAddressField(max_length=200, required=False, allow_blank=True)
    how_heard = serializers.CharField(max_length=200, required=False, allow_blank=True)
    newsletter_opt_in = serializers.BooleanField(required=False)
    directory_opt_in = serializers.BooleanField(required=False)


class DirectoryFilterSerializer(CleanTextSerializerMixin, serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    skill = serializers.CharField(max_length=100, required=False, allow_blank=True)
    location = serializers.CharField(max_length=100, required=False, allow_blank=True)


class DirectoryMemberOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    display_name = serializers.CharField(source="profile.display_name")
    headline = serializers.CharField(source="profile.headline")
    location = serializers.CharField(source="profile.location")
    skills = serializers.SerializerMethodField()
    github_username = serializers.CharField(source="profile.github_username")
    website = serializers.CharField(source="profile.website")
    tier_level = serializers.IntegerField(allow_null=True)
    tier_name = serializers.CharField(allow_null=True)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_skills(self, member) -> list[str]:
        return [skill.name for skill in member.profile.skills.all()]


class MeView(APIView):
    """Your own profile."""

    def _me(self, request: Request) -> Response:
        Profile.objects.get_or_create(user_id=request.user.pk)
        member = (
            User.objects.select_related("profile")
            .prefetch_related("profile__skills")
            .get(pk=request.user.pk)
        )
        return Response(
            MeOutputSerializer(member, context={"tier": member_current_tier(member=member)}).data
        )

    @extend_schema(operation_id="me_retrieve", responses={200: MeOutputSerializer, **ERRORS})
    def get(self, request: Request) -> Response:
        return self._me(request)

    @extend_schema(
        operation_id="me_partial_update",
        request=MePatchInputSerializer,
        responses={200: MeOutputSerializer, **ERRORS},
    )
    def patch(self, request: Request) -> Response:
        data = MePatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        skills = fields.pop("skills", None)
        if skills is None:
            profile = Profile.objects.filter(user=request.user).first()
            skills = [skill.name for skill in profile.skills.all()] if profile else []
        profile_update(
            member=request.user,
            skills=skills,
            skill_suggestion=fields.pop("skill_suggestion", ""),
            now=timezone.now(),
            **fields,
        )
        return self._me(request)


class MemberListView(APIView):
    """The member directory: current members who chose to be listed."""

    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="members_list",
        parameters=[DirectoryFilterSerializer],
        responses={200: DirectoryMemberOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = DirectoryFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        members = directory_search(now=timezone.now(), **filters.validated_data)
        return paginated(request, self, members, DirectoryMemberOutputSerializer)
