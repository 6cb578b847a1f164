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
    """One filled month of the rollup: when it was filled and how many rows it has. A fill
    deletes the month's rows and writes them again in one transaction with this row, so a month
    is either filled from one reading of the ledger or, after a failure, as it was before."""

    month = models.DateField(unique=True)
    filled_at = models.DateTimeField()
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.rows} rows"
