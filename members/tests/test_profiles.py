"""Profiles and the member directory: the form's messages, saving skills, who is listed, search,
pagination, public profiles and flat query counts."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from hub.core.audit import audit_sentence
from hub.core.errors import DomainError
from hub.core.extension_points import console_sections
from hub.core.models import AuditEntry
from members.forms.profiles import ProfileForm
from members.models import Profile, Skill, SkillRemoval
from members.selectors.profiles import directory_search
from members.services.account import member_leave
from members.services.profiles import (
    profile_update,
    skill_accept,
    skill_add,
    skill_name_normalise,
    skill_reject,
    skill_rejection_email_send,
    skill_rename,
    skill_suggest,
)
from members.tests.factories import MemberFactory, SkillFactory


def listed(name: str, *, location: str = "Kyiv", skills=(), **kwargs):
    member = MemberFactory(name=name, **kwargs)
    Profile.objects.filter(user=member).update(directory_opt_in=True, location=location)
    member.profile.refresh_from_db()
    member.profile.skills.set([Skill.objects.get_or_create(name=s)[0] for s in skills])
    return member


def test_skill_names_are_squeezed():
    assert skill_name_normalise("  Machine \t  learning ") == "Machine learning"


@pytest.mark.django_db
def test_profile_form_gives_clear_messages(member):
    skills = [Skill.objects.create(name=f"Skill {n}") for n in range(16)]
    form = ProfileForm(
        data={
            "display_name": "  ",
            "github_username": "-bad-",
            "website": "ftp://example.com",
            "skills": [skill.pk for skill in skills],
        },
        instance=member.profile,
    )
    assert not form.is_valid()
    assert form.errors["display_name"] == ["Enter the name other members will see."]
    assert "does not start or end with a hyphen" in form.errors["github_username"][0]
    assert form.errors["website"]
    assert form.errors["skills"] == ["Pick at most 15 skills; you picked 16."]


@pytest.mark.django_db
def test_profile_update_picks_listed_skills_whatever_the_case(member):
    # Given skills on the list
    Skill.objects.create(name="Python")
    Skill.objects.create(name="Rust")
    # When the member names them in another case
    profile_update(
        member=member,
        skills=["python", "RUST"],
        now=datetime.now(UTC),
        display_name="Mia M",
        directory_opt_in=True,
    )
    # then their profile holds the listed skills, and no new skill is made
    member.profile.refresh_from_db()
    assert sorted(skill.name for skill in member.profile.skills.all()) == ["Python", "Rust"]
    assert Skill.objects.count() == 2
    assert member.profile.directory_opt_in


@pytest.mark.django_db
def test_profile_update_refuses_a_skill_that_is_not_on_the_list(member, other_member):
    # Given a skill nobody listed, and another member's suggestion awaiting review
    Skill.objects.create(name="Python")
    skill_suggest(member=other_member, name="Zig", now=datetime.now(UTC))
    for names in (["Python", "Cobol"], ["Zig"]):
        # When the member names it
        with pytest.raises(DomainError, match="is not on the list of skills"):
            profile_update(member=member, skills=names, now=datetime.now(UTC), headline="New")
        # then nothing changed
        member.profile.refresh_from_db()
        assert member.profile.headline == ""
        assert not member.profile.skills.exists()
    assert not Skill.objects.filter(name="Cobol").exists()


@pytest.mark.django_db
def test_profile_page_saves_and_says_so(member, client_for):
    go, sql = Skill.objects.create(name="Go"), Skill.objects.create(name="SQL")
    client = client_for(member)
    response = client.post(
        reverse("members:profile_edit"),
        {
            "display_name": "Mia New",
            "skills": [go.pk, sql.pk],
            "location": "Lviv",
            "github_username": "mia-m",
            "website": "https://mia.example.com",
            "directory_opt_in": "on",
        },
        follow=True,
    )
    assert "Your profile is saved." in response.content.decode()
    member.profile.refresh_from_db()
    assert member.profile.display_name == "Mia New"
    assert member.profile.directory_opt_in
    assert {skill.name for skill in member.profile.skills.all()} == {"Go", "SQL"}


@pytest.mark.django_db
def test_profile_page_with_bad_input_changes_nothing(member, client_for):
    response = client_for(member).post(
        reverse("members:profile_edit"), {"display_name": "", "website": "nope"}
    )
    assert response.status_code == 400
    assert "Your profile was not saved" in response.content.decode()
    member.profile.refresh_from_db()
    assert member.profile.display_name == "Mia Member"


@pytest.mark.django_db
def test_directory_lists_only_current_members_who_opted_in(client):
    shown = listed("Ada Lovelace")
    MemberFactory(name="Hidden Person")
    gone = listed("Gone Person")
    gone.left_at = datetime.now(UTC) - timedelta(days=1)
    gone.save(update_fields=["left_at"])
    page = client.get(reverse("members:directory")).content.decode()
    assert "Ada Lovelace" in page
    assert "Hidden Person" not in page
    assert "Gone Person" not in page
    assert reverse("members:profile_detail", args=[shown.pk]) in page


@pytest.mark.django_db
def test_directory_searches_by_name_skill_and_location():
    listed("Ada Lovelace", location="London", skills=["Python"])
    listed("Bob Builder", location="Kyiv", skills=["Go", "Python"])
    listed("Cy Coder", location="Kyiv", skills=["Rust"])
    now = datetime.now(UTC)

    def names(**search):
        return [m.profile.display_name for m in directory_search(now=now, **search)]

    assert names(name="ada") == ["Ada Lovelace"]
    assert names(skill="python") == ["Ada Lovelace", "Bob Builder"]
    assert names(location="kyiv", skill="python") == ["Bob Builder"]
    assert names(name="nobody") == []


@pytest.mark.django_db
def test_directory_is_paginated_and_keeps_the_search(client):
    for index in range(30):
        listed(f"Member {index:02d}", skills=["Python"])
    response = client.get(reverse("members:directory"), {"skill": "Python", "page": 2})
    page = response.content.decode()
    assert "Page 2 of 2" in page
    assert "skill=Python&amp;page=1" in page
    assert page.count('class="card member-card"') == 6


@pytest.mark.django_db
def test_directory_query_count_is_flat(client, django_assert_max_num_queries):
    for index in range(3):
        listed(f"Few {index}", skills=["Python", "Go"])
    with django_assert_max_num_queries(4):
        client.get(reverse("members:directory"))
    for index in range(30):
        listed(f"Many {index}", skills=["Python", "Go"])
    with django_assert_max_num_queries(4):
        response = client.get(reverse("members:directory"))
    assert response.content.decode().count('class="card member-card"') == 24


@pytest.mark.django_db
def test_public_profile_shows_an_opted_in_member_but_not_their_email(client):
    member = listed("Ada Lovelace", skills=["Python"])
    response = client.get(reverse("members:profile_detail", args=[member.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ada Lovelace" in page
    assert "Python" in page
    assert member.email not in page


@pytest.mark.django_db
def test_public_profile_is_404_for_unlisted_and_departed_members(client, client_for, member):
    unlisted = MemberFactory(name="Quiet")
    gone = listed("Gone")
    gone.left_at = datetime.now(UTC)
    gone.save(update_fields=["left_at"])
    for who in (unlisted, gone):
        assert client.get(reverse("members:profile_detail", args=[who.pk])).status_code == 404
        assert (
            client_for(member).get(reverse("members:profile_detail", args=[who.pk])).status_code
            == 404
        )
    assert client.get(reverse("members:profile_detail", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_unlisted_member_previews_their_own_profile(member, client_for):
    response = client_for(member).get(reverse("members:profile_detail", args=[member.pk]))
    assert response.status_code == 200
    assert "Only you can see this page" in response.content.decode()


# --- Skills: picking from the list, suggesting, and a manager's review ---------------------------


NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def held(member) -> list[str]:
    return sorted(skill.name for skill in Profile.objects.get(user=member).skills.all())


@pytest.mark.django_db
def test_a_suggested_skill_is_on_the_suggesters_profile_awaiting_review(member):
    # When a member suggests a skill that is not on the list
    skill = skill_suggest(member=member, name="  Accessibility   audits ", now=NOW)
    # then it is on their profile, awaiting review, with who and when
    assert held(member) == ["Accessibility audits"]
    assert skill.status == Skill.Status.SUGGESTED
    assert (skill.suggested_by, skill.suggested_at) == (member, NOW)
    entry = AuditEntry.objects.get(action="skill.suggest")
    assert audit_sentence(entry) == "Mia Member suggested the skill “Accessibility audits”"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("python", "“Python” is on the list already: tick it among your skills"),
        ("", "Enter the skill's name."),
        ("x" * 51, "at most 50 characters; this one has 51"),
        ("Rust\u200b", "Remove the invisible control character U+200B"),
        ("Cobol", "“Cobol” was suggested before and not accepted: We keep to current tools."),
    ],
)
def test_a_suggestion_is_refused_with_a_clear_message(member, manager, name, message):
    # Given a skill on the list and one a manager rejected
    SkillFactory(name="Python")
    cobol = skill_suggest(member=manager, name="Cobol", now=NOW)
    skill_reject(skill=cobol, actor=manager, reason="We keep to current tools.", now=NOW)
    # When the member suggests a duplicate or a bad name, they are told why
    with pytest.raises(DomainError) as refused:
        skill_suggest(member=member, name=name, now=NOW)
    assert message in refused.value.message
    # and nothing changed
    assert held(member) == []
    assert Skill.objects.count() == 2


@pytest.mark.django_db
def test_a_second_member_suggesting_the_same_name_joins_the_suggestion(member, other_member):
    first = skill_suggest(member=member, name="Zig", now=NOW)
    second = skill_suggest(member=other_member, name="zig", now=NOW)
    assert first == second
    assert held(member) == held(other_member) == ["Zig"]
    assert Skill.objects.filter(status=Skill.Status.SUGGESTED).count() == 1
    # and suggesting it again changes nothing
    skill_suggest(member=member, name="ZIG", now=NOW)
    assert AuditEntry.objects.filter(action="skill.suggest").count() == 2


@pytest.mark.django_db
def test_a_member_has_at_most_three_suggestions_awaiting_review(member):
    for name in ("Zig", "Nim", "Odin"):
        skill_suggest(member=member, name=name, now=NOW)
    with pytest.raises(DomainError, match="You have 3 suggested skills awaiting review"):
        skill_suggest(member=member, name="Gleam", now=NOW)
    assert held(member) == ["Nim", "Odin", "Zig"]


@pytest.mark.django_db
def test_accepting_a_suggestion_shows_it_to_everyone(member, other_member, manager, client):
    # Given a listed member with a suggestion awaiting review
    Profile.objects.filter(user=member).update(directory_opt_in=True)
    zig = skill_suggest(member=member, name="Zig", now=NOW)
    # When a manager accepts it
    skill_accept(skill=zig, actor=manager, now=NOW)
    # then the directory, the profile and the picker show it to others
    zig.refresh_from_db()
    assert (zig.status, zig.decided_by) == (Skill.Status.ACCEPTED, manager)
    assert [m.pk for m in directory_search(now=datetime.now(UTC), skill="zig")] == [member.pk]
    page = client.get(reverse("members:profile_detail", args=[member.pk])).content.decode()
    assert "Zig" in page
    assert zig in ProfileForm(instance=other_member.profile).fields["skills"].queryset
    entry = AuditEntry.objects.get(action="skill.accept")
    assert audit_sentence(entry) == "Marta Manager accepted the skill “Zig” suggested by Mia Member"
    # and accepting it twice is refused
    with pytest.raises(DomainError, match="on the list already"):
        skill_accept(skill=zig, actor=manager, now=NOW)


@pytest.mark.django_db
def test_rejecting_takes_the_skill_off_every_profile_and_emails_each_member_once(
    member, other_member, manager, mailoutbox, django_capture_on_commit_callbacks
):
    # Given two members holding the same suggestion
    zig = skill_suggest(member=member, name="Zig", now=NOW)
    skill_suggest(member=other_member, name="Zig", now=NOW)
    # When a manager rejects it with a reason
    with django_capture_on_commit_callbacks(execute=True):
        removed = skill_reject(skill=zig, actor=manager, reason="Too niche for now.", now=NOW)
    # then it is off both profiles, and each member is told why, once
    assert removed == 2
    assert held(member) == held(other_member) == []
    zig.refresh_from_db()
    assert (zig.status, zig.rejection_reason) == (Skill.Status.REJECTED, "Too niche for now.")
    assert sorted(message.to[0] for message in mailoutbox) == [member.email, other_member.email]
    assert "Their reason: Too niche for now." in mailoutbox[0].body
    assert "http://" in mailoutbox[0].body or "https://" in mailoutbox[0].body
    assert not SkillRemoval.objects.filter(emailed_at__isnull=True).exists()
    # and a retried email task sends nothing more
    for removal in SkillRemoval.objects.all():
        assert skill_rejection_email_send(removal_id=removal.pk, now=NOW) is False
    assert len(mailoutbox) == 2
    entry = AuditEntry.objects.get(action="skill.reject")
    assert audit_sentence(entry) == (
        "Marta Manager rejected the skill “Zig” suggested by Mia Member and took it off "
        "2 profiles: Too niche for now."
    )


@pytest.mark.django_db
def test_a_rejection_needs_a_reason_and_a_suggestion(member, manager, mailoutbox):
    zig = skill_suggest(member=member, name="Zig", now=NOW)
    with pytest.raises(DomainError, match="Say why"):
        skill_reject(skill=zig, actor=manager, reason="   ", now=NOW)
    assert held(member) == ["Zig"]
    python = SkillFactory(name="Python")
    with pytest.raises(DomainError, match="only a suggestion awaiting review can be rejected"):
        skill_reject(skill=python, actor=manager, reason="No.", now=NOW)
    assert Skill.objects.get(pk=python.pk).status == Skill.Status.ACCEPTED
    assert mailoutbox == []


@pytest.mark.django_db
def test_no_rejection_email_goes_to_a_member_who_left(
    member, manager, mailoutbox, django_capture_on_commit_callbacks
):
    zig = skill_suggest(member=member, name="Zig", now=NOW)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        skill_reject(skill=zig, actor=manager, reason="Too niche.", now=NOW)
    member_leave(member=member, now=NOW)
    for callback in callbacks:
        callback()
    assert mailoutbox == []


@pytest.mark.django_db
def test_withdrawing_a_suggestion_nobody_else_holds_takes_it_out_of_the_queue(member, other_member):
    SkillFactory(name="Python")
    skill_suggest(member=member, name="Zig", now=NOW)
    skill_suggest(member=member, name="Nim", now=NOW)
    skill_suggest(member=other_member, name="Nim", now=NOW)
    # When the member unticks both
    profile_update(member=member, skills=["Python"], now=NOW)
    # then the one nobody else holds is gone; the other still awaits review for the other member
    assert held(member) == ["Python"]
    assert list(Skill.objects.filter(status="suggested").values_list("name", flat=True)) == ["Nim"]
    assert held(other_member) == ["Nim"]


@pytest.mark.django_db
def test_leaving_drops_the_suggestions_only_the_leaver_held(member, other_member):
    skill_suggest(member=member, name="Zig", now=NOW)
    skill_suggest(member=member, name="Nim", now=NOW)
    skill_suggest(member=other_member, name="Nim", now=NOW)
    member_leave(member=member, now=NOW)
    assert list(Skill.objects.values_list("name", flat=True)) == ["Nim"]


@pytest.mark.django_db
def test_a_manager_adds_and_renames_skills_without_duplicates(member, manager):
    rust = skill_add(name=" Rust ", actor=manager, now=NOW)
    assert (rust.name, rust.status) == ("Rust", Skill.Status.ACCEPTED)
    with pytest.raises(DomainError, match="There is a skill “Rust” already"):
        skill_add(name="RUST", actor=manager, now=NOW)
    typo = skill_suggest(member=member, name="Pyhton", now=NOW)
    skill_rename(skill=typo, name="Python", actor=manager, now=NOW)
    with pytest.raises(DomainError, match="There is a skill “Python” already"):
        skill_rename(skill=rust, name="python", actor=manager, now=NOW)
    assert held(member) == ["Python"]
    assert [audit_sentence(entry) for entry in AuditEntry.objects.order_by("pk")][-1] == (
        "Marta Manager renamed the skill “Pyhton” to “Python”"
    )


@pytest.mark.django_db
def test_others_never_see_a_suggested_skill(member, other_member, client, client_for):
    # Given a listed member with a skill on the list and a suggestion awaiting review
    Profile.objects.filter(user=member).update(directory_opt_in=True)
    python = SkillFactory(name="Python")
    profile_update(member=member, skills=["Python"], skill_suggestion="Zig", now=NOW)
    assert held(member) == ["Python", "Zig"]
    profile_url = reverse("members:profile_detail", args=[member.pk])
    for viewer in (client, client_for(other_member)):
        # the directory, its skill filter and the member's profile show the listed skill only
        directory = viewer.get(reverse("members:directory")).content.decode()
        assert "Python" in directory
        assert "Zig" not in directory
        found = viewer.get(reverse("members:directory"), {"skill": "zig"}).content.decode()
        assert "No listed member matches this search" in found
        profile = viewer.get(profile_url).content.decode()
        assert "Python" in profile
        assert "Zig" not in profile
    # and the directory API neither
    api_client = APIClient()
    api_client.force_authenticate(other_member)
    listed = api_client.get("/api/v1/members/").json()["results"]
    assert [row["skills"] for row in listed if row["id"] == member.pk] == [["Python"]]
    assert api_client.get("/api/v1/members/", {"skill": "zig"}).json()["results"] == []
    # nor the other member's picker
    assert list(ProfileForm(instance=other_member.profile).fields["skills"].queryset) == [python]
    # while the member sees it on their own profile, marked, and in their picker
    own = client_for(member).get(profile_url).content.decode()
    assert "Zig" in own
    assert "awaiting review" in own
    form_page = client_for(member).get(reverse("members:profile_edit")).content.decode()
    assert "Zig (your suggestion, awaiting review)" in form_page


@pytest.mark.django_db
def test_the_api_shows_and_suggests_the_own_skills(member):
    SkillFactory(name="Python")
    client = APIClient()
    client.force_authenticate(member)
    response = client.patch(
        "/api/v1/me/", {"skills": ["python"], "skill_suggestion": "Zig"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["skills"] == ["Python", "Zig"]
    assert response.json()["skills_awaiting_review"] == ["Zig"]
    # sending the list back keeps the suggestion
    response = client.patch("/api/v1/me/", {"skills": ["Python", "Zig"]}, format="json")
    assert response.json()["skills_awaiting_review"] == ["Zig"]
    # a name not on the list is a 400 that changes nothing
    response = client.patch("/api/v1/me/", {"skills": ["Cobol"]}, format="json")
    assert response.status_code == 400
    assert "not on the list" in response.json()["detail"]
    assert held(member) == ["Python", "Zig"]


@pytest.mark.django_db
def test_profile_page_suggests_a_skill_and_says_so(member, client_for):
    python = SkillFactory(name="Python")
    response = client_for(member).post(
        reverse("members:profile_edit"),
        {"display_name": "Mia Member", "skills": [python.pk], "skill_suggestion": "Zig"},
        follow=True,
    )
    page = response.content.decode()
    assert "You suggested “Zig”: a community manager will review it" in page
    assert held(member) == ["Python", "Zig"]
    # and the form shows both ticked, the suggestion marked as such
    assert page.count('name="skills"') == page.count('name="skills" value') == 2
    assert 'id="id_skills_0" checked' in page
    assert 'id="id_skills_1" checked' in page
    assert "Zig (your suggestion, awaiting review)" in page


@pytest.mark.django_db
def test_profile_page_refuses_a_duplicate_of_a_listed_skill_and_changes_nothing(member, client_for):
    SkillFactory(name="Python")
    response = client_for(member).post(
        reverse("members:profile_edit"),
        {"display_name": "Mia Renamed", "skill_suggestion": "PYTHON"},
    )
    assert response.status_code == 400
    assert "“Python” is on the list already: tick it among your skills" in (
        response.content.decode()
    )
    assert Profile.objects.get(user=member).display_name == "Mia Member"
    assert Skill.objects.count() == 1


@pytest.mark.django_db
def test_profile_page_tells_why_a_suggestion_was_not_accepted(member, manager, client_for):
    zig = skill_suggest(member=member, name="Zig", now=datetime.now(UTC))
    skill_reject(skill=zig, actor=manager, reason="Too niche for now.", now=datetime.now(UTC))
    page = client_for(member).get(reverse("members:profile_edit")).content.decode()
    assert "Suggested skills not added to the list" in page
    assert "Too niche for now." in page
    assert "Zig (your suggestion" not in page


@pytest.mark.django_db
def test_profile_edit_query_count_is_flat(member, client_for, django_assert_max_num_queries):
    client = client_for(member)

    def fill(count: int) -> None:
        skills = SkillFactory.create_batch(count)
        member.profile.skills.add(*skills[:10])

    fill(3)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("members:profile_edit"))
    fill(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("members:profile_edit"))
    assert response.content.decode().count('name="skills"') == 33


@pytest.mark.django_db
def test_skills_awaiting_review_are_a_console_card(member, other_member, manager):
    skill_suggest(member=member, name="Zig", now=NOW)
    skill_suggest(member=other_member, name="Nim", now=NOW)
    skill_suggest(member=other_member, name="Zig", now=NOW)
    section = console_sections.get("skills")
    [card] = section.collect(now=NOW)
    assert (card.count, card.needs_attention) == (2, True)
    assert card.url == "/admin/members/skill/?status__exact=suggested"


# --- The admin's list of skills -------------------------------------------------------------------

ADMIN_SKILLS = "/admin/members/skill/"


@pytest.mark.django_db
def test_the_admin_lists_suggestions_first_with_their_profiles(
    member, other_member, manager, client_for
):
    SkillFactory(name="Ada")
    skill_suggest(member=member, name="Zig", now=NOW)
    skill_suggest(member=other_member, name="Zig", now=NOW)
    response = client_for(manager).get(ADMIN_SKILLS)
    rows = [(skill.name, skill.holders) for skill in response.context["cl"].result_list]
    assert rows == [("Zig", 2), ("Ada", 0)]


@pytest.mark.django_db
def test_a_manager_accepts_suggestions_in_the_admin(member, manager, client_for):
    zig = skill_suggest(member=member, name="Zig", now=NOW)
    response = client_for(manager).post(
        ADMIN_SKILLS, {"action": "accept", "_selected_action": [zig.pk]}, follow=True
    )
    assert (
        "Accepted 1 skill: Zig. Every member can pick it now, and the profiles that have it show "
        "it to everyone."
    ) in response.content.decode()
    assert Skill.objects.get(pk=zig.pk).status == Skill.Status.ACCEPTED


@pytest.mark.django_db
def test_a_manager_rejects_suggestions_in_the_admin_after_giving_a_reason(
    member, manager, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    zig = skill_suggest(member=member, name="Zig", now=NOW)
    client = client_for(manager)
    chosen = {"action": "reject", "_selected_action": [zig.pk]}
    # When the manager chooses "Reject", they are asked why first, and nothing changes yet
    asked = client.post(ADMIN_SKILLS, chosen)
    assert asked.status_code == 200
    assert "Reject these suggested skills" in asked.content.decode()
    assert "Zig: awaiting review, on 1 profile, suggested by Mia Member" in (asked.content.decode())
    # When they confirm without a reason, they are asked again
    again = client.post(ADMIN_SKILLS, {**chosen, "apply": "1", "reason": " "})
    assert "Say why" in again.content.decode()
    assert held(member) == ["Zig"]
    # When they give one, the skill is rejected and the member emailed
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            ADMIN_SKILLS, {**chosen, "apply": "1", "reason": "Too niche for now."}, follow=True
        )
    assert (
        "Rejected 1 skill: Zig. Taken off 1 profile; that member is emailed your reason."
    ) in done.content.decode()
    assert held(member) == []
    assert [message.to for message in mailoutbox] == [[member.email]]


@pytest.mark.django_db
def test_a_manager_adds_a_skill_in_the_admin(manager, client_for):
    client = client_for(manager)
    response = client.post(f"{ADMIN_SKILLS}add/", {"name": " Rust "}, follow=True)
    assert response.status_code == 200
    rust = Skill.objects.get(name="Rust")
    assert (rust.status, rust.decided_by) == (Skill.Status.ACCEPTED, manager)
    assert AuditEntry.objects.filter(action="skill.add").count() == 1
    # a duplicate in another case is refused and adds nothing
    response = client.post(f"{ADMIN_SKILLS}add/", {"name": "rust"}, follow=True)
    assert "There is a skill of this name already (in any case)." in response.content.decode()
    assert Skill.objects.count() == 1


@pytest.mark.django_db
def test_the_admin_skill_list_query_count_is_flat(
    member, manager, client_for, django_assert_max_num_queries
):
    client = client_for(manager)
    for skill in SkillFactory.create_batch(3):
        member.profile.skills.add(skill)
    with django_assert_max_num_queries(20) as few:
        client.get(ADMIN_SKILLS)
    for skill in SkillFactory.create_batch(30):
        member.profile.skills.add(skill)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(ADMIN_SKILLS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("https://github.com/mia-m", "mia-m"),
        ("github.com/mia-m/", "mia-m"),
        ("HTTPS://www.GitHub.com/Mia-M?tab=repositories", "Mia-M"),
        ("@mia-m", "mia-m"),
    ],
)
def test_a_pasted_github_address_keeps_only_the_name(member, typed, kept):
    form = ProfileForm(
        data={"display_name": "Mia", "github_username": typed}, instance=member.profile
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["github_username"] == kept


@pytest.mark.django_db
def test_a_github_address_of_a_repository_is_not_a_name(member):
    form = ProfileForm(
        data={"display_name": "Mia", "github_username": "https://github.com/mia-m/hub"},
        instance=member.profile,
    )
    assert not form.is_valid()
