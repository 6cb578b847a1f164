"""Logged activities: the four categories with hours and a link; content pieces and hosted
events land in the activity ledger once; only current ambassadors log."""

from datetime import UTC, date, datetime

import pytest

from ambassadors.models import ActivityCategory, AmbassadorActivity
from ambassadors.services.activities import ambassador_activity_log
from hub.core.errors import DomainError
from members.models import Activity
from members.services.activities import activity_record

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 4, 20, 15, tzinfo=UTC)


def log(member, activity_type="tutorial", **overrides):
    data = {
        "member": member,
        "activity_type": activity_type,
        "title": "Something",
        "occurred_on": date(2026, 4, 18),
        "hours": "1.5",
        "url": "https://example.com/x",
        "now": NOW,
        **overrides,
    }
    return ambassador_activity_log(**data)


@pytest.fixture
def ambassador(member, approve):
    approve(member, now=datetime(2026, 3, 1, tzinfo=UTC))
    return member


@pytest.mark.parametrize(
    ("activity_type", "category", "ledger_kind"),
    [
        ("tutorial", ActivityCategory.CONTENT_CREATION, "content"),
        ("social_post", ActivityCategory.CONTENT_CREATION, "content"),
        ("event_hosted", ActivityCategory.COMMUNITY_BUILDING, "event_hosting"),
        ("mentoring", ActivityCategory.COMMUNITY_BUILDING, None),
        ("beta_testing", ActivityCategory.PRODUCT_FEEDBACK, None),
        ("speaking", ActivityCategory.BUSINESS_IMPACT, None),
    ],
)
def test_content_and_hosted_events_land_in_the_ledger_once(
    ambassador, activity_type, category, ledger_kind
):
    activity = log(ambassador, activity_type)
    assert activity.category == category
    ledger = list(Activity.objects.filter(member=ambassador).values_list("kind", "source"))
    assert ledger == ([(ledger_kind, "ambassadors")] if ledger_kind else [])
    if ledger_kind:
        # A second delivery of the same key (a retried request) records nothing more
        again = activity_record(
            member=ambassador,
            kind=ledger_kind,
            occurred_at=NOW,
            source="ambassadors",
            external_id=f"programme-activity-{activity.pk}",
            now=NOW,
        )
        assert not again.created
        assert Activity.objects.filter(member=ambassador).count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"occurred_on": date(2026, 4, 21)}, "future"),
        ({"occurred_on": date(2026, 2, 27)}, "before you became an ambassador"),
        ({"hours": "0"}, "more than 0"),
        ({"hours": "201"}, "at most 200"),
        ({"hours": "lots"}, "as a number"),
        ({"title": "   "}, "title"),
        ({"url": "not a url"}, "Enter a valid URL"),
        ({"activity_type": "gardening"}, "what kind"),
    ],
)
def test_bad_activities_are_refused_and_change_nothing(ambassador, overrides, message):
    with pytest.raises(DomainError, match=message):
        log(ambassador, **{"activity_type": "tutorial", **overrides})
    assert not AmbassadorActivity.objects.exists()
    assert not Activity.objects.filter(member=ambassador).exists()


def test_only_current_ambassadors_log(other_member):
    with pytest.raises(DomainError, match="Only current ambassadors") as error:
        log(other_member, "tutorial")
    assert error.value.status_code == 403
