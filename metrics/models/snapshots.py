"""Monthly snapshots: a calendar month's figures, provisional while the month runs, frozen once
it has ended, and the revisions a manager's restatement leaves behind.

The exact definition of every figure is in `metrics.selectors.snapshots` and docs/metrics.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

#: The figures of a month, named and ordered as in the issue and docs/metrics.md: the export's
#: columns, the API's fields and what a restatement compares.
FIGURES = (
    "total_members",
    "new_members",
    "left_members",
    "active_users",
    "contributors",
    "new_contributors",
    "contributor_absence_factor",
    "engagement_rate",
    "contribution_rate",
    "member_retention",
    "active_retention",
    "tier_upgrades",
    "tier_downgrades",
    "satisfaction",
    "nps",
    "satisfaction_answers",
    "nps_answers",
)
#: The counts the rates rest on, kept so anyone can check a rate from its two integers.
#: The figures that are fractions between 0 and 1 (shown to people as percentages).
FRACTIONS = (
    "engagement_rate",
    "contribution_rate",
    "member_retention",
    "active_retention",
    "satisfaction",
)

BASES = (
    "members_at_start",
    "members_retained",
    "previously_active",
    "active_retained",
    "contributions",
)


class ComputedBy(models.TextChoices):
    JOB = "job", "Scheduled job"
    COMMAND = "command", "Command"
    PERSON = "person", "Manager"


class MonthlySnapshot(models.Model):
    """A month's figures. While the month runs the row is provisional and recomputed nightly;
    once the month has ended it is computed once more and frozen (`frozen_at`). A frozen row
    changes only through a restatement, which keeps the old figures as a `SnapshotRevision`.
    `late_*` count what was recorded for the month after it was frozen (refreshed nightly)."""

    month = models.DateField(unique=True, help_text="First day of the calendar month.")
    period_start = models.DateTimeField(help_text="First instant of the month.")
    period_end = models.DateTimeField(help_text="First instant of the next month.")

    total_members = models.PositiveIntegerField()
    new_members = models.PositiveIntegerField()
    left_members = models.PositiveIntegerField()
    active_users = models.PositiveIntegerField()
    contributors = models.PositiveIntegerField()
    new_contributors = models.PositiveIntegerField()
    contributor_absence_factor = models.PositiveIntegerField(null=True, blank=True)
    engagement_rate = models.FloatField(null=True, blank=True)
    contribution_rate = models.FloatField(null=True, blank=True)
    member_retention = models.FloatField(null=True, blank=True)
    active_retention = models.FloatField(null=True, blank=True)
    tier_upgrades = models.PositiveIntegerField()
    tier_downgrades = models.PositiveIntegerField()
    satisfaction = models.FloatField(null=True, blank=True)
    nps = models.FloatField(null=True, blank=True)
    satisfaction_answers = models.PositiveIntegerField()
    nps_answers = models.PositiveIntegerField()

    members_at_start = models.PositiveIntegerField()
    members_retained = models.PositiveIntegerField()
    previously_active = models.PositiveIntegerField()
    active_retained = models.PositiveIntegerField()
    contributions = models.PositiveIntegerField()
    active_by_cohort = models.JSONField(
        default=dict,
        blank=True,
        help_text='Active users of the month by the month they joined: {"2026-01": 12, ...}. '
        "The cohort table's cells.",
    )

    computed_at = models.DateTimeField()
    computed_by = models.CharField(max_length=8, choices=ComputedBy.choices)
    computed_by_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    definitions_version = models.PositiveSmallIntegerField()
    is_provisional = models.BooleanField()
    frozen_at = models.DateTimeField(null=True, blank=True)
    restated_at = models.DateTimeField(null=True, blank=True)

    late_activities = models.PositiveIntegerField(default=0)
    late_members = models.PositiveIntegerField(default=0)
    late_previous_restated = models.BooleanField(
        default=False,
        help_text="The month before was restated after this month was computed: this month's "
        "active retention counted the month before's actives as they were.",
    )
    late_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["month"]
        get_latest_by = "month"
        constraints = [
            models.CheckConstraint(
                condition=Q(is_provisional=True, frozen_at__isnull=True)
                | Q(is_provisional=False, frozen_at__isnull=False),
                name="snapshot_frozen_unless_provisional",
            ),
            models.CheckConstraint(
                condition=Q(restated_at__isnull=True) | Q(frozen_at__isnull=False),
                name="snapshot_restated_only_when_frozen",
            ),
        ]

    def __str__(self) -> str:
        state = "provisional" if self.is_provisional else "final"
        return f"{self.month:%Y-%m} ({state})"

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def has_late_data(self) -> bool:
        return bool(self.late_activities or self.late_members or self.late_previous_restated)

    def figures(self) -> dict:
        return {name: getattr(self, name) for name in FIGURES}


#: What a revision keeps besides the figures: the cohort cells the month held.
KEPT_WITH_FIGURES = ("active_by_cohort",)


class SnapshotRevision(models.Model):
    """The figures a restatement replaced, with who replaced them, when and why. The snapshot
    holds the new figures; its revisions, oldest first, hold each earlier version. The next
    monthly report lists every revision not yet reported (`reported_in`)."""

    snapshot = models.ForeignKey(
        MonthlySnapshot, on_delete=models.PROTECT, related_name="revisions"
    )
    figures = models.JSONField(help_text="Every figure as it was, by field name.")
    changes = models.JSONField(help_text="{field: [old, new]} for the figures that changed.")
    computed_at = models.DateTimeField(help_text="When the replaced figures were computed.")
    definitions_version = models.PositiveSmallIntegerField()
    replaced_at = models.DateTimeField()
    replaced_by = models.CharField(max_length=8, choices=ComputedBy.choices)
    replaced_by_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(max_length=1000)
    reported_in = models.ForeignKey(
        "metrics.MonthlyReport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="restatements",
    )

    class Meta:
        ordering = ["snapshot__month", "replaced_at", "id"]

    def __str__(self) -> str:
        return f"Restatement of {self.snapshot.month:%Y-%m} on {self.replaced_at:%Y-%m-%d}"
