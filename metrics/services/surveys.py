"""Writes of surveys: managers create, edit and close them; members answer once; a held event
gets its post-event survey when its follow-up email asks for the link; a leaver's comments go.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from events.models import Event, EventStatus
from hub.core.audit import audit_record
from hub.core.errors import DomainError
from metrics.models.surveys import Survey, SurveyAnswer, SurveyKind, kind_scale
from metrics.selectors.surveys import already_answered, survey_refusal

#: What managers may set on a survey (the rest is the system's).
SURVEY_FIELDS = (
    "title",
    "kind",
    "question",
    "comment_prompt",
    "opens_at",
    "closes_at",
    "event",
)
#: Fields that cannot change once a survey has answers: they decide how answers are read.
FIXED_ONCE_ANSWERED = ("kind", "event")

#: A post-event survey stays open this long after the event ends.
EVENT_SURVEY_OPEN_FOR = timedelta(days=14)


def _full_clean(survey: Survey) -> None:
    """Validate, turning the model's errors into one readable DomainError."""
    try:
        survey.full_clean(validate_unique=True)
    except ValidationError as error:
        messages = []
        for field, field_errors in error.message_dict.items():
            label = "" if field == "__all__" else f"{field.replace('_', ' ').capitalize()}: "
            messages.extend(f"{label}{message}" for message in field_errors)
        raise DomainError(" ".join(messages), code="invalid_survey") from error


def _survey_rules(survey: Survey) -> None:
    """The rules a manager's form would break, said in words before the database says no."""
    if survey.opens_at and survey.closes_at and survey.closes_at <= survey.opens_at:
        raise DomainError("A survey must close after it opens.", code="closes_before_opens")
    if survey.kind == SurveyKind.EVENT and survey.event_id is None:
        raise DomainError("Choose the event a post-event survey is about.", code="no_event")
    if survey.kind != SurveyKind.EVENT and survey.event_id is not None:
        raise DomainError(
            "Only a post-event survey is about an event: choose that kind or no event.",
            code="event_not_allowed",
        )
    if survey.event_id is not None and (
        Survey.objects.filter(event_id=survey.event_id).exclude(pk=survey.pk).exists()
    ):
        raise DomainError("That event already has its survey.", code="event_has_survey")


def _closes_in_the_future(survey: Survey, *, now: datetime) -> None:
    """A survey closing in the past would take no answer and put its (no) results in a month
    already reported; ending an open survey now is `survey_close`'s job."""
    if survey.closes_at and survey.closes_at <= now:
        raise DomainError(
            "That closing time has already passed: a survey must close in the future.",
            code="closes_in_the_past",
        )


def _kind_label(kind: str) -> str:
    return str(SurveyKind(kind).label)


@transaction.atomic
def survey_create(*, actor, now: datetime, values: dict) -> Survey:
    """A manager creates a survey from `values` (keys of SURVEY_FIELDS)."""
    survey = Survey(created_at=now, created_by=actor, **_only_survey_fields(values))
    _survey_rules(survey)
    _closes_in_the_future(survey, now=now)
    _full_clean(survey)
    survey.save()
    audit_record(
        actor=actor,
        action="survey.create",
        now=now,
        target=survey,
        data={"title": survey.title, "kind": survey.kind, "kind_label": _kind_label(survey.kind)},
    )
    return survey


def _only_survey_fields(values: dict) -> dict:
    unknown = set(values) - set(SURVEY_FIELDS)
    if unknown:
        raise ValueError(f"Not survey fields: {sorted(unknown)}")
    return values


def survey_lock(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


@transaction.atomic
def survey_update(*, survey: Survey, actor, now: datetime, values: dict) -> Survey:
    """A manager edits a survey that has not closed. Once members answered, its kind and event
    stay (they decide how the answers are read); a closed survey's results are final."""
    survey = survey_lock(survey)
    if survey.closes_at <= now:
        raise DomainError(
            "This survey has closed: its results are final and it can no longer be edited.",
            code="survey_closed",
        )
    changed = [
        field
        for field, value in _only_survey_fields(values).items()
        if getattr(survey, field) != value
    ]
    if not changed:
        return survey
    has_answers = survey.answers.exists()
    fixed = [field for field in changed if field in FIXED_ONCE_ANSWERED]
    if has_answers and fixed:
        raise DomainError(
            "Members have answered this survey, so its kind and event can no longer change.",
            code="fixed_once_answered",
        )
    if has_answers and "opens_at" in changed and values["opens_at"] > now:
        raise DomainError(
            "Members have answered this survey, so it cannot open later than now.",
            code="opens_after_answers",
        )
    for field in changed:
        setattr(survey, field, values[field])
    _survey_rules(survey)
    if "closes_at" in changed:
        _closes_in_the_future(survey, now=now)
    _full_clean(survey)
    survey.save(update_fields=changed)
    audit_record(
        actor=actor,
        action="survey.edit",
        now=now,
        target=survey,
        data={"title": survey.title, "fields": ", ".join(changed)},
    )
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, actor, now: datetime) -> Survey:
    """A manager closes an open survey now: it takes no more answers and counts in this
    month. Closing one that has not opened would leave it closed before it opened."""
    survey = survey_lock(survey)
    if survey.closes_at <= now:
        raise DomainError("This survey has already closed.", code="survey_closed")
    if survey.opens_at >= now:
        raise DomainError(
            "This survey has not opened yet: change its dates instead of closing it.",
            code="not_open",
        )
    survey.closes_at = now
    survey.save(update_fields=["closes_at"])
    audit_record(
        actor=actor,
        action="survey.close",
        now=now,
        target=survey,
        data={"title": survey.title},
    )
    return survey


def survey_answer(
    *, survey: Survey, member, score: int, comment: str = "", now: datetime
) -> SurveyAnswer:
    """`member` answers `survey` once, while it is open and if its audience includes them.

    A second answer, even two posts at once, is refused by the unique constraint on (survey,
    member): the first stands and the second gets a clear message and changes nothing. The
    check before the insert gives the message in the usual case; the constraint decides the
    race (on PostgreSQL the second insert waits for the first to commit, then fails)."""
    refusal = survey_refusal(survey=survey, member=member, now=now)
    if refusal is not None:
        raise refusal
    scale = kind_scale(survey.kind)
    if score not in scale:
        raise DomainError(
            f"Choose a score from {scale[0]} to {scale[-1]}.", code="score_out_of_scale"
        )
    comment = (comment or "").strip()
    if comment and not survey.comment_prompt:
        raise DomainError("This survey takes no comment.", code="no_comment")
    if len(comment) > SurveyAnswer._meta.get_field("comment").max_length:
        raise DomainError("Keep the comment under 2,000 characters.", code="comment_too_long")
    try:
        with transaction.atomic():
            return SurveyAnswer.objects.create(
                survey=survey, member=member, score=score, comment=comment, answered_at=now
            )
    except IntegrityError as error:
        raise already_answered() from error


# --- Post-event surveys ------------------------------------------------------------------------


def event_survey_question(event: Event) -> str:
    return f"How satisfied were you with “{event.title}”?"


@transaction.atomic
def event_survey_get_or_create(*, event: Event, now: datetime) -> Survey | None:
    """The survey of a held event: the one a manager made, or a new one open from the event's
    end for EVENT_SURVEY_OPEN_FOR. Idempotent: an event has at most one survey (a unique
    column), so two follow-ups asking at once get the same one. None for an event that was not
    held (cancelled, draft or not ended), which gets no survey."""
    existing = Survey.objects.filter(event=event).first()
    if existing is not None:
        return existing
    if event.status != EventStatus.PUBLISHED or event.ends_at > now:
        return None
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                kind=SurveyKind.EVENT,
                event=event,
                title=f"After {event.title}"[: Survey._meta.get_field("title").max_length],
                question=event_survey_question(event)[
                    : Survey._meta.get_field("question").max_length
                ],
                comment_prompt="What should we keep, and what should we change?",
                opens_at=event.ends_at,
                closes_at=max(event.ends_at, now) + EVENT_SURVEY_OPEN_FOR,
                created_at=now,
                created_by=None,
            )
    except IntegrityError:
        return Survey.objects.get(event=event)
    audit_record(
        actor=None,
        action="survey.create",
        now=now,
        target=survey,
        data={"title": survey.title, "kind": survey.kind, "kind_label": _kind_label(survey.kind)},
    )
    return survey


def event_survey_link(*, event: Event, member) -> str | None:
    """The `SurveyLinkProvider` of the events app's follow-up email: the absolute link to the
    event's survey, made on first request. None when the event gets no survey or the survey
    has closed (a link that would only say "closed" is worse than none). The provider is
    called without a time, so this is where the clock is read."""
    now = timezone.now()
    survey = event_survey_get_or_create(event=event, now=now)
    if survey is None or survey.closes_at <= now:
        return None
    return settings.SITE_URL + reverse("metrics:survey_answer", kwargs={"pk": survey.pk})


# --- Leaving -----------------------------------------------------------------------------------


def survey_answers_erase(*, member, now: datetime) -> None:
    """The `LeaveHandler`: a leaver's scores stay (past satisfaction and NPS must not move),
    their comments are erased, whatever they wrote."""
    SurveyAnswer.objects.filter(member=member).exclude(comment="").update(comment="")
