"""Recognition: badge awards by managers and rules, the spotlight, awards and case studies."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.core.audit import audit_sentence
from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from members.models import Award, Badge, BadgeAward, CaseStudy, Spotlight
from members.selectors.recognition import spotlight_candidates, spotlight_current
from members.services.account import member_leave
from members.services.recognition import (
    award_publish,
    badge_award,
    badge_rule_badges_ensure,
    badge_rules_evaluate,
    case_study_publish,
    longest_run_of_months,
    recognition_item_delete,
    recognition_item_save,
    spotlight_publish,
)
from members.tasks.recognition import badge_rules_daily
from members.tests.factories import ActivityFactory, MemberFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def helper_badge():
    return Badge.objects.create(
        name="Community helper", slug="community-helper", description="Helps.", icon="🤝"
    )


@pytest.fixture
def monthly_badge():
    return Badge.objects.create(
        name="Monthly star", slug="monthly-star", description="x", icon="⭐", repeatable=True
    )


def rule_badge(rule):
    badge_rule_badges_ensure()
    return Badge.objects.get(rule=rule)


# --- badge_award -------------------------------------------------------------------------------


def test_a_manager_awards_a_badge_once_with_an_audit_entry(member, manager, helper_badge):
    award = badge_award(
        badge=helper_badge, member=member, actor=manager, reason="Helped at the meetup", now=NOW
    )
    assert award.awarded_by == manager
    entry = AuditEntry.objects.get(action="badge.award")
    assert entry.actor == manager
    assert "Community helper" in audit_sentence(entry)


def test_awarding_the_same_badge_again_says_so_and_changes_nothing(member, manager, helper_badge):
    badge_award(badge=helper_badge, member=member, actor=manager, reason="", now=NOW)
    with pytest.raises(DomainError, match="already has the badge “Community helper”"):
        badge_award(badge=helper_badge, member=member, actor=manager, reason="", now=NOW)
    assert BadgeAward.objects.count() == 1
    assert AuditEntry.objects.filter(action="badge.award").count() == 1


def test_a_repeatable_badge_is_awarded_once_per_occasion(member, manager, monthly_badge):
    badge_award(
        badge=monthly_badge, member=member, actor=manager, reason="", now=NOW, occasion="2026-09"
    )
    badge_award(
        badge=monthly_badge, member=member, actor=manager, reason="", now=NOW, occasion="2026-10"
    )
    with pytest.raises(DomainError, match="for 2026-10"):
        badge_award(
            badge=monthly_badge,
            member=member,
            actor=manager,
            reason="",
            now=NOW,
            occasion="2026-10",
        )
    with pytest.raises(DomainError, match="say what this award is for"):
        badge_award(badge=monthly_badge, member=member, actor=manager, reason="", now=NOW)
    assert BadgeAward.objects.count() == 2


def test_a_one_off_badge_takes_no_occasion(member, manager, helper_badge):
    with pytest.raises(DomainError, match="takes no occasion"):
        badge_award(
            badge=helper_badge, member=member, actor=manager, reason="", now=NOW, occasion="2026-10"
        )


def test_a_member_who_left_gets_no_badge(member, manager, helper_badge):
    member.left_at = NOW - timedelta(days=1)
    member.save(update_fields=["left_at"])
    with pytest.raises(DomainError, match="Only current members"):
        badge_award(badge=helper_badge, member=member, actor=manager, reason="", now=NOW)


# --- rule badges -------------------------------------------------------------------------------


def test_the_job_creates_the_rule_badges_once_and_keeps_managers_edits():
    assert badge_rule_badges_ensure() == 4
    Badge.objects.filter(rule=Badge.Rule.TEN_EVENTS).update(name="Event regular", icon="🎉")
    assert badge_rule_badges_ensure() == 0
    assert Badge.objects.get(rule=Badge.Rule.TEN_EVENTS).name == "Event regular"


def test_first_contribution_is_awarded_to_contributors_only(member, other_member):
    ActivityFactory(member=member, kind="docs", occurred_at=datetime(2026, 3, 1, tzinfo=UTC))
    ActivityFactory(
        member=other_member, kind="answer", occurred_at=datetime(2026, 3, 1, tzinfo=UTC)
    )
    awarded = badge_rules_evaluate(now=NOW)
    assert awarded == {"first-contribution": 1}
    badge = Badge.objects.get(rule=Badge.Rule.FIRST_CONTRIBUTION)
    assert list(badge.awards.values_list("member", flat=True)) == [member.pk]


def test_ten_events_needs_ten_attendances(member, other_member):
    for day in range(10):
        ActivityFactory(
            member=member,
            kind="event_attendance",
            occurred_at=datetime(2026, 2, 1 + day, tzinfo=UTC),
        )
    for day in range(9):
        ActivityFactory(
            member=other_member,
            kind="event_attendance",
            occurred_at=datetime(2026, 2, 1 + day, tzinfo=UTC),
        )
    badge_rules_evaluate(now=NOW)
    badge = rule_badge(Badge.Rule.TEN_EVENTS)
    assert list(badge.awards.values_list("member", flat=True)) == [member.pk]


def test_six_months_active_needs_six_consecutive_community_months(member, other_member):
    # member: February to July 2026. other_member: six months but with a gap in May.
    for month in range(2, 8):
        ActivityFactory(
            member=member, kind="answer", occurred_at=datetime(2026, month, 10, tzinfo=UTC)
        )
    for month in (2, 3, 4, 6, 7, 8):
        ActivityFactory(
            member=other_member, kind="answer", occurred_at=datetime(2026, month, 10, tzinfo=UTC)
        )
    badge_rules_evaluate(now=NOW)
    badge = rule_badge(Badge.Rule.SIX_MONTHS_ACTIVE)
    assert list(badge.awards.values_list("member", flat=True)) == [member.pk]


def test_months_are_counted_in_the_community_time_zone(member):
    # 22:30 UTC on 31 January is 00:30 on 1 February in Kyiv: that is February's activity.
    ActivityFactory(
        member=member, kind="answer", occurred_at=datetime(2026, 1, 31, 22, 30, tzinfo=UTC)
    )
    for month in range(3, 8):
        ActivityFactory(
            member=member, kind="answer", occurred_at=datetime(2026, month, 10, tzinfo=UTC)
        )
    badge_rules_evaluate(now=NOW)
    assert rule_badge(Badge.Rule.SIX_MONTHS_ACTIVE).awards.filter(member=member).exists()


def test_hundred_points_is_awarded_per_month_with_the_month_as_occasion(member, other_member):
    for points in (60, 40):  # 100 in March
        ActivityFactory(member=member, points=points, occurred_at=datetime(2026, 3, 5, tzinfo=UTC))
    ActivityFactory(member=member, points=120, occurred_at=datetime(2026, 5, 5, tzinfo=UTC))
    ActivityFactory(member=member, points=99, occurred_at=datetime(2026, 6, 5, tzinfo=UTC))
    for points in (60, 39):
        ActivityFactory(
            member=other_member, points=points, occurred_at=datetime(2026, 3, 5, tzinfo=UTC)
        )
    badge_rules_evaluate(now=NOW)
    badge = rule_badge(Badge.Rule.HUNDRED_POINTS)
    assert sorted(badge.awards.values_list("member", "occasion")) == [
        (member.pk, "2026-03"),
        (member.pk, "2026-05"),
    ]


def test_a_second_run_changes_nothing(member, other_member):
    ActivityFactory(
        member=member, kind="code", points=150, occurred_at=datetime(2026, 4, 2, tzinfo=UTC)
    )
    for month in range(2, 9):
        ActivityFactory(
            member=other_member, kind="docs", occurred_at=datetime(2026, month, 3, tzinfo=UTC)
        )
    first = badge_rules_evaluate(now=NOW)
    assert first == {
        "first-contribution": 2,
        "hundred-point-month": 1,
        "six-months-active": 1,
    }
    awards = sorted(BadgeAward.objects.values_list("badge", "member", "occasion", "awarded_at"))
    audit_count = AuditEntry.objects.count()

    assert badge_rules_evaluate(now=NOW + timedelta(days=1)) == {}

    assert (
        sorted(BadgeAward.objects.values_list("badge", "member", "occasion", "awarded_at"))
        == awards
    )
    assert AuditEntry.objects.count() == audit_count


def test_members_who_left_get_no_rule_badges(member):
    ActivityFactory(member=member, kind="code", occurred_at=datetime(2026, 3, 1, tzinfo=UTC))
    member.left_at = datetime(2026, 4, 1, tzinfo=UTC)
    member.save(update_fields=["left_at"])
    assert badge_rules_evaluate(now=NOW) == {}


def test_the_daily_task_reports_what_it_awarded(member):
    ActivityFactory(member=member, kind="code", occurred_at=datetime(2026, 3, 1, tzinfo=UTC))
    assert badge_rules_daily.delay().get() == "Awarded first-contribution: 1"
    assert badge_rules_daily.delay().get() == "No new badges."


def test_the_rule_evaluation_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    def members_with_activity(count):
        for _ in range(count):
            member = MemberFactory()
            for month in range(2, 9):
                ActivityFactory(
                    member=member,
                    kind="code",
                    points=120,
                    occurred_at=datetime(2026, month, 3, tzinfo=UTC),
                )

    badge_rule_badges_ensure()
    members_with_activity(2)
    with django_assert_max_num_queries(40) as few:
        badge_rules_evaluate(now=NOW)
    BadgeAward.objects.all().delete()
    members_with_activity(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        badge_rules_evaluate(now=NOW)
    assert BadgeAward.objects.filter(occasion="2026-08").count() == 14


@pytest.mark.parametrize(
    ("months", "run"),
    [
        ([], 0),
        ([date(2026, 1, 1)], 1),
        ([date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 3, 1)], 3),
        ([date(2026, 5, 1), date(2026, 5, 1), date(2026, 6, 1)], 2),
    ],
)
def test_longest_run_of_months(months, run):
    assert longest_run_of_months(months) == run


# --- spotlight -------------------------------------------------------------------------------


def test_spotlight_candidates_rank_contribution_points_of_the_month(member, other_member):
    march = datetime(2026, 3, 10, tzinfo=UTC)
    ActivityFactory(member=member, kind="code", points=10, occurred_at=march)
    ActivityFactory(member=other_member, kind="docs", points=8, occurred_at=march)
    ActivityFactory(member=other_member, kind="idea", points=5, occurred_at=march)
    ActivityFactory(
        member=member, kind="answer", points=50, occurred_at=march
    )  # not a contribution
    ActivityFactory(
        member=member, kind="code", points=50, occurred_at=datetime(2026, 4, 1, tzinfo=UTC)
    )
    candidates = list(spotlight_candidates(month=date(2026, 3, 1), now=NOW))
    assert [(c.pk, c.month_points) for c in candidates] == [(other_member.pk, 13), (member.pk, 10)]


def test_a_published_spotlight_shows_on_the_home_page(client, member, manager):
    month = (timezone.now() - timedelta(days=40)).date().replace(day=1)
    spotlight = Spotlight.objects.create(month=month, member=member, story="Shipped the profiler.")
    assert "Shipped the profiler" not in client.get("/").content.decode()

    spotlight_publish(spotlight=spotlight, actor=manager, now=timezone.now())

    page = client.get("/").content.decode()
    assert "Contributor spotlight" in page
    assert "Shipped the profiler." in page
    assert "Mia Member" in page
    assert AuditEntry.objects.filter(action="spotlight.publish", actor=manager).exists()
    with pytest.raises(DomainError, match="already published"):
        spotlight_publish(spotlight=spotlight, actor=manager, now=timezone.now())


def test_the_home_page_shows_the_latest_published_spotlight(member, other_member, manager):
    for month, who in ((date(2026, 8, 1), member), (date(2026, 9, 1), other_member)):
        spotlight = Spotlight.objects.create(month=month, member=who, story=f"{month}")
        spotlight_publish(spotlight=spotlight, actor=manager, now=NOW)
    Spotlight.objects.create(month=date(2026, 10, 1), member=member, story="draft")
    assert spotlight_current(now=NOW).member == other_member


# --- awards and case studies ------------------------------------------------------------------


def test_published_awards_are_listed_and_drafts_only_for_managers(
    client_for, member, other_member, manager
):
    published = Award.objects.create(
        category="Mentor of the year", year=2026, winner=member, citation="Mentored nine newcomers."
    )
    award_publish(award=published, actor=manager, now=NOW)
    Award.objects.create(
        category="Newcomer of the year",
        year=2026,
        winner=other_member,
        citation="Secret until the ceremony.",
    )
    public = client_for(None).get(reverse("members:award_list")).content.decode()
    assert "Mentor of the year" in public
    assert "Mentored nine newcomers." in public
    assert "Newcomer of the year" not in public
    as_manager = client_for(manager).get(reverse("members:award_list")).content.decode()
    assert "Newcomer of the year" in as_manager
    assert "Draft: not published" in as_manager


def test_an_unpublished_case_study_is_404_except_for_managers(client_for, member, manager):
    study = CaseStudy.objects.create(
        member=member,
        title="From PR to Core",
        slug="pr-to-core",
        summary="How it went.",
        body="Long story.",
    )
    url = reverse("members:casestudy_detail", args=[study.slug])
    assert client_for(None).get(url).status_code == 404
    assert client_for(member).get(url).status_code == 404
    assert client_for(manager).get(url).status_code == 200
    assert (
        "From PR to Core"
        not in client_for(None).get(reverse("members:casestudy_list")).content.decode()
    )

    case_study_publish(case_study=study, actor=manager, now=NOW)

    response = client_for(None).get(url)
    assert response.status_code == 200
    assert "Long story." in response.content.decode()
    assert (
        "From PR to Core"
        in client_for(None).get(reverse("members:casestudy_list")).content.decode()
    )


def test_empty_recognition_pages_say_so(client):
    assert (
        "No awards have been published yet"
        in client.get(reverse("members:award_list")).content.decode()
    )
    assert (
        "No stories are published yet"
        in client.get(reverse("members:casestudy_list")).content.decode()
    )
    assert "No badges yet" in client.get(reverse("members:badge_list")).content.decode()


def test_badge_page_lists_badges_with_award_counts(client, member, manager, helper_badge):
    badge_award(badge=helper_badge, member=member, actor=manager, reason="", now=NOW)
    page = client.get(reverse("members:badge_list")).content.decode()
    assert "Community helper" in page
    assert "1 time" in page


def test_recognition_lists_take_a_fixed_number_of_queries(
    client, manager, django_assert_max_num_queries
):
    def make(count, start):
        for index in range(count):
            winner = MemberFactory()
            award = Award.objects.create(
                category=f"Category {start + index}", year=2026, winner=winner, citation="x"
            )
            award_publish(award=award, actor=manager, now=NOW)
            study = CaseStudy.objects.create(
                member=winner,
                title=f"S{start + index}",
                slug=f"s{start + index}",
                summary="s",
                body="b",
            )
            case_study_publish(case_study=study, actor=manager, now=NOW)
            Badge.objects.create(
                name=f"B{start + index}", slug=f"b{start + index}", description="d", icon="x"
            )

    make(2, 0)
    counts = {}
    for name in ("award_list", "casestudy_list", "badge_list"):
        with django_assert_max_num_queries(20) as captured:
            client.get(reverse(f"members:{name}"))
        counts[name] = len(captured.captured_queries)
    make(15, 100)
    for name, count in counts.items():
        with django_assert_max_num_queries(count):
            assert client.get(reverse(f"members:{name}")).status_code == 200


# --- admin -------------------------------------------------------------------------------------


def test_admin_publish_action_is_audited(client_for, manager, member):
    award = Award.objects.create(category="Mentor", year=2026, winner=member, citation="x")
    response = client_for(manager).post(
        reverse("admin:members_award_changelist"),
        {"action": "publish", "_selected_action": [award.pk]},
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.published_at is not None
    assert AuditEntry.objects.filter(action="award.publish", actor=manager).exists()


def test_admin_award_badge_form_refuses_a_repeat_in_place(
    client_for, manager, member, helper_badge
):
    badge_award(badge=helper_badge, member=member, actor=manager, reason="", now=NOW)
    response = client_for(manager).post(
        reverse("admin:members_badgeaward_add"),
        {"badge": helper_badge.pk, "member": member.pk, "occasion": "", "reason": "again"},
    )
    assert response.status_code == 200
    assert "already has the badge" in response.content.decode()
    assert BadgeAward.objects.count() == 1


def test_admin_badge_award_add_goes_through_the_service(client_for, manager, member, helper_badge):
    response = client_for(manager).post(
        reverse("admin:members_badgeaward_add"),
        {"badge": helper_badge.pk, "member": member.pk, "occasion": "", "reason": "Helped"},
    )
    assert response.status_code == 302
    award = BadgeAward.objects.get()
    assert award.awarded_by == manager
    assert AuditEntry.objects.filter(action="badge.award", actor=manager).exists()


def test_admin_spotlight_form_proposes_last_months_top_contributors(client_for, manager, member):
    now = timezone.now()
    last_month = (now.replace(day=1) - timedelta(days=1)).replace(day=15)
    ActivityFactory(member=member, kind="code", points=42, occurred_at=last_month)
    page = client_for(manager).get(reverse("admin:members_spotlight_add")).content.decode()
    assert "Mia Member (42 points)" in page


def test_admin_saves_and_deletes_are_audited(client_for, manager):
    client = client_for(manager)
    response = client.post(
        reverse("admin:members_badge_add"),
        {
            "name": "Speaker",
            "slug": "speaker",
            "description": "Gave a talk",
            "icon": "🎤",
            "rule": "manual",
            "grants_title": "",
        },
    )
    assert response.status_code == 302
    badge = Badge.objects.get(slug="speaker")
    assert AuditEntry.objects.filter(action="badge.create", actor=manager).exists()
    client.post(reverse("admin:members_badge_delete", args=[badge.pk]), {"post": "yes"})
    assert not Badge.objects.filter(slug="speaker").exists()
    assert AuditEntry.objects.filter(action="badge.delete", actor=manager).exists()


# --- demo ----------------------------------------------------------------------------------------


def test_the_demo_step_makes_recognition_once():
    import random

    from hub.core.extension_points import DEMO_MANAGER_EMAIL, DemoContext
    from members.demo.recognition import seed_recognition
    from members.models import Idea, IdeaVote
    from members.tests.factories import ManagerFactory

    ManagerFactory(email=DEMO_MANAGER_EMAIL)
    now = timezone.now()
    for index in range(8):
        someone = MemberFactory(
            email=f"m{index}@demo.hub.test", joined_at=now - timedelta(days=100)
        )
        ActivityFactory(
            member=someone, kind="code", points=10 + index, occurred_at=now - timedelta(days=35)
        )
        # still active: those honoured are never members slipping away
        ActivityFactory(
            member=someone, kind="answer", points=4, occurred_at=now - timedelta(days=5)
        )

    def run():
        context = DemoContext(
            rng=random.Random(7), now=now, member_count=8, progress=lambda message: None
        )
        seed_recognition(context=context)
        return (
            BadgeAward.objects.count(),
            Spotlight.objects.count(),
            Award.objects.count(),
            CaseStudy.objects.count(),
            Idea.objects.count(),
            IdeaVote.objects.count(),
        )

    first = run()
    assert first[1:5] == (1, 3, 1, 8)
    assert Spotlight.objects.get().published_at is not None
    assert run() == first


def test_revoking_an_award_in_the_admin_goes_through_the_service(
    client_for, manager, member, helper_badge
):
    award = badge_award(badge=helper_badge, member=member, actor=manager, reason="", now=NOW)
    response = client_for(manager).post(
        reverse("admin:members_badgeaward_delete", args=[award.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not BadgeAward.objects.exists()
    revoked = AuditEntry.objects.get(action="badge.revoke")
    assert audit_sentence(revoked) == "Marta Manager revoked “Community helper” from Mia Member"


def test_a_badge_still_awarded_is_not_deleted(manager, member, helper_badge):
    badge_award(badge=helper_badge, member=member, actor=manager, reason="", now=NOW)
    with pytest.raises(DomainError, match="still in use"):
        recognition_item_delete(item=helper_badge, actor=manager, now=NOW)
    assert Badge.objects.filter(pk=helper_badge.pk).exists()
    assert not AuditEntry.objects.filter(action="badge.delete").exists()


def test_nothing_new_is_written_about_a_member_who_left(client_for, manager, member):
    # Given a spotlight drafted about a member, who then leaves (the story is erased)
    spotlight = Spotlight.objects.create(month=date(2026, 10, 1), member=member, story="Mia.")
    member_leave(member=member, now=NOW)
    # When a manager writes a story about them again, then the form says why it cannot be
    response = client_for(manager).post(
        reverse("admin:members_spotlight_change", args=[spotlight.pk]),
        {"month": "2026-10-01", "member": member.pk, "story": "Mia did great things."},
    )
    assert response.status_code == 200
    assert "has left the community" in response.content.decode()
    spotlight.refresh_from_db()
    assert spotlight.story == ""
    # And the service refuses it whatever the path
    spotlight.story = "Again."
    with pytest.raises(DomainError, match="has left"):
        recognition_item_save(item=spotlight, fields=["story"], actor=manager, now=NOW)


def test_spotlight_candidates_are_current_members_only(member, other_member):
    march = datetime(2026, 3, 10, tzinfo=UTC)
    for who in (member, other_member):
        ActivityFactory(member=who, kind="code", points=10, occurred_at=march)
    member_leave(member=other_member, now=datetime(2026, 4, 1, tzinfo=UTC))
    assert list(spotlight_candidates(month=date(2026, 3, 1), now=NOW)) == [member]


def test_rule_badges_can_be_dated_when_each_rule_was_met():
    # given a member whose first contribution and tenth event lie in the past
    now = timezone.now()
    member = MemberFactory(joined_at=now - timedelta(days=300))
    first_code = now - timedelta(days=200)
    ActivityFactory(member=member, kind="code", occurred_at=first_code)
    ActivityFactory(member=member, kind="docs", occurred_at=now - timedelta(days=100))
    attended = [now - timedelta(days=150 - 10 * number) for number in range(12)]
    for occurred_at in attended:
        ActivityFactory(member=member, kind="event_attendance", occurred_at=occurred_at)

    # when the rules are evaluated for a history built after the fact
    badge_rules_evaluate(now=now, date_by_earning=True)

    # then each award carries the instant its rule was met
    dates = dict(BadgeAward.objects.filter(member=member).values_list("badge__rule", "awarded_at"))
    assert dates[Badge.Rule.FIRST_CONTRIBUTION] == first_code
    assert dates[Badge.Rule.TEN_EVENTS] == attended[9]


def test_rule_badges_are_dated_now_by_default():
    now = timezone.now()
    member = MemberFactory(joined_at=now - timedelta(days=300))
    ActivityFactory(member=member, kind="code", occurred_at=now - timedelta(days=200))

    badge_rules_evaluate(now=now)

    assert BadgeAward.objects.get(member=member).awarded_at == now
