"""The surveys part of the demo community: a monthly satisfaction survey and an NPS survey for
each of the past twelve months (satisfaction around 70-80 %, NPS around +20 to +45), the
current month's satisfaction survey still open (the demo member has not answered it yet),
post-event surveys for some held events answered by some of their checked-in attendees, and
last month's ambassador NPS survey answered by the ambassadors of the time (when the demo has
ambassadors).

Everything goes through the services (so the audit log and the answering rules hold), at the
instants it pretends things happened. Deterministic for a seed; a second run adds nothing.
"""

from datetime import datetime, time, timedelta

from django.db import transaction

from events.models import Event, EventStatus, Rsvp
from hub.core.extension_points import DEMO_MANAGER_EMAIL, DEMO_MEMBER_EMAIL, DemoContext
from hub.core.timeutils import community_zone, month_of, month_start, next_month, previous_month
from members.demo import demo_members_current
from members.models import User
from metrics.models.surveys import Survey, SurveyKind
from metrics.services.surveys import event_survey_get_or_create, survey_answer, survey_create

MONTHS_BACK = 12
#: Weights of the scores 1..5 (about 72 % answer 4 or 5) and 0..10 (about 45 % promoters and
#: 18 % detractors: NPS near +27); each month shifts them a little.
SATISFACTION_WEIGHTS = [5, 7, 16, 40, 32]
NPS_WEIGHTS = [1, 1, 1, 2, 3, 4, 6, 15, 22, 25, 20]
COMMENTS = [
    "More hands-on sessions, please.",
    "The monthly meetup is the highlight of my month.",
    "Hard to find the recordings after an event.",
    "I would like a beginner track for the workshops.",
    "Great people, friendly answers in the forum.",
    "Evening events clash with my working hours.",
    "The mentoring programme helped me ship my first PR.",
    "Please post the agenda a week earlier.",
    "More events outside Kyiv would be nice.",
    "Docs sprints were fun, do them again.",
]


def _local(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=community_zone())


def _weights_for(base: list[int], *, shift: int) -> list[int]:
    """Move a little weight from the lowest scores to the top ones (shift 0..2)."""
    weights = list(base)
    weights[-1] += shift * 2
    weights[-2] += shift
    weights[0] = max(1, weights[0] - shift)
    return weights


def _answer_some(
    survey: Survey,
    people: list[User],
    *,
    share: float,
    weights: list[int],
    context: DemoContext,
    until: datetime,
) -> int:
    """Some of `people` answer `survey` at random instants while it is open (and they are
    members), drawing scores from `weights`."""
    rng = context.rng
    scale = list(survey.scale)
    window_end = min(survey.closes_at, until)
    answered = 0
    for person in people:
        if rng.random() >= share:
            continue
        start = max(survey.opens_at, person.joined_at)
        if start >= window_end:
            continue
        at = start + (window_end - start) * rng.random()
        if not person.is_member_at(at):
            continue
        score = rng.choices(scale, weights=weights)[0]
        # A leaver's comments were erased when they left; their scores stay.
        wrote = survey.comment_prompt and person.left_at is None and rng.random() < 0.25
        comment = rng.choice(COMMENTS) if wrote else ""
        survey_answer(survey=survey, member=person, score=score, comment=comment, now=at)
        answered += 1
    return answered


def _monthly_surveys(
    *, manager: User, people: list[User], demo_member: User | None, context: DemoContext
) -> tuple[int, int]:
    now = context.now
    surveys = answers = 0
    month = month_of(now)
    months = []
    for _ in range(MONTHS_BACK):
        month = previous_month(month)
        months.append(month)
    for index, month in enumerate(reversed(months)):
        opens = _local(month.replace(day=1), 9)
        closes = _local(month.replace(day=25), 18)
        shift = index // 6  # the community gets a little happier over the year
        for kind, title, question, weights in (
            (
                SurveyKind.SATISFACTION,
                f"Satisfaction, {month:%B %Y}",
                "How satisfied are you with the community this month?",
                _weights_for(SATISFACTION_WEIGHTS, shift=shift),
            ),
            (
                SurveyKind.NPS,
                f"Would you recommend us? {month:%B %Y}",
                "How likely are you to recommend the community to a friend or colleague?",
                _weights_for(NPS_WEIGHTS, shift=shift),
            ),
        ):
            survey = survey_create(
                actor=manager,
                now=opens - timedelta(days=3),
                values={
                    "title": title,
                    "kind": kind,
                    "question": question,
                    "comment_prompt": "What should we keep, and what should we change?",
                    "opens_at": opens,
                    "closes_at": closes,
                    "event": None,
                },
            )
            surveys += 1
            answers += _answer_some(
                survey, people, share=0.35, weights=weights, context=context, until=now
            )
    # This month's survey is still open, and the demo member has not answered it yet.
    this_month = month_of(now)
    opens = min(_local(this_month, 9), now - timedelta(hours=1))
    closes = max(month_start(next_month(this_month)) - timedelta(hours=6), now + timedelta(days=3))
    current = survey_create(
        actor=manager,
        now=opens - timedelta(days=1),
        values={
            "title": f"Satisfaction, {this_month:%B %Y}",
            "kind": SurveyKind.SATISFACTION,
            "question": "How satisfied are you with the community this month?",
            "comment_prompt": "What should we keep, and what should we change?",
            "opens_at": opens,
            "closes_at": closes,
            "event": None,
        },
    )
    surveys += 1
    others = [person for person in people if person != demo_member]
    answers += _answer_some(
        current,
        others,
        share=0.2,
        weights=_weights_for(SATISFACTION_WEIGHTS, shift=2),
        context=context,
        until=now,
    )
    return surveys, answers


def _event_surveys(*, context: DemoContext) -> tuple[int, int]:
    """Every third held event of the past year with check-ins gets its post-event survey
    (as the follow-up email would make it), answered by about half its checked-in people."""
    now = context.now
    held = list(
        Event.objects.filter(
            status=EventStatus.PUBLISHED,
            ends_at__lte=now,
            ends_at__gt=now - timedelta(days=365),
            rsvps__checked_in_at__isnull=False,
        )
        .distinct()
        .order_by("starts_at", "pk")
    )
    surveys = answers = 0
    for event in held[::3]:
        survey = event_survey_get_or_create(event=event, now=event.ends_at + timedelta(hours=1))
        if survey is None:
            continue
        surveys += 1
        attendees = [
            rsvp.member
            for rsvp in Rsvp.objects.filter(event=event, checked_in_at__isnull=False)
            .select_related("member")
            .order_by("pk")
        ]
        answers += _answer_some(
            survey,
            attendees,
            share=0.5,
            weights=_weights_for(SATISFACTION_WEIGHTS, shift=1),
            context=context,
            until=now,
        )
    return surveys, answers


def _ambassador_survey(*, manager: User, context: DemoContext) -> str:
    """Last month's ambassador NPS survey, answered by most of the ambassadors of the time
    (NPS well above the target of 70), once the ambassadors' demo has made terms."""
    if Survey.objects.filter(kind=SurveyKind.AMBASSADOR_NPS).exists():
        return "the ambassador NPS survey was there already"
    last_month = previous_month(month_of(context.now))
    opens = _local(last_month.replace(day=10), 9)
    closes = _local(last_month.replace(day=24), 18)
    ambassadors = list(
        User.objects.filter(
            ambassador_terms__starts_at__lte=opens, ambassador_terms__ends_at__gt=closes
        )
        .distinct()
        .order_by("pk")
    )
    if not ambassadors:
        return "no ambassador NPS survey (the demo has no ambassadors)"
    survey = survey_create(
        actor=manager,
        now=opens - timedelta(days=2),
        values={
            "title": f"Ambassador programme, {last_month:%B %Y}",
            "kind": SurveyKind.AMBASSADOR_NPS,
            "question": "How likely are you to recommend the ambassador programme to a peer?",
            "comment_prompt": "What would make the programme better for you?",
            "opens_at": opens,
            "closes_at": closes,
            "event": None,
        },
    )
    answered = _answer_some(
        survey,
        ambassadors,
        share=0.85,
        weights=[0, 0, 0, 0, 0, 1, 1, 3, 8, 30, 45],
        context=context,
        until=context.now,
    )
    return f"an ambassador NPS survey with {answered} answers"


@transaction.atomic
def seed_surveys(*, context: DemoContext) -> str:
    manager = User.objects.filter(email=DEMO_MANAGER_EMAIL).first()
    people = demo_members_current()
    if manager is None or not people:
        return "No demo members yet; run the members step first."
    ambassador_note = _ambassador_survey(manager=manager, context=context)
    if Survey.objects.filter(kind=SurveyKind.SATISFACTION).exists():
        return f"Demo surveys were there already; {ambassador_note}."
    # Leavers answered too while they were members: their scores stay in past months.
    leavers = list(
        User.objects.filter(joined_at__isnull=False, left_at__isnull=False).order_by("pk")
    )
    demo_member = next((p for p in people if p.email == DEMO_MEMBER_EMAIL), None)
    monthly, monthly_answers = _monthly_surveys(
        manager=manager, people=people + leavers, demo_member=demo_member, context=context
    )
    events, event_answers = _event_surveys(context=context)
    return (
        f"{monthly} monthly satisfaction and NPS surveys with {monthly_answers} answers; "
        f"{events} post-event surveys with {event_answers} answers; {ambassador_note}."
    )
