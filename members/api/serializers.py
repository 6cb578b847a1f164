"""Input and output serializers of the members API: each operation has its own pair, so what a
client may send is never more than what the operation accepts."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from members.models import ActivityKind, Idea
from members.selectors.ideas import SORTS

# --- Profile ---------------------------------------------------------------------------------


class TierBriefSerializer(serializers.Serializer):
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
        return [skill.name for skill in member.profile.skills.all()]


class MePatchInputSerializer(serializers.Serializer):
    """Every field is optional: only the fields sent change."""

    display_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    headline = serializers.CharField(max_length=150, required=False, allow_blank=True)
    bio = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    location = serializers.CharField(max_length=100, required=False, allow_blank=True)
    skills = serializers.ListField(
        child=serializers.CharField(max_length=50), max_length=15, required=False
    )
    github_username = serializers.CharField(max_length=39, required=False, allow_blank=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    how_heard = serializers.CharField(max_length=200, required=False, allow_blank=True)
    newsletter_opt_in = serializers.BooleanField(required=False)
    directory_opt_in = serializers.BooleanField(required=False)


# --- Directory -------------------------------------------------------------------------------


class DirectoryFilterSerializer(serializers.Serializer):
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


# --- Activities ------------------------------------------------------------------------------


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


class ActivityCreateInputSerializer(serializers.Serializer):
    """For yourself: leave `email` and `github_username` out. An integration (a user with the
    permission members.add_activity) names the member by one of them, and may set `source`."""

    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    occurred_at = serializers.DateTimeField()
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
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

    def validate(self, attrs):
        if attrs.get("email") and attrs.get("github_username"):
            raise serializers.ValidationError(
                "Name the member by email or GitHub username, not both."
            )
        return attrs


# --- Tiers and badges --------------------------------------------------------------------------


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


# --- Ideas -------------------------------------------------------------------------------------


class IdeaFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Idea.Status.choices, required=False)
    sort = serializers.ChoiceField(choices=list(SORTS), required=False, default="votes")


class IdeaOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    status = serializers.ChoiceField(choices=Idea.Status.choices)
    status_comment = serializers.CharField()
    status_changed_at = serializers.DateTimeField(allow_null=True)
    author_name = serializers.CharField(source="author.display_name")
    created_at = serializers.DateTimeField()
    vote_count = serializers.IntegerField()
    voted = serializers.BooleanField(source="viewer_voted")


class IdeaCreateInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=150)
    body = serializers.CharField(max_length=5000)


class IdeaVoteOutputSerializer(serializers.Serializer):
    idea_id = serializers.IntegerField()
    vote_count = serializers.IntegerField()
    voted = serializers.BooleanField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(
        required=False, help_text="For invalid input: the messages of each field."
    )
