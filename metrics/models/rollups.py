"""The per-member, per-month rollup of the activity ledger and its fill state (Zulip's
`analytics` counts tables): what cohorts, active retention and the snapshots read instead of the
raw ledger. `metrics.services.rollups` fills it; docs/metrics.md explains the choice."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class MemberMonth(models.Model):
    """One member's facts in one calendar month (community time zone): how many activities,
    contributions and points, whether this is the month of their first contribution ever, and
    whether they joined or left in it. A row exists only when one of these is non-zero, so a
    month has one row per active, joining or leaving member, not one per member."""

    # The key (month, member) is the table's one index: every read is by month, and each
    # index more would cost every fill (a month writes tens of thousands of rows). No foreign
    # key constraint in the database for the same reason: members are never deleted (leaving
    # keeps the row), and the ORM still cascades if an admin deletes one.
    pk = models.CompositePrimaryKey("month", "member")
    month = models.DateField(help_text="First day of the calendar month.")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="metrics_months",
        db_index=False,
        db_constraint=False,
    )
    activities = models.PositiveIntegerField(default=0)
    contributions = models.PositiveIntegerField(default=0)
    points = models.PositiveIntegerField(default=0)
    first_contribution = models.BooleanField(
        default=False, help_text="The member's first contribution ever falls in this month."
    )
    joined_in_month = models.BooleanField(default=False)
    left_in_month = models.BooleanField(default=False)
    generation = models.PositiveIntegerField(
        help_text="The fill that wrote the row; rows of an older fill are stale and removed."
    )

    class Meta:
        verbose_name = "member month"
        constraints = [
            models.CheckConstraint(
                condition=Q(contributions__lte=models.F("activities")),
                name="member_month_contributions_are_activities",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.month:%Y-%m}: {self.activities} activities"


class RollupFill(models.Model):
    """The fill state of one month of the rollup. A fill marks the month `started` with a new
    generation, upserts every row, deletes the rows of older generations and marks it `done`;
    a fill that stopped half way leaves `started`, and the next fill of the month redoes it
    safely (the upsert overwrites, the delete removes what no longer applies)."""

    class State(models.TextChoices):
        STARTED = "started", "Started"
        DONE = "done", "Done"

    month = models.DateField(unique=True)
    state = models.CharField(max_length=8, choices=State.choices)
    generation = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.state}"
