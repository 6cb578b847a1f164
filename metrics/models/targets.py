"""Targets: the programme's start month, the strategy's growth table (milestones at programme
months 1, 3, 6 and 12) and its success criteria. Seeded by a data migration, edited by managers
in the admin; `metrics.selectors.targets` interpolates between milestones."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class TargetMetric(models.TextChoices):
    """The growth table's rows. Counts are people; rates are fractions (0.6 is 60 %)."""

    TOTAL_MEMBERS = "total_members", "Total members"
    ACTIVE_USERS = "active_users", "Active users"
    CONTRIBUTORS = "contributors", "Contributors"
    ENGAGEMENT_RATE = "engagement_rate", "Engagement rate"
    MEMBER_RETENTION = "member_retention", "Member retention"


RATE_METRICS = frozenset({TargetMetric.ENGAGEMENT_RATE, TargetMetric.MEMBER_RETENTION})


class ProgrammeSettings(models.Model):
    """The one row of programme settings: when the programme started (its month 1) and the
    success criteria of the strategy. Managers edit it in the admin."""

    SINGLETON_ID = 1

    programme_start = models.DateField(
        null=True,
        blank=True,
        help_text="The first day of the programme's month 1. Before it no month has a target.",
    )
    contribution_rate_target = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.2000"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Year 1 target for the contribution rate, as a fraction (0.2 is 20 %).",
    )
    satisfaction_target = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.7000"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Success criterion: share of satisfied answers (0.7 is 70 %).",
    )
    active_members_target = models.PositiveIntegerField(
        default=500, help_text="Success criterion: active users in a month."
    )
    contributors_target = models.PositiveIntegerField(
        default=100, help_text="Success criterion: contributors in a month."
    )
    case_studies_target = models.PositiveIntegerField(
        default=20, help_text="Success criterion: published case studies of member success."
    )
    retention_target = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.8000"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Success criterion: member retention (0.8 is 80 %).",
    )
    yearly_revenue_target = models.PositiveIntegerField(
        default=50_000, help_text="Success criterion: community revenue a year, in US dollars."
    )

    class Meta:
        verbose_name = "programme settings"
        verbose_name_plural = "programme settings"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="programme_settings_single_row")
        ]

    def __str__(self) -> str:
        return "Programme settings"

    def clean(self) -> None:
        if self.programme_start and self.programme_start.day != 1:
            raise ValidationError(
                {"programme_start": "The programme starts on the first day of a month."}
            )


class GrowthTarget(models.Model):
    """One milestone of the growth table: `metric` should reach `value` in programme month
    `programme_month` (month 1 is the start month). Months between milestones get a straight
    line between them; after the last milestone its value holds."""

    metric = models.CharField(max_length=24, choices=TargetMetric.choices)
    programme_month = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    value = models.DecimalField(
        max_digits=10,
        decimal_places=4,
        validators=[MinValueValidator(0)],
        help_text="People for a count; a fraction for a rate (0.65 is 65 %).",
    )

    class Meta:
        ordering = ["metric", "programme_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "programme_month"], name="one_target_per_metric_and_month"
            ),
            models.CheckConstraint(
                condition=Q(programme_month__gte=1), name="growth_target_month_from_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} at month {self.programme_month}: {self.value}"

    def clean(self) -> None:
        if self.metric in RATE_METRICS and self.value is not None and self.value > 1:
            raise ValidationError(
                {"value": "A rate is a fraction between 0 and 1 (write 0.65 for 65 %)."}
            )
