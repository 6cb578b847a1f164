"""A member's own data: the JSON export, leaving (erasure that keeps history), and the keyed
hash of the address that outlives its erasure."""

import hashlib
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count
from django.urls import reverse

from hub.core.audit import audit_sentence
from hub.core.errors import DomainError
from hub.core.extension_points import ExportSection, export_sections
from hub.core.models import AuditEntry
from hub.core.timeutils import month_bounds
from members.models import (
    Activity,
    ApiToken,
    Award,
    Badge,
    BadgeAward,
    CaseStudy,
    IdeaVote,
    Skill,
    Spotlight,
    TierMembership,
    User,
    email_lookup_hash,
)
from members.selectors.account import member_export
from members.services.account import member_leave
from members.services.ideas import idea_create, idea_vote
from members.services.recognition import badge_award, spotlight_publish
from members.tests.factories import (
    TEST_PASSWORD,
    ActivityFactory,
    MemberFactory,
    UserFactory,
    api_key_for,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def rich_member(member, other_member, manager):
    """A member with something in every section."""
    profile = member.profile
    profile.headline, profile.location, profile.github_username = "ML engineer", "Kyiv", "mia-gh"
    profile.website, profile.bio = "https://mia.example", "I build pipelines."
    profile.how_heard = "A meetup"
    profile.save()
    profile.skills.set([Skill.objects.create(name="Python")])
    ActivityFactory(
        member=member,
        kind="code",
        title="Faster profiler",
        occurred_at=datetime(2026, 3, 3, tzinfo=UTC),
    )
    badge = Badge.objects.create(name="Helper", slug="helper", description="d", icon="🤝")
    badge_award(
        badge=badge, member=member, actor=manager, reason="Helped Mia Member's group", now=NOW
    )
    idea = idea_create(author=member, title="Dark mode", body="Please.", now=NOW)
    other_idea = idea_create(author=other_member, title="Challenges", body="Yes.", now=NOW)
    idea_vote(idea=other_idea, member=member, now=NOW)
    spotlight = Spotlight.objects.create(
        month=date(2026, 10, 1), member=member, story="Mia shipped it."
    )
    spotlight_publish(spotlight=spotlight, actor=manager, now=NOW)
    Award.objects.create(
        category="Mentor", year=2026, winner=member, citation="Mia mentored.", published_at=NOW
    )
    CaseStudy.objects.create(
        member=member,
        title="Mia's story",
        slug="mia-story",
        summary="s",
        body="Mia grew.",
        published_at=NOW,
    )
    api_key_for(member, name="laptop scripts")
    member.idea = idea
    return member


# --- export ------------------------------------------------------------------------------------


def test_the_export_holds_every_section(rich_member):
    data = member_export(member=rich_member, now=NOW)
    assert data["account"]["email"] == "member@example.com"
    assert [token["name"] for token in data["api_tokens"]] == ["laptop scripts"]
    assert "digest" not in json.dumps(data["api_tokens"], default=str)
    assert data["profile"]["skills"] == ["Python"]
    assert data["profile"]["github_username"] == "mia-gh"
    assert data["email_addresses"] == [
        {"email": "member@example.com", "verified": True, "primary": True}
    ]
    assert [row["tier"] for row in data["tier_history"]] == ["Contributors"]
    assert {a["title"] for a in data["activities"]} == {"Faster profiler", "Dark mode"}
    assert data["badges"][0]["badge"] == "Helper"
    assert [i["title"] for i in data["ideas"]] == ["Dark mode"]
    assert [v["idea_title"] for v in data["idea_votes"]] == ["Challenges"]
    assert data["spotlights"][0]["story"] == "Mia shipped it."
    assert data["awards"][0]["citation"] == "Mia mentored."
    assert data["case_studies"][0]["body"] == "Mia grew."
    json.dumps(data, default=str)  # everything serialises


def test_another_app_adds_a_section_through_the_hook(member):
    section = ExportSection(
        app="test", name="test_section", collect=lambda m: [{"event": "Meetup", "member": m.pk}]
    )
    export_sections.register(section)
    try:
        assert member_export(member=member, now=NOW)["test_section"] == [
            {"event": "Meetup", "member": member.pk}
        ]
    finally:
        export_sections.unregister("test_section")


def test_the_export_is_a_json_download_of_the_logged_in_member_only(
    client_for, rich_member, other_member
):
    response = client_for(rich_member).get(reverse("members:account_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="hub-my-data-')
    data = json.loads(response.content)
    assert data["account"]["id"] == rich_member.pk
    assert "other@example.com" not in response.content.decode()


def test_the_export_takes_a_fixed_number_of_queries(
    client_for, member, django_assert_max_num_queries
):
    client = client_for(member)
    # One row of each kind first, so the second export meets no new kind of audit target: the
    # count may grow with the kinds of things (one prefetch each), never with their number.
    ActivityFactory(member=member)
    idea_create(author=member, title="An idea", body="b", now=NOW)
    # About one query per export section of every app (the site's three included).
    with django_assert_max_num_queries(45) as few:
        client.get(reverse("members:account_export"))
    for _ in range(20):
        ActivityFactory(member=member)
        idea_create(author=member, title="An idea", body="b", now=NOW)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("members:account_export"))


# --- leaving -----------------------------------------------------------------------------------


def test_leaving_erases_personal_data_and_keeps_history(rich_member, manager):
    member = member_leave(member=rich_member, now=NOW)

    member.refresh_from_db()
    assert member.email == f"erased-{member.pk}@members.invalid"
    assert not member.has_usable_password()
    assert member.is_active is False
    assert member.left_at == NOW
    profile = member.profile
    assert (
        profile.display_name,
        profile.headline,
        profile.bio,
        profile.location,
        profile.github_username,
        profile.website,
    ) == ("", "", "", "", "", "")
    assert not profile.directory_opt_in
    assert not profile.skills.exists()
    # the attribution answer stays, so past months' signups by source do not change
    assert profile.how_heard == "A meetup"
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not ApiToken.objects.filter(user=member).exists()
    assert member.display_name == "Former member"
    # history stays, anonymous
    assert Activity.objects.filter(member=member).count() == 2
    assert BadgeAward.objects.filter(member=member).count() == 1
    assert IdeaVote.objects.filter(member=member).count() == 1
    assert member.ideas.get().title == "Dark mode"
    history = TierMembership.objects.get(member=member)
    assert history.ended_at == NOW
    # texts about the member are erased and unpublished
    spotlight = Spotlight.objects.get(member=member)
    assert (spotlight.story, spotlight.published_at) == ("", None)
    study = CaseStudy.objects.get(member=member)
    assert (study.body, study.published_at) == ("", None)
    assert "mia" not in study.slug
    assert Award.objects.get(winner=member).citation == ""
    # the audit log no longer names them, and records the leaving
    assert not [
        entry
        for entry in AuditEntry.objects.all()
        if "Mia Member" in audit_sentence(entry) or "Mia Member" in str(entry.data)
    ]
    assert AuditEntry.objects.filter(action="member.leave", target_id=str(member.pk)).exists()


def test_leaving_twice_is_refused(member):
    member_leave(member=member, now=NOW)
    with pytest.raises(DomainError, match="already left"):
        member_leave(member=member, now=NOW)


def _past_month_figures(month: date) -> dict:
    """Straight from the tables, as the monthly metrics compute them."""
    start, end = month_bounds(month)
    return {
        "total": User.objects.existing_at(end - timedelta(microseconds=1)).count(),
        "new": User.objects.filter(joined_at__gte=start, joined_at__lt=end).count(),
        "left": User.objects.filter(left_at__gte=start, left_at__lt=end).count(),
        "active": Activity.objects.filter(occurred_at__gte=start, occurred_at__lt=end).aggregate(
            n=Count("member", distinct=True)
        )["n"],
        "points": sorted(
            Activity.objects.filter(occurred_at__gte=start, occurred_at__lt=end).values_list(
                "member_id", "points"
            )
        ),
    }


def test_leaving_does_not_change_the_figures_of_past_months(member, other_member):
    march = date(2026, 3, 1)
    for who in (member, other_member):
        ActivityFactory(member=who, kind="code", occurred_at=datetime(2026, 3, 10, tzinfo=UTC))
    MemberFactory(joined_at=datetime(2026, 3, 20, tzinfo=UTC))
    before = _past_month_figures(march)
    assert before["total"] == 3
    assert before["active"] == 2

    member_leave(member=member, now=NOW)

    assert _past_month_figures(march) == before
    november = _past_month_figures(date(2026, 11, 1))
    assert november["left"] == 1


def test_a_leaving_member_is_logged_out_everywhere(client_for, member):
    other_session = client_for(member)
    assert other_session.get(reverse("members:account_data")).status_code == 200
    member_leave(member=member, now=NOW)
    response = other_session.get(reverse("members:account_data"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_leave_form_needs_the_password_and_the_tick(client_for, member):
    client = client_for(member)
    url = reverse("members:account_leave")
    response = client.post(url, {"password": "wrong", "confirm": "on"})
    assert response.status_code == 400
    assert "That is not your password" in response.content.decode()
    response = client.post(url, {"password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    member.refresh_from_db()
    assert member.left_at is None


def test_leaving_from_the_page_erases_and_logs_out(client_for, member):
    client = client_for(member)
    response = client.post(
        reverse("members:account_leave"), {"password": TEST_PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")
    home = client.get(response.url).content.decode()
    assert "You have left the community" in home
    assert "Log in" in home
    member.refresh_from_db()
    assert member.left_at is not None
    assert member.email.endswith("@members.invalid")


# --- The keyed hash of the address, which outlives its erasure ---------------------------------


def test_the_address_hash_is_keyed_normalised_and_set_on_every_new_account(settings):
    # Given addresses that differ only in case and spaces, then they hash alike
    assert email_lookup_hash(" Mia@Example.com ") == email_lookup_hash("mia@example.com")
    # It is an HMAC-SHA256 keyed from SECRET_KEY, not a plain digest of the address
    assert email_lookup_hash("mia@example.com") != hashlib.sha256(b"mia@example.com").hexdigest()
    original = email_lookup_hash("mia@example.com")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert email_lookup_hash("mia@example.com") != original
    # Every way an account is made stores it: the manager, signup's save, the factories
    made = User.objects.create_user("Made@Example.com", password=None)
    assert made.email_hash == email_lookup_hash("made@example.com")
    assert UserFactory(email="signed@example.com").email_hash == email_lookup_hash(
        "signed@example.com"
    )


def test_signing_up_stores_the_hash(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "Newcomer@Example.com",
            "display_name": "Nadia Newcomer",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
    )
    assert response.status_code == 302
    newcomer = User.objects.get(email__iexact="newcomer@example.com")
    assert newcomer.email_hash == email_lookup_hash("newcomer@example.com")


def test_signing_up_asks_how_they_heard_and_keeps_the_answer(client):
    # Given the answer picked from the sign-up form's list
    form = client.get(reverse("account_signup")).content.decode()
    assert "How did you hear about us?" in form
    # When they join with it
    client.post(
        reverse("account_signup"),
        {
            "email": "heard@example.com",
            "display_name": "Halyna Heard",
            "how_heard": "A meetup or event",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
    )
    # then it is their profile's attribution answer; an answer not on the list changes nothing
    assert User.objects.get(email="heard@example.com").profile.how_heard == "A meetup or event"
    response = client.post(
        reverse("account_signup"),
        {
            "email": "odd@example.com",
            "display_name": "Oleh Odd",
            "how_heard": "<script>",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="odd@example.com").exists()


def test_the_hash_follows_the_address_and_outlives_its_erasure(member):
    # When a member changes their address, then the hash follows, even through update_fields
    member.email = "new-address@example.com"
    member.save(update_fields=["email"])
    member.refresh_from_db()
    assert member.email_hash == email_lookup_hash("new-address@example.com")
    # When they leave, then the address is erased and the hash of the last one stays
    member_leave(member=member, now=NOW)
    member.refresh_from_db()
    assert member.is_erased
    assert member.email_hash == email_lookup_hash("new-address@example.com")
    assert User.objects.filter(email_hash=member.email_hash).get() == member


@pytest.mark.django_db(transaction=True)
def test_the_migration_hashes_existing_addresses_and_leaves_erased_ones_empty():
    # Given accounts made before the column existed: one current, one already erased
    executor = MigrationExecutor(connection)
    executor.migrate([("members", "0002_seed_tiers_points_and_managers")])
    old = executor.loader.project_state([("members", "0002_seed_tiers_points_and_managers")])
    OldUser = old.apps.get_model("members", "User")
    OldUser.objects.create(email="kept@example.com", joined_at=NOW)
    OldUser.objects.create(email="erased-99@members.invalid", joined_at=NOW, left_at=NOW)
    # When the migration runs
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    # Then the current address is hashed and the erased one, unknowable, stays empty
    hashes = dict(User.objects.values_list("email", "email_hash"))
    assert hashes == {
        "kept@example.com": email_lookup_hash("kept@example.com"),
        "erased-99@members.invalid": "",
    }
