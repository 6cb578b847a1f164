"""The metrics models, one module an area; re-exported here so `metrics.models.X` works."""

from metrics.models.digests import DigestDelivery
from metrics.models.surveys import Survey, SurveyAnswer, SurveyKind

__all__ = ["DigestDelivery", "Survey", "SurveyAnswer", "SurveyKind"]
