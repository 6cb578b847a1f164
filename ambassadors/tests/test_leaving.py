"""Leaving erases what the programme holds about the member and keeps every past count."""

from datetime import date, timedelta

import pytest

from ambassadors.models import (
    Ambassador,
    AmbassadorActivity,
    AmbassadorApplication,
    AmbassadorTerm,
    ApplicationReview,
    ApplicationStatus,
    Nomination,
    TermEnd,
)
from ambassadors.selectors.account import export_programme
from ambassadors.selectors.programme import ambassador_month_metrics
from ambassadors.tests.factories import (
    AmbassadorActivityFactory,
    AmbassadorTermFactory,
    ApplicationFactory,
    SignupAttributionFactory,
)
from ambassadors.tests.test_programme_metrics import JOINED, kyiv
from members.services.account import member_leave
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_leaving_erases_the_texts_ends_the_term_retires_the_code_and_keeps_past_counts():
    # Given an ambassador since September with a referral credited in March, an activity, a
    # scored application and a nomination
    olena = MemberFactory(name="Olena", joined_at=JOINED)
    nominator = MemberFactory(name="Nina", joined_at=JOINED)
    term = AmbassadorTermFactory(member=olena, starts_at=kyiv(2025, 9, 1))
    application = ApplicationFactory(
        applicant=olena, status=ApplicationStatus.APPROVED, submitted_at=kyiv(2025, 8, 20)
    )
    ApplicationReview.objects.create(
        application=application,
        reviewer=nominator,
        product_expertise=4,
        product_expertise_note="Knows the API inside out",
        audience_reach=3,
        authenticity=5,
        availability=2,
        created_at=kyiv(2025, 8, 25),
        updated_at=kyiv(2025, 8, 25),
    )
    Nomination.objects.create(
        nominee=olena,
        nominated_by=nominator,
        reason="She answers everyone",
        created_at=kyiv(2025, 8, 1),
    )
    AmbassadorActivityFactory(
        member=olena,
        type="speaking",
        title="Talk at PyCon UA",
        url="https://example.com/talk",
        occurred_on=date(2026, 3, 3),
    )
    SignupAttributionFactory(
        member=MemberFactory(joined_at=kyiv(2026, 3, 4)),
        referral_code="OLENA-7K2",
        referrer=olena,
        referral_credited_at=kyiv(2026, 3, 4),
    )
    march_before = ambassador_month_metrics(month=date(2026, 3, 1))

    # When she leaves on 10 April
    member_leave(member=olena, now=kyiv(2026, 4, 10))

    # then her term ended then, for that reason, and her code is retired
    term.refresh_from_db()
    assert (term.ends_at, term.end_reason) == (kyiv(2026, 4, 10), TermEnd.LEFT)
    ambassador = Ambassador.objects.get(member=olena)
    assert ambassador.code_retired_at == kyiv(2026, 4, 10)
    assert not ambassador.listed
    # and the texts are gone, the numbers kept
    application.refresh_from_db()
    assert (application.motivation, application.links, application.audience) == ("", "", "")
    review = ApplicationReview.objects.get()
    assert (review.product_expertise, review.product_expertise_note) == (4, "")
    assert Nomination.objects.get().reason == ""
    activity = AmbassadorActivity.objects.get()
    assert (activity.title, activity.url, activity.hours) == ("", "", 2)
    # and March's figures are what they were
    assert ambassador_month_metrics(month=date(2026, 3, 1)) == march_before
    assert export_programme(olena)["applications"][0]["motivation"] == ""


def test_leaving_withdraws_an_open_application_and_drops_a_renewal_not_begun():
    member = MemberFactory(joined_at=JOINED)
    current = AmbassadorTermFactory(
        member=member, starts_at=kyiv(2025, 5, 1), end_reason=TermEnd.RENEWED
    )
    AmbassadorTermFactory(
        member=member,
        starts_at=current.ends_at,
        ends_at=current.ends_at + timedelta(days=365),
        previous=current,
    )
    ApplicationFactory(applicant=member, preferred_tier=current.tier)
    member_leave(member=member, now=kyiv(2026, 4, 1))
    assert AmbassadorTerm.objects.filter(member=member).count() == 1
    assert AmbassadorApplication.objects.get().status == ApplicationStatus.WITHDRAWN


def test_leaving_with_nothing_in_the_programme_is_fine():
    member = MemberFactory(joined_at=JOINED)
    member_leave(member=member, now=kyiv(2026, 4, 1))
    assert export_programme(member)["terms"] == []
