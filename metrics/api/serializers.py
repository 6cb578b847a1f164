"""Serializers of the metrics API: the monthly figures (field names of docs/metrics.md) and the
month-range query."""

from rest_framework import serializers

from hub.core.validation import CleanTextSerializerMixin
from metrics.models import ComputedBy
from metrics.selectors.snapshots import parse_month


class MonthField(serializers.CharField):
    """A month written YYYY-MM (2026-03), read as the first day of that month."""

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        try:
            return parse_month(text)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from error


class MonthRangeQuerySerializer(CleanTextSerializerMixin, serializers.Serializer):
    """`?from=YYYY-MM&to=YYYY-MM`, both optional, inclusive."""

    # "from" is a Python keyword: declared through the class namespace (DRF's usual way).
    locals()["from"] = MonthField(required=False, help_text="First month, YYYY-MM (inclusive).")
    to = MonthField(required=False, help_text="Last month, YYYY-MM (inclusive).")

    def validate(self, attrs):
        first, last = attrs.get("from"), attrs.get("to")
        if first and last and first > last:
            raise serializers.ValidationError("from comes after to.")
        return attrs


def _rate(help_text: str) -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, help_text=help_text)


class MonthlySnapshotOutputSerializer(serializers.Serializer):
    """A month's figures as the API gives them (docs/metrics.md)."""

    month = serializers.CharField(source="label", help_text="YYYY-MM")
    total_members = serializers.IntegerField(help_text="Members existing at the end of M.")
    new_members = serializers.IntegerField(help_text="Members whose joined_at falls in M.")
    left_members = serializers.IntegerField(help_text="Members whose left_at falls in M.")
    active_users = serializers.IntegerField(help_text="Distinct members with an activity in M.")
    contributors = serializers.IntegerField(help_text="Distinct members with a contribution.")
    new_contributors = serializers.IntegerField(
        help_text="Members whose first contribution ever falls in M."
    )
    contributor_absence_factor = serializers.IntegerField(
        allow_null=True,
        help_text="Fewest members making up half of M's contributions; null without any.",
    )
    engagement_rate = _rate("active_users / total_members, 0..1.")
    contribution_rate = _rate("contributors / total_members, 0..1.")
    member_retention = _rate("Share of the members at M's start still members at its end.")
    active_retention = _rate("Share of the members active in M-1 also active in M.")
    tier_upgrades = serializers.IntegerField()
    tier_downgrades = serializers.IntegerField()
    satisfaction = _rate("Share of M's satisfaction answers scoring 4 or 5 of 5.")
    nps = serializers.FloatField(
        allow_null=True, help_text="% promoters minus % detractors, -100..100."
    )
    satisfaction_answers = serializers.IntegerField()
    nps_answers = serializers.IntegerField()
    provisional = serializers.BooleanField(source="is_provisional")
    restated = serializers.SerializerMethodField()
    computed_at = serializers.DateTimeField()
    computed_by = serializers.ChoiceField(choices=ComputedBy.choices)
    definitions_version = serializers.IntegerField()

    def get_restated(self, snapshot) -> bool:
        return snapshot.restated_at is not None
