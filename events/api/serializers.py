"""Input and output shapes of the events API, one pair an operation."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import EventFormat, EventKind, EventLevel, RsvpStatus
from events.selectors.events import online_link_for
from hub.core.api_fields import OptionalURLField
from hub.core.validation import CleanTextSerializerMixin


class GroupRefSerializer(CleanTextSerializerMixin, serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class EventOutputSerializer(serializers.Serializer):
    """An event as the requesting user may see it: `online_url` is null unless they have a
    seat, host it or manage the community."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.SlugField()
    url = serializers.SerializerMethodField()
    group = GroupRefSerializer(allow_null=True)
    kind = serializers.ChoiceField(choices=EventKind.choices)
    level = serializers.ChoiceField(choices=EventLevel.choices)
    format = serializers.ChoiceField(choices=EventFormat.choices)
    status = serializers.CharField()
    visibility = serializers.CharField()
    min_tier = serializers.SerializerMethodField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    time_zone = serializers.CharField()
    rsvp_deadline = serializers.DateTimeField(allow_null=True)
    venue = serializers.CharField()
    online_url = serializers.SerializerMethodField()
    capacity = serializers.IntegerField(allow_null=True)
    seats_taken = serializers.IntegerField(source="going_count")
    waitlist_length = serializers.IntegerField(source="waitlist_count")
    my_rsvp_status = serializers.CharField(source="my_status", allow_null=True)
    recording_url = OptionalURLField()
    transcript_url = OptionalURLField()

    def get_url(self, event) -> str:
        return self.context["request"].build_absolute_uri(event.get_absolute_url())

    def get_min_tier(self, event) -> str | None:
        return event.min_tier.name if event.min_tier_id else None

    def get_online_url(self, event) -> str | None:
        return online_link_for(event=event, user=self.context["request"].user) or None


class EventListInputSerializer(CleanTextSerializerMixin, serializers.Serializer):
    upcoming = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: not ended yet; false: ended; absent: both.",
    )
    group = serializers.SlugField(required=False, help_text="A group's slug.")
    kind = serializers.ChoiceField(choices=EventKind.choices, required=False)
    level = serializers.ChoiceField(choices=EventLevel.choices, required=False)
    format = serializers.ChoiceField(choices=EventFormat.choices, required=False)


class RsvpOutputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RsvpStatus.choices)
    position = serializers.IntegerField(
        required=False, help_text="Place on the waitlist (1 is next); only when waitlisted."
    )


class AttendeeOutputSerializer(serializers.Serializer):
    member_id = serializers.IntegerField()
    name = serializers.CharField(source="member.display_name")
    email = serializers.SerializerMethodField(
        help_text="Only for community managers; hosts and group organizers see names."
    )
    status = serializers.ChoiceField(choices=RsvpStatus.choices)
    position = serializers.IntegerField(allow_null=True)
    walk_in = serializers.BooleanField()
    checked_in_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_email(self, rsvp) -> str | None:
        return rsvp.member.email if self.context.get("show_emails") else None


class CheckinInputSerializer(CleanTextSerializerMixin, serializers.Serializer):
    member = serializers.IntegerField(min_value=1, help_text="The member's id.")


class CheckinOutputSerializer(serializers.Serializer):
    member_id = serializers.IntegerField()
    status = serializers.CharField()
    walk_in = serializers.BooleanField()
    checked_in_at = serializers.DateTimeField()
    created = serializers.BooleanField(help_text="false: they were checked in already.")


class GroupOutputSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    type = serializers.CharField()
    region = serializers.CharField()
    description = serializers.CharField()
    leader = serializers.CharField(
        source="leader.display_name",
        allow_null=True,
        help_text="null while the group has no leader (the last one left the community).",
    )
    cadence_per_month = serializers.IntegerField()
    member_count = serializers.IntegerField()
    upcoming_count = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, group) -> str:
        return self.context["request"].build_absolute_uri(group.get_absolute_url())


class GroupDetailOutputSerializer(GroupOutputSerializer):
    co_organizers = serializers.SerializerMethodField()
    is_member = serializers.BooleanField()

    def get_co_organizers(self, group) -> list[str]:
        return [person.display_name for person in group.co_organizers.all()]


class GroupListInputSerializer(CleanTextSerializerMixin, serializers.Serializer):
    type = serializers.CharField(required=False)
    region = serializers.CharField(required=False)


class MembershipOutputSerializer(serializers.Serializer):
    group = serializers.SlugField()
    is_member = serializers.BooleanField()
    joined_at = serializers.DateTimeField(allow_null=True)
