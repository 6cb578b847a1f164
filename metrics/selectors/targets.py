"""Targets: which programme month a calendar month is, what each metric should be then, and
whether the actual figure is on track; the strategy's success criteria.

- **Programme month.** The month managers set as the programme's start is programme month 1,
  the next month 2, and so on. A month before the start has no programme month and no target:
  the growth table says nothing about the time before the programme, so Hub draws no line
  there (no month 0, no extrapolation below month 1).
- **Targets between milestones.** The growth table gives values at months 1, 3, 6 and 12; a
  month between two milestones gets the straight line between them (month 2 of total members:
  halfway from 50 to 150, 100). From the last milestone on, its value holds (500 members in
  month 12, 13, 14…).
- **People are whole.** A count target between milestones can fall between two whole people
  (month 7 of total members is 333⅓); it is rounded up (334), since 333 members would not
  reach it. Rates are kept exact.
- **On track** means the actual figure is at least the target (every target is a minimum,
  retention too: "80 %+"); **behind** otherwise. Without a target or without a figure the
  status says so instead.
- **The contribution rate's target** (20 %) is the strategy's Year 1 target and applies from
  programme month 1.
"""

import itertools
import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone

from members.models import CaseStudy
from metrics.models import GrowthTarget, ProgrammeSettings, TargetMetric
from metrics.models.targets import RATE_METRICS

ON_TRACK = "on_track"
BEHIND = "behind"
NO_TARGET = "no_target"
NO_DATA = "no_data"
STATUS_LABELS = {
    ON_TRACK: "On track",
    BEHIND: "Behind",
    NO_TARGET: "No target",
    NO_DATA: "No figure",
}
#: Metrics with a target each month: the growth table's and the contribution rate.
TRACKED = (*TargetMetric.values, "contribution_rate")


def programme_settings() -> ProgrammeSettings:
    """The settings row (the data migration makes it); its defaults if it is missing."""
    return ProgrammeSettings.objects.filter(pk=ProgrammeSettings.SINGLETON_ID).first() or (
        ProgrammeSettings(pk=ProgrammeSettings.SINGLETON_ID)
    )


def programme_month_number(*, start: date | None, month: date) -> int | None:
    """1 for the start month, 2 for the next…; None before the start or without one."""
    if start is None or month < start.replace(day=1):
        return None
    return (month.year - start.year) * 12 + month.month - start.month + 1


def interpolate(milestones: list[tuple[int, Decimal]], number: int) -> Fraction | None:
    """The value at programme month `number` on the straight lines between `milestones`
    ([(month, value)], any order), held at the last milestone's value after it; None before
    the first milestone or without milestones. Exact (fractions)."""
    points = sorted((month, Fraction(value)) for month, value in milestones)
    if not points or number < points[0][0]:
        return None
    for (month_a, value_a), (month_b, value_b) in itertools.pairwise(points):
        if month_a <= number <= month_b:
            return value_a + (value_b - value_a) * (number - month_a) / (month_b - month_a)
    return points[-1][1]


def _as_target(metric: str, value: Fraction | None) -> float | int | None:
    if value is None:
        return None
    if metric in RATE_METRICS or metric == "contribution_rate":
        return float(value)
    return math.ceil(value)


@dataclass(frozen=True)
class Targets:
    """Every tracked metric's target for any month, from the settings and the growth table
    read once (two queries)."""

    start: date | None
    milestones: dict[str, list[tuple[int, Decimal]]]
    contribution_rate: Decimal

    def programme_month(self, month: date) -> int | None:
        return programme_month_number(start=self.start, month=month)

    def target(self, metric: str, month: date) -> float | int | None:
        number = self.programme_month(month)
        if number is None:
            return None
        if metric == "contribution_rate":
            return float(self.contribution_rate)
        return _as_target(metric, interpolate(self.milestones.get(metric, []), number))


def targets_load() -> Targets:
    settings = programme_settings()
    milestones: dict[str, list[tuple[int, Decimal]]] = {}
    for metric, month, value in GrowthTarget.objects.values_list(
        "metric", "programme_month", "value"
    ):
        milestones.setdefault(metric, []).append((month, value))
    return Targets(
        start=settings.programme_start,
        milestones=milestones,
        contribution_rate=settings.contribution_rate_target,
    )


def target_status(actual, target) -> str:
    if target is None:
        return NO_TARGET
    if actual is None:
        return NO_DATA
    return ON_TRACK if actual >= target else BEHIND


@dataclass(frozen=True)
class Criterion:
    """One success criterion of the strategy: what it asks, the figure it is judged on, and
    whether it is met (None: no figure yet, or, for revenue, not measured yet)."""

    label: str
    target_text: str
    actual_text: str
    met: bool | None
    note: str = ""


def _percent(value) -> str:
    return f"{value * 100:.1f} %"


def success_criteria(*, snapshot, settings: ProgrammeSettings, now) -> list[Criterion]:
    """The strategy's success criteria against the last complete month (`snapshot`, may be
    None) and, for case studies, the published ones now (one query)."""

    def judged(actual, target, *, text, percent=False) -> Criterion:
        target_shown = (_percent(target) if percent else f"{target:,}") + "+"
        if actual is None:
            return Criterion(text, target_shown, "no figure yet", None)
        shown = _percent(actual) if percent else f"{actual:,}"
        return Criterion(text, target_shown, shown, actual >= target)

    figure = (lambda name: getattr(snapshot, name)) if snapshot else (lambda name: None)
    case_studies = CaseStudy.objects.filter(
        published_at__isnull=False, published_at__lte=now or timezone.now()
    ).count()
    return [
        judged(
            figure("satisfaction"),
            float(settings.satisfaction_target),
            text="Community satisfaction",
            percent=True,
        ),
        judged(figure("active_users"), settings.active_members_target, text="Active members"),
        judged(figure("contributors"), settings.contributors_target, text="Contributors"),
        judged(case_studies, settings.case_studies_target, text="Published case studies"),
        judged(
            figure("member_retention"),
            float(settings.retention_target),
            text="Member retention",
            percent=True,
        ),
        Criterion(
            "Revenue from the community",
            f"${settings.yearly_revenue_target:,}+ a year",
            "not available yet",
            None,
            note="Revenue arrives with the revenue-share issue.",
        ),
    ]
