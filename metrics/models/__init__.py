"""The metrics models, one module an area; re-exported here so `metrics.models.X` works."""

from metrics.models.digests import DigestDelivery
from metrics.models.reports import MonthlyReport, MonthlyReportDelivery
from metrics.models.rollups import MemberMonth, RollupFill
from metrics.models.snapshots import ComputedBy, MonthlySnapshot, SnapshotRevision
from metrics.models.surveys import Survey, SurveyAnswer, SurveyKind
from metrics.models.targets import GrowthTarget, ProgrammeSettings, TargetMetric

__all__ = [
    "ComputedBy",
    "DigestDelivery",
    "GrowthTarget",
    "MemberMonth",
    "MonthlyReport",
    "MonthlyReportDelivery",
    "MonthlySnapshot",
    "ProgrammeSettings",
    "RollupFill",
    "SnapshotRevision",
    "Survey",
    "SurveyAnswer",
    "SurveyKind",
    "TargetMetric",
]
