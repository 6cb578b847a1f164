"""Profiles and the member directory: the form's messages, saving skills, who is listed, search,
pagination, public profiles and flat query counts."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from members.forms.profiles import ProfileForm
from members.models import Profile, Skill
from members.selectors.profiles import directory_search
from members.services.profiles import profile_update, skill_names_parse
from members.tests.factories import MemberFactory


def listed(name: str, *, location: str = "Kyiv", skills=(), **kwargs):
    member = MemberFactory(name=name, **kwargs)
    Profile.objects.filter(user=member).update(directory_opt_in=True, location=location)
    member.profile.refresh_from_db()
    member.profile.skills.set([Skill.objects.get_or_create(name=s)[0] for s in skills])
    return member


def test_skill_names_are_split_squeezed_and_deduplicated():
    assert skill_names_parse(" Python, django ,,  Machine   learning, python") == [
        "Python",
        "django",
        "Machine learning",
    ]


@pytest.mark.django_db
def test_profile_form_gives_clear_messages(member):
    form = ProfileForm(
        data={
            "display_name": "  ",
            "github_username": "-bad-",
            "website": "ftp://example.com",
            "skills_text": ",".join(f"skill {n}" for n in range(16)),
        },
        instance=member.profile,
    )
    assert not form.is_valid()
    assert form.errors["display_name"] == ["Enter the name other members will see."]
    assert "does not start or end with a hyphen" in form.errors["github_username"][0]
    assert form.errors["website"]
    assert form.errors["skills_text"] == ["List at most 15 skills; you listed 16."]


@pytest.mark.django_db
def test_profile_update_reuses_skills_case_insensitively(member):
    Skill.objects.create(name="Python")
    profile_update(
        member=member,
        skills=["python", "Rust"],
        now=datetime.now(UTC),
        display_name="Mia M",
        directory_opt_in=True,
    )
    member.profile.refresh_from_db()
    assert sorted(skill.name for skill in member.profile.skills.all()) == ["Python", "Rust"]
    assert Skill.objects.count() == 2
    assert member.profile.directory_opt_in


@pytest.mark.django_db
def test_profile_page_saves_and_says_so(member, client_for):
    client = client_for(member)
    response = client.post(
        reverse("members:profile_edit"),
        {
            "display_name": "Mia New",
            "skills_text": "Go, SQL",
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
