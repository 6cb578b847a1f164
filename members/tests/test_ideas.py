"""Ideas and voting: posting (which records an idea activity), votes, status decisions."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hub.core.audit import audit_sentence
from hub.core.errors import DomainError
from hub.core.models import AuditEntry
from members.forms.ideas import IdeaForm, IdeaListFilterForm
from members.models import Activity, Idea, IdeaVote
from members.selectors.ideas import idea_get, idea_list
from members.services.ideas import idea_create, idea_status_set, idea_unvote, idea_vote
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


def post_idea(author, title="Quarterly challenges", now=NOW, **kwargs):
    return idea_create(
        author=author, title=title, body="A challenge every quarter.", now=now, **kwargs
    )


# --- services --------------------------------------------------------------------------------


def test_posting_an_idea_records_an_idea_activity(member):
    idea = post_idea(member)
    activity = Activity.objects.get(member=member)
    assert (activity.kind, activity.source, activity.external_id) == (
        "idea",
        "web",
        f"idea-{idea.pk}",
    )
    assert activity.points == 5
    assert activity.title == "Quarterly challenges"
    assert idea.status == Idea.Status.OPEN


def test_an_idea_needs_a_title_and_a_body(member):
    with pytest.raises(DomainError, match="title"):
        idea_create(author=member, title="  ", body="x", now=NOW)
    with pytest.raises(DomainError, match="Describe"):
        idea_create(author=member, title="x", body=" ", now=NOW)
    with pytest.raises(DomainError):
        idea_create(author=member, title="x" * 151, body="y", now=NOW)
    assert not Idea.objects.exists()
    assert not Activity.objects.exists()


def test_a_member_who_left_cannot_post_or_vote(member, other_member):
    idea = post_idea(other_member)
    member.left_at = NOW - timedelta(days=1)
    member.save(update_fields=["left_at"])
    with pytest.raises(DomainError, match="Only current members"):
        post_idea(member)
    with pytest.raises(DomainError, match="Only current members"):
        idea_vote(idea=idea, member=member, now=NOW)


def test_a_member_votes_once_and_can_take_it_back(member, other_member):
    idea = post_idea(other_member)
    idea_vote(idea=idea, member=member, now=NOW)
    with pytest.raises(DomainError, match="already voted"):
        idea_vote(idea=idea, member=member, now=NOW)
    assert IdeaVote.objects.count() == 1
    idea_unvote(idea=idea, member=member, now=NOW)
    assert IdeaVote.objects.count() == 0
    with pytest.raises(DomainError, match="not voted"):
        idea_unvote(idea=idea, member=member, now=NOW)


def test_decided_ideas_take_no_new_votes_but_votes_can_be_taken_back(member, other_member, manager):
    idea = post_idea(other_member)
    idea_vote(idea=idea, member=member, now=NOW)
    idea_status_set(idea=idea, status="declined", comment="Not now.", actor=manager, now=NOW)
    with pytest.raises(DomainError, match="Voting is closed for this idea: it is declined"):
        idea_vote(idea=idea, member=manager, now=NOW)
    idea_unvote(idea=idea, member=member, now=NOW)
    assert not IdeaVote.objects.exists()


def test_a_manager_sets_a_status_with_a_public_comment_and_an_audit_entry(member, manager):
    idea = post_idea(member)
    idea_status_set(idea=idea, status="planned", comment="Next quarter.", actor=manager, now=NOW)
    idea.refresh_from_db()
    assert (idea.status, idea.status_comment, idea.status_changed_at) == (
        "planned",
        "Next quarter.",
        NOW,
    )
    entry = AuditEntry.objects.get(action="idea.status")
    assert entry.actor == manager
    assert entry.data == {
        "from": "open",
        "to": "planned",
        "comment": "Next quarter.",
        "title": "Quarterly challenges",
    }


def test_a_status_needs_a_comment_and_a_known_status(member, manager):
    idea = post_idea(member)
    with pytest.raises(DomainError, match="comment"):
        idea_status_set(idea=idea, status="planned", comment=" ", actor=manager, now=NOW)
    with pytest.raises(DomainError, match="Choose one of the statuses"):
        idea_status_set(idea=idea, status="maybe", comment="x", actor=manager, now=NOW)
    idea.refresh_from_db()
    assert idea.status == "open"
    assert not AuditEntry.objects.filter(action="idea.status").exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_votes_end_with_one_vote(member, other_member):
    idea = post_idea(other_member)
    errors, barrier = [], threading.Barrier(2)

    def vote():
        try:
            barrier.wait()
            idea_vote(idea=idea, member=member, now=NOW)
        except DomainError as error:
            errors.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert IdeaVote.objects.filter(idea=idea, member=member).count() == 1
    assert errors == ["You have already voted for this idea."]


# --- selectors and forms ------------------------------------------------------------------------


def test_the_list_sorts_by_votes_or_newest_and_filters_by_status(member, other_member, manager):
    old = post_idea(member, "Old popular", now=NOW - timedelta(days=3))
    new = post_idea(member, "New quiet", now=NOW)
    planned = post_idea(member, "Planned one", now=NOW - timedelta(days=1))
    idea_vote(idea=old, member=other_member, now=NOW)
    idea_vote(idea=old, member=manager, now=NOW)
    idea_vote(idea=planned, member=other_member, now=NOW)
    idea_status_set(idea=planned, status="planned", comment="Yes.", actor=manager, now=NOW)

    by_votes = list(idea_list(viewer=other_member))
    assert [i.title for i in by_votes] == ["Old popular", "Planned one", "New quiet"]
    assert [i.vote_count for i in by_votes] == [2, 1, 0]
    assert [i.viewer_voted for i in by_votes] == [True, True, False]
    assert [i.title for i in idea_list(viewer=None, sort="newest")] == [
        "New quiet",
        "Planned one",
        "Old popular",
    ]
    assert [i.title for i in idea_list(viewer=None, status="planned")] == ["Planned one"]
    assert [i.pk for i in idea_list(viewer=None, status="nonsense", sort="nonsense")] == [
        old.pk,
        planned.pk,
        new.pk,
    ]
    assert idea_get(pk=old.pk, viewer=None).viewer_voted is False


def test_the_idea_form_tidies_and_requires_its_fields():
    form = IdeaForm({"title": "  Dark   mode ", "body": "  Please. "})
    assert form.is_valid()
    assert form.cleaned_data == {"title": "Dark mode", "body": "Please."}
    form = IdeaForm({"title": "   ", "body": ""})
    assert not form.is_valid()
    assert form.errors["body"] == ["Describe your idea in a few sentences."]


def test_bad_list_filters_fall_back_to_defaults():
    assert IdeaListFilterForm({"status": "bogus", "sort": "newest"}).values() == ("", "votes")
    assert IdeaListFilterForm({"status": "planned", "sort": "newest"}).values() == (
        "planned",
        "newest",
    )


# --- views -------------------------------------------------------------------------------------


def test_a_member_posts_an_idea_from_the_form(client_for, member):
    client = client_for(member)
    response = client.post(
        reverse("members:idea_create"), {"title": "Dark mode", "body": "Please."}
    )
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("members:idea_detail", args=[idea.pk])
    page = client.get(response.url).content.decode()
    assert "Your idea “Dark mode” is posted" in page
    assert Activity.objects.filter(member=member, kind="idea").exists()


def test_a_bad_idea_form_shows_errors_and_changes_nothing(client_for, member):
    response = client_for(member).post(reverse("members:idea_create"), {"title": "", "body": ""})
    assert response.status_code == 400
    assert "Give your idea a title." in response.content.decode()
    assert not Idea.objects.exists()


def test_vote_and_unvote_with_plain_form_posts(client_for, member, other_member):
    idea = post_idea(other_member, now=timezone.now())
    client = client_for(member)
    list_url = reverse("members:idea_list") + "?sort=newest"
    response = client.post(reverse("members:idea_vote", args=[idea.pk]), {"next": list_url})
    assert response.status_code == 302
    assert response.url == list_url
    page = client.get(list_url).content.decode()
    assert "You voted for “Quarterly challenges”." in page
    assert "Take back vote" in page
    assert "<strong>1</strong> vote" in page

    response = client.post(reverse("members:idea_vote", args=[idea.pk]))
    assert response.url == reverse("members:idea_detail", args=[idea.pk])
    assert "You have already voted for this idea." in client.get(response.url).content.decode()

    client.post(reverse("members:idea_unvote", args=[idea.pk]))
    page = client.get(reverse("members:idea_detail", args=[idea.pk])).content.decode()
    assert "You took back your vote" in page
    assert not IdeaVote.objects.exists()


def test_vote_redirects_only_to_this_site(client_for, member, other_member):
    idea = post_idea(other_member, now=timezone.now())
    response = client_for(member).post(
        reverse("members:idea_vote", args=[idea.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("members:idea_detail", args=[idea.pk])


def test_voting_on_a_missing_idea_is_404(client_for, member):
    assert client_for(member).post(reverse("members:idea_vote", args=[999])).status_code == 404


def test_a_manager_sets_the_status_from_the_idea_page(client_for, member, manager):
    idea = post_idea(member, now=timezone.now())
    client = client_for(manager)
    assert (
        "Set the status"
        in client.get(reverse("members:idea_detail", args=[idea.pk])).content.decode()
    )
    response = client.post(
        reverse("members:idea_status", args=[idea.pk]),
        {"status": "planned", "comment": "Next quarter."},
    )
    assert response.status_code == 302
    page = client_for(None).get(response.url).content.decode()
    assert "Next quarter." in page
    assert "Planned" in page
    assert "Set the status" not in page


def test_a_status_without_comment_is_refused_in_place(client_for, member, manager):
    idea = post_idea(member, now=timezone.now())
    response = client_for(manager).post(
        reverse("members:idea_status", args=[idea.pk]), {"status": "planned", "comment": ""}
    )
    assert response.status_code == 400
    assert "Write a short public comment" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == "open"


def test_the_list_filters_and_shows_an_empty_state(client, member):
    post_idea(member, now=timezone.now())
    page = client.get(reverse("members:idea_list") + "?status=completed").content.decode()
    assert "No idea is completed right now." in page
    assert "Log in to vote" in client.get(reverse("members:idea_list")).content.decode()


def test_the_idea_list_takes_a_fixed_number_of_queries(
    client_for, member, django_assert_max_num_queries
):
    client = client_for(member)

    def ideas(count):
        for index in range(count):
            author = MemberFactory()
            idea = post_idea(author, f"Idea {index}", now=timezone.now())
            idea_vote(idea=idea, member=member, now=timezone.now())

    ideas(3)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("members:idea_list"))
    ideas(17)  # 20 on the page
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("members:idea_list"))
    assert response.content.decode().count("Take back vote") == 20


def test_admin_status_action_sets_status_with_comment_and_audits(client_for, member, manager):
    idea = post_idea(member, now=timezone.now())
    client = client_for(manager)
    url = reverse("admin:members_idea_changelist")
    form = client.post(url, {"action": "set_status", "_selected_action": [idea.pk]})
    assert form.status_code == 200
    assert "Set the status of these ideas" in form.content.decode()
    response = client.post(
        url,
        {
            "action": "set_status",
            "_selected_action": [idea.pk],
            "apply": "1",
            "status": "started",
            "comment": "Work has begun.",
        },
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.status_comment) == ("started", "Work has begun.")
    assert AuditEntry.objects.filter(action="idea.status", actor=manager).exists()


def test_admin_change_form_goes_through_the_service(client_for, member, manager):
    idea = post_idea(member, now=timezone.now())
    response = client_for(manager).post(
        reverse("admin:members_idea_change", args=[idea.pk]),
        {"status": "completed", "status_comment": "Shipped."},
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == "completed"
    assert AuditEntry.objects.filter(action="idea.status", actor=manager).exists()


def test_deleting_an_idea_in_the_admin_takes_its_votes_and_points_with_an_audit_entry(
    client_for, member, other_member, manager
):
    # Given a posted idea (which recorded an idea activity) with a vote
    idea = post_idea(member, now=timezone.now())
    idea_vote(idea=idea, member=other_member, now=timezone.now())
    assert Activity.objects.filter(member=member, kind="idea").count() == 1
    # When a manager deletes it as spam in the admin
    response = client_for(manager).post(
        reverse("admin:members_idea_delete", args=[idea.pk]), {"post": "yes"}
    )
    # Then the idea, its vote and its activity are gone, and both deletions are audited
    assert response.status_code == 302
    assert not Idea.objects.filter(pk=idea.pk).exists()
    assert not IdeaVote.objects.exists()
    assert not Activity.objects.filter(member=member, kind="idea").exists()
    deleted = AuditEntry.objects.get(action="idea.delete")
    assert (deleted.actor, deleted.subject) == (manager, member)
    assert audit_sentence(deleted) == (
        f"Marta Manager deleted the idea “{idea.title}” of Mia Member with its 1 vote"
    )
    assert AuditEntry.objects.get(action="activity.remove").data["reason"] == (
        "Its idea was deleted."
    )
