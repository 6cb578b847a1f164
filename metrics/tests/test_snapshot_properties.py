"""Property: on any small community (members joining and leaving, activities of every kind, tier
changes, survey answers of every kind, instants on the months' edges and across the DST
changes), every figure computed in SQL equals a slow, obviously correct Python reference
(metrics/tests/reference.py)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.tests.factories import EventFactory
from members.models import Activity, ActivityKind, Tier, TierMembership, User
from metrics.models import Survey, SurveyAnswer, SurveyKind
from metrics.models.snapshots import FIGURES
from metrics.services.snapshots import Outcome, snapshot_compute
from metrics.tests.helpers import kyiv
from metrics.tests.reference import (
    RefActivity,
    RefAnswer,
    RefMember,
    RefTierMove,
    reference_figures,
)

pytestmark = pytest.mark.django_db

MONTHS = [date(2026, month, 1) for month in range(1, 7)]
EDGES = [
    kyiv(year, month, 1, 0, 0) for year, month in [(2025, 12)] + [(2026, m) for m in range(1, 8)]
]
EDGE_INSTANTS = EDGES + [edge - timedelta(microseconds=1) for edge in EDGES]
FIRST = datetime(2025, 11, 25, tzinfo=UTC)
SPAN_MINUTES = int((datetime(2026, 7, 5, tzinfo=UTC) - FIRST).total_seconds() // 60)
NOW = kyiv(2026, 8, 1)

instants = st.one_of(
    st.integers(0, SPAN_MINUTES).map(lambda minutes: FIRST + timedelta(minutes=minutes)),
    st.sampled_from(EDGE_INSTANTS),
)
member_specs = st.tuples(
    instants, st.none() | instants, st.lists(st.tuples(instants, st.integers(1, 3)), max_size=3)
)
activity_specs = st.tuples(st.integers(0, 100), st.sampled_from(ActivityKind.values), instants)
survey_specs = st.sampled_from(SurveyKind.values).flatmap(
    lambda kind: st.tuples(
        st.just(kind),
        instants,
        st.lists(
            st.integers(*((1, 5) if kind in ("satisfaction", "event") else (0, 10))), max_size=6
        ),
    )
)


def _build_surveys(survey_rows) -> list[RefAnswer]:
    """Surveys closing at random instants, answered by accounts that are not members (so the
    member figures are not touched), one answer per account and survey."""
    answerers = User.objects.bulk_create(
        User(email=f"answerer{index}@example.com") for index in range(6)
    )
    answers = []
    for kind, closes_at, scores in survey_rows:
        survey = Survey.objects.create(
            title=f"{kind} survey",
            kind=kind,
            event=EventFactory() if kind == SurveyKind.EVENT else None,  # one survey an event
            question="?",
            opens_at=closes_at - timedelta(days=1),
            closes_at=closes_at,
            created_at=closes_at - timedelta(days=2),
        )
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(survey=survey, member=answerer, score=score, answered_at=closes_at)
            for answerer, score in zip(answerers, scores, strict=False)
        )
        answers += [RefAnswer(kind, closes_at, score) for score in scores]
    return answers


def _build(member_rows, activity_rows):
    """Write the community to the database and return it as the reference's lists."""
    tiers = dict(Tier.objects.values_list("level", "pk"))
    members, activities, moves = [], [], []
    users = User.objects.bulk_create(
        User(
            email=f"prop{index}@example.com",
            joined_at=joined,
            left_at=max(left, joined) if left else None,
        )
        for index, (joined, left, _tiers) in enumerate(member_rows)
    )
    history = []
    for user, (_joined, _left, tier_changes) in zip(users, member_rows, strict=True):
        members.append(RefMember(user.pk, user.joined_at, user.left_at))
        level, started = 1, user.joined_at
        rows = [(None, 1, started)]
        for when, new_level in sorted(tier_changes):
            if new_level != level:
                started = max(when, started)
                rows.append((level, new_level, started))
                level = new_level
        for position, (from_level, to_level, when) in enumerate(rows):
            ended = rows[position + 1][2] if position + 1 < len(rows) else None
            history.append(
                TierMembership(
                    member=user,
                    tier_id=tiers[to_level],
                    from_tier_id=tiers[from_level] if from_level else None,
                    started_at=when,
                    ended_at=ended,
                )
            )
            moves.append(RefTierMove(user.pk, from_level, to_level, when))
    TierMembership.objects.bulk_create(history)
    if users:
        ledger = [
            Activity(
                member=users[index % len(users)],
                kind=kind,
                occurred_at=when,
                recorded_at=when,
                source="property",
                points=1,
            )
            for index, kind, when in activity_rows
        ]
        Activity.objects.bulk_create(ledger)
        activities = [RefActivity(a.member.pk, a.kind, a.occurred_at) for a in ledger]
    return members, activities, moves


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    member_rows=st.lists(member_specs, max_size=8),
    activity_rows=st.lists(activity_specs, max_size=30),
    survey_rows=st.lists(survey_specs, max_size=4),
    month=st.sampled_from(MONTHS),
)
def test_the_sql_figures_equal_the_reference(member_rows, activity_rows, survey_rows, month):
    with transaction.atomic():
        # Given a random community
        members, activities, moves = _build(member_rows, activity_rows)
        answers = _build_surveys(survey_rows)

        # When its month is computed
        result = snapshot_compute(month=month, now=NOW, computed_by="command")

        # then every figure is the reference's, exactly
        expected = reference_figures(month, members, activities, moves, answers)
        figures = result.snapshot.figures()
        assert set(expected) == set(FIGURES)  # every field is checked
        assert figures == expected
        # and computing it again changes nothing
        assert snapshot_compute(month=month, now=NOW, computed_by="command").outcome == (
            Outcome.UNCHANGED
        )
        transaction.set_rollback(True)
