"""The admin console for membership: search and filters, the change-tier and badge actions with
their intermediate forms, locks, CSV export, suggestions, and every save (profiles, logins,
tiers, promotion rules, points) going through a service that writes an audit entry."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from hub.core.audit import audit_sentence
from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from members.models import (
    ActivityPoints,
    Badge,
    BadgeAward,
    PromotionRule,
    Skill,
    Tier,
    TierMembership,
    TierSuggestion,
)
from members.services.account import member_leave
from members.services.membership import member_active_set, tier_suggestions_evaluate
from members.tests.admin_pages import change_form_data
from members.tests.factories import ActivityFactory, MemberFactory, member_move_to_tier

CHANGELIST = "/admin/members/user/"


def post_action(client, action, members, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [m.pk for m in members], **extra},
    )


@pytest.mark.django_db
def test_member_search_by_name_email_and_skill_and_filter_by_tier(manager, client_for):
    ada = MemberFactory(name="Ada Lovelace", email="ada@example.com")
    bob = MemberFactory(name="Bob Builder", email="bob@example.com")
    bob.profile.skills.add(Skill.objects.create(name="Kubernetes"))
    member_move_to_tier(bob, 2)
    client = client_for(manager)
    assert "Ada Lovelace" in client.get(CHANGELIST, {"q": "lovelace"}).content.decode()
    page = client.get(CHANGELIST, {"q": "kubernetes"}).content.decode()
    assert "bob@example.com" in page
    assert "ada@example.com" not in page
    tier2 = Tier.objects.get(level=2)
    page = client.get(CHANGELIST, {"tier": tier2.pk}).content.decode()
    assert "bob@example.com" in page
    assert "ada@example.com" not in page
    assert ada.email in client.get(CHANGELIST, {"status": "current"}).content.decode()
    assert "ada@example.com" in client.get(CHANGELIST, {"joined_month": "2026-01"}).content.decode()


@pytest.mark.django_db
def test_change_tier_asks_for_a_reason_then_changes_and_audits(manager, client_for):
    member = MemberFactory()
    client = client_for(manager)
    tier3 = Tier.objects.get(level=3)
    # When the action is chosen, an intermediate form asks for the tier and the reason
    response = post_action(client, "change_tier", [member])
    assert response.status_code == 200
    assert "Change the tier of these members" in response.content.decode()
    # A missing reason is refused with a message, nothing changes
    response = post_action(client, "change_tier", [member], apply="1", tier=tier3.pk, reason="")
    assert "Say why" in response.content.decode()
    assert TierMembership.objects.get(member=member, ended_at__isnull=True).tier.level == 1
    # With a reason, the member moves and the history says who and why
    response = post_action(
        client, "change_tier", [member], apply="1", tier=tier3.pk, reason="Runs the Kyiv group"
    )
    assert response.status_code == 302
    current = TierMembership.objects.get(member=member, ended_at__isnull=True)
    assert (current.tier.level, current.changed_by, current.reason) == (
        3,
        manager,
        "Runs the Kyiv group",
    )
    assert AuditEntry.objects.filter(action="tier.change", actor=manager).exists()


@pytest.mark.django_db
def test_lock_and_unlock_actions(manager, client_for):
    member = MemberFactory()
    client = client_for(manager)
    post_action(client, "lock_tier", [member])
    member.refresh_from_db()
    assert member.tier_locked
    post_action(client, "unlock_tier", [member])
    member.refresh_from_db()
    assert not member.tier_locked
    assert AuditEntry.objects.filter(action__in=["tier.lock", "tier.unlock"]).count() == 2


@pytest.mark.django_db
def test_lock_action_counts_one_member_in_the_singular(manager, client_for):
    ada, bob = MemberFactory(), MemberFactory()
    client = client_for(manager)
    # When the manager locks one member, the message counts one member
    response = client.post(
        CHANGELIST, {"action": "lock_tier", "_selected_action": [ada.pk]}, follow=True
    )
    assert "Locked the tier of 1 member." in response.content.decode()
    # When they lock both, one of them already locked, each count has its own number
    response = client.post(
        CHANGELIST, {"action": "lock_tier", "_selected_action": [ada.pk, bob.pk]}, follow=True
    )
    assert "Locked the tier of 1 member; 1 already was locked." in response.content.decode()
    # And unlocking both counts them in the plural
    response = client.post(
        CHANGELIST, {"action": "unlock_tier", "_selected_action": [ada.pk, bob.pk]}, follow=True
    )
    assert "Unlocked the tier of 2 members." in response.content.decode()
    assert "(s)" not in response.content.decode()


@pytest.mark.django_db
def test_award_badge_action_awards_once_and_reports_repeats(manager, client_for):
    member = MemberFactory()
    badge = Badge.objects.create(name="Helper", slug="helper", description="d", icon="*")
    client = client_for(manager)
    assert post_action(client, "award_badge", [member]).status_code == 200
    extra = {"apply": "1", "badge": badge.pk, "occasion": "", "reason": "Answered a lot"}
    post_action(client, "award_badge", [member], **extra)
    response = post_action(client, "award_badge", [member], **extra)
    assert response.status_code == 302
    assert BadgeAward.objects.filter(member=member, badge=badge).count() == 1


@pytest.mark.django_db
def test_export_csv_of_the_selection_is_audited(manager, client_for):
    members = [MemberFactory(name="Ada"), MemberFactory(name="Bob")]
    response = post_action(client_for(manager), "export_csv", members)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["email", "name", "joined_at", "left_at", "tier"]
    assert sorted(row[1] for row in rows[1:]) == ["Ada", "Bob"]
    assert rows[1][4] == "Contributors"
    entry = AuditEntry.objects.get(action="members.export_csv", actor=manager)
    assert audit_sentence(entry) == "Marta Manager exported 2 members as CSV"


@pytest.mark.django_db
def test_member_list_query_count_is_flat(manager, client_for, django_assert_max_num_queries):
    client = client_for(manager)
    for _ in range(3):
        MemberFactory()
    with django_assert_max_num_queries(20) as few:
        client.get(CHANGELIST)
    for _ in range(20):
        MemberFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(CHANGELIST)


@pytest.mark.django_db
def test_accept_and_dismiss_suggestions_in_the_admin(manager, client_for):
    now = datetime.now(UTC)
    promoted, dismissed = (
        MemberFactory(joined_at=now - timedelta(days=200)),
        MemberFactory(joined_at=now - timedelta(days=200)),
    )
    for member in (promoted, dismissed):
        for day in range(8):
            ActivityFactory(member=member, kind="code", occurred_at=now - timedelta(days=day + 1))
    tier_suggestions_evaluate(now=now)
    client = client_for(manager)
    url = "/admin/members/tiersuggestion/"
    assert "Active on 8 days of the 8 needed" in client.get(url).content.decode()
    accept = {
        "action": "accept",
        "_selected_action": [TierSuggestion.objects.get(member=promoted).pk],
    }
    # The action asks first: the page says who moves where and why, and nothing changes yet
    asked = client.post(url, accept).content.decode()
    assert "Accept these tier suggestions?" in asked
    assert "Contributors → Active Members (promotion)" in asked
    assert TierMembership.objects.get(member=promoted, ended_at__isnull=True).tier.level == 1
    accepted = client.post(url, {**accept, "apply": "1"}, follow=True)
    assert "Accepted 1 suggestion." in accepted.content.decode()
    client.post(
        url,
        {
            "action": "dismiss",
            "apply": "1",
            "_selected_action": [TierSuggestion.objects.get(member=dismissed).pk],
        },
    )
    assert TierMembership.objects.get(member=promoted, ended_at__isnull=True).tier.level == 2
    assert TierMembership.objects.get(member=dismissed, ended_at__isnull=True).tier.level == 1
    assert AuditEntry.objects.filter(action="tier_suggestion.dismiss", actor=manager).exists()


@pytest.mark.django_db
def test_editing_tier_benefits_one_a_line_is_audited(manager, client_for):
    tier = Tier.objects.get(level=1)
    response = client_for(manager).post(
        f"/admin/members/tier/{tier.pk}/change/",
        {
            "level": 1,
            "name": tier.name,
            "slug": tier.slug,
            "pricing": tier.pricing,
            "description": tier.description,
            "benefits_text": "Public resources\n\n  Monthly meetups  \n",
            "revenue_share_min_percent": "0",
            "revenue_share_max_percent": "0",
            "revenue_share_percent": "0",
        },
    )
    assert response.status_code == 302
    tier.refresh_from_db()
    assert tier.benefits == ["Public resources", "Monthly meetups"]
    assert AuditEntry.objects.filter(action="tier.edit", actor=manager).exists()


# --- Every save goes through a service and leaves an audit entry --------------------------------


def member_page(client, member):
    return client.get(f"/admin/members/user/{member.pk}/change/")


@pytest.mark.django_db
def test_a_manager_edits_a_profile_through_the_members_rules_with_an_audit_entry(
    manager, client_for
):
    # Given a member with a skill, and a manager on their admin page
    member = MemberFactory(name="Ola Member")
    python, rust = Skill.objects.create(name="Python"), Skill.objects.create(name="Rust")
    client = client_for(manager)
    url = f"/admin/members/user/{member.pk}/change/"
    # When the manager gives a GitHub username GitHub would refuse, then nothing changes
    bad = change_form_data(member_page(client, member), **{"profile-0-github_username": "-x-"})
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "A GitHub username has up to 39" in response.content.decode()
    member.profile.refresh_from_db()
    assert member.profile.github_username == ""
    # When they correct the headline and tick skills from the list, then the member's rules
    # apply and the audit names the fields, not their values
    good = change_form_data(
        member_page(client, member),
        **{"profile-0-headline": "  Data engineer ", "profile-0-skills": [python.pk, rust.pk]},
    )
    assert client.post(url, good).status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.headline == "Data engineer"
    assert sorted(member.profile.skills.values_list("name", flat=True)) == ["Python", "Rust"]
    entry = AuditEntry.objects.get(action="profile.edit_by_manager")
    assert (entry.actor, entry.subject, entry.data["fields"]) == (
        manager,
        member,
        "headline, skills",
    )
    assert "Data engineer" not in str(entry.data)


@pytest.mark.django_db
def test_a_manager_stops_an_accounts_logins_with_an_audit_entry(manager, client_for):
    member = MemberFactory()
    client = client_for(manager)
    data = change_form_data(member_page(client, member))
    data.pop("is_active")
    assert client.post(f"/admin/members/user/{member.pk}/change/", data).status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    entry = AuditEntry.objects.get(action="member.edit")
    assert (entry.subject, entry.data["fields"]) == (member, "is_active")
    # Saving the page again without a change writes nothing
    client.post(f"/admin/members/user/{member.pk}/change/", data)
    assert AuditEntry.objects.filter(action="member.edit").count() == 1


@pytest.mark.django_db
def test_an_erased_account_cannot_log_in_again(manager):
    member = MemberFactory()
    member_leave(member=member, now=datetime.now(UTC))
    with pytest.raises(DomainError, match="has left"):
        member_active_set(member=member, active=True, actor=manager, now=datetime.now(UTC))


@pytest.mark.django_db
def test_promotion_rules_are_edited_and_deleted_through_the_services(manager, client_for):
    rule = PromotionRule.objects.select_related("tier").get(tier__level=3)
    client = client_for(manager)
    url = f"/admin/members/promotionrule/{rule.pk}/change/"
    data = change_form_data(client.get(url), min_contributions=25)
    assert client.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert rule.min_contributions == 25
    edit = AuditEntry.objects.get(action="promotion_rule.edit")
    assert edit.data["values"] == {"min_contributions": "25"}
    client.post(f"/admin/members/promotionrule/{rule.pk}/delete/", {"post": "yes"})
    assert not PromotionRule.objects.filter(pk=rule.pk).exists()
    deleted = AuditEntry.objects.get(action="promotion_rule.delete")
    assert audit_sentence(deleted) == "Marta Manager deleted Rule for Core Team"


@pytest.mark.django_db
def test_points_are_tuned_in_the_list_with_an_audit_entry_and_never_deleted(manager, client_for):
    points = ActivityPoints.objects.get(kind="code")
    client = client_for(manager)
    rows = list(ActivityPoints.objects.order_by("kind"))
    data = {
        "form-TOTAL_FORMS": len(rows),
        "form-INITIAL_FORMS": len(rows),
        "_save": "Save",
    }
    for index, row in enumerate(rows):
        data[f"form-{index}-id"] = row.pk
        data[f"form-{index}-points"] = 12 if row.pk == points.pk else row.points
    assert client.post("/admin/members/activitypoints/", data).status_code == 302
    points.refresh_from_db()
    assert points.points == 12
    entry = AuditEntry.objects.get(action="activity_points.edit")
    assert entry.data["values"] == {"points": "12"}
    # Deleting a kind's row is not offered: it would make the kind worth nothing
    assert client.get(f"/admin/members/activitypoints/{points.pk}/delete/").status_code == 403
    assert ActivityPoints.objects.filter(pk=points.pk).exists()


@pytest.mark.django_db
def test_a_suggestions_page_shows_the_evidence_as_a_table_and_decides_after_asking(
    manager, client_for
):
    now = datetime.now(UTC)
    member = MemberFactory(joined_at=now - timedelta(days=200), name="Petro Promoted")
    for day in range(8):
        ActivityFactory(member=member, kind="code", occurred_at=now - timedelta(days=day + 1))
    tier_suggestions_evaluate(now=now)
    suggestion = TierSuggestion.objects.get(member=member)
    client = client_for(manager)
    page = client.get(f"/admin/members/tiersuggestion/{suggestion.pk}/change/").content.decode()
    assert "<table class='admin-evidence'>" in page
    assert "Days active in the last 90 days</th><td>8</td><td>8</td>" in page
    assert "evaluated_at" not in page  # no raw JSON
    decide = f"/admin/members/tiersuggestion/{suggestion.pk}/decide/accept/"
    assert "Yes, accept 1 suggestion" in client.get(decide).content.decode()
    assert TierSuggestion.objects.get(pk=suggestion.pk).status == "pending"
    response = client.post(decide, {"apply": "1"})
    assert response.status_code == 302
    assert TierSuggestion.objects.get(pk=suggestion.pk).status == "accepted"
    assert (
        client.get(f"/admin/members/tiersuggestion/{suggestion.pk}/decide/other/").status_code
        == 403
    )


@pytest.mark.django_db
def test_a_members_page_changes_their_tier_with_a_reason(manager, client_for):
    member = MemberFactory(name="Rita Raised")
    client = client_for(manager)
    page = client.get(f"/admin/members/user/{member.pk}/change/").content.decode()
    assert "Change tier…" in page
    url = f"/admin/members/user/{member.pk}/change-tier/"
    core = Tier.objects.get(level=3)
    refused = client.post(url, {"tier": core.pk, "reason": ""})
    assert refused.status_code == 400
    assert "Say why" in refused.content.decode()
    assert TierMembership.objects.get(member=member, ended_at__isnull=True).tier.level == 1
    done = client.post(url, {"tier": core.pk, "reason": "Leads the Kyiv group"})
    assert done["Location"] == f"/admin/members/user/{member.pk}/change/"
    current = TierMembership.objects.get(member=member, ended_at__isnull=True)
    assert (current.tier.level, current.reason, current.changed_by) == (
        3,
        "Leads the Kyiv group",
        manager,
    )
    assert AuditEntry.objects.filter(action="tier.change", actor=manager).exists()
