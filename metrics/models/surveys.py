"""Surveys (monthly satisfaction, NPS, post-event, ambassador NPS) and the members' answers.

What must hold whatever the code path lives here as database constraints: one answer per member
and survey, scores within 0..10, a survey closes after it opens, a post-event survey names its
event and each event has at most one. The scale of each kind (1-5 or 0-10) is checked by the
answering service, which knows the survey's kind.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class SurveyKind(models.TextChoices):
    SATISFACTION = "satisfaction", "Monthly satisfaction (1-5)"
    EVENT = "event", "Post-event satisfaction (1-5)"
    NPS = "nps", "Net Promoter Score (0-10)"
    AMBASSADOR_NPS = "ambassador_nps", "Ambassador NPS (0-10, ambassadors only)"


#: Kinds answered on the 1-5 satisfaction scale; the rest are NPS (0-10).
SATISFACTION_KINDS = (SurveyKind.SATISFACTION, SurveyKind.EVENT)
NPS_KINDS = (SurveyKind.NPS, SurveyKind.AMBASSADOR_NPS)


def kind_scale(kind: str) -> range:
    """The scores a survey of `kind` accepts: 1..5 for satisfaction, 0..10 for NPS."""
    return range(1, 6) if kind in SATISFACTION_KINDS else range(11)


class Survey(models.Model):
    """A question put to members between `opens_at` and `closes_at`. A survey counts in the
    calendar month (community time zone) in which it closes."""

    title = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=SurveyKind.choices)
    question = models.CharField(
        max_length=300, help_text="The question members answer with a score."
    )
    comment_prompt = models.CharField(
        max_length=300,
        blank=True,
        help_text="Invites an optional comment, e.g. “What should we change?”. Empty: no comment.",
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(db_index=True, help_text="The survey counts in this month.")
    event = models.OneToOneField(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a post-event survey: the event; only its checked-in attendees answer.",
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty for a survey the system made (post-event surveys).",
    )

    class Meta:
        ordering = ["-closes_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="survey_closes_after_opens"
            ),
            models.CheckConstraint(
                condition=(Q(kind="event") & Q(event__isnull=False))
                | (~Q(kind="event") & Q(event__isnull=True)),
                name="survey_event_only_for_event_kind",
            ),
        ]
        indexes = [models.Index(fields=["kind", "closes_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def scale(self) -> range:
        return kind_scale(self.kind)

    @property
    def is_nps(self) -> bool:
        return self.kind in NPS_KINDS

    def is_open_at(self, instant) -> bool:
        return self.opens_at <= instant < self.closes_at


class SurveyAnswer(models.Model):
    """One member's answer to one survey. Who answered is kept only to allow one answer each,
    to show members their own answer and for their data export: managers see scores and
    comments, never who wrote them. When a member leaves, the score stays (past figures do
    not move) and the comment is erased."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="answers")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_answers"
    )
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True, max_length=2000)
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "member"], name="survey_answer_once"),
            models.CheckConstraint(condition=Q(score__lte=10), name="survey_answer_score_0_10"),
        ]
        indexes = [models.Index(fields=["survey", "score"])]

    def __str__(self) -> str:
        return f"Answer to survey {self.survey_id}"
