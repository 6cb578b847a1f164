"""API tokens: only the owner makes and revokes theirs, the key is shown once and never stored,
each change is audited and emailed to the owner, and managers cannot make or read tokens."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from hub.core.audit import audit_sentence
from hub.core.models import AuditEntry
from members.models import ApiToken
from members.services.tokens import MAX_TOKENS_PER_MEMBER
from members.tests.factories import api_key_for

pytestmark = pytest.mark.django_db

KEY = re.compile(r'id="new-token-key" type="text" readonly value="(hub_[0-9a-f]{64})"')


def _make(client, name="GitHub webhook"):
    return client.post("/members/account/tokens/", {"name": name})


def test_the_owner_makes_a_token_and_sees_its_key_once(client_for, member, client):
    owner = client_for(member)
    # When the member makes a token on their account page
    response = _make(owner, "GitHub webhook")
    # Then the page shows its key, once, and the key opens the API as them
    assert response.status_code == 201
    assert response["Cache-Control"].startswith("max-age=0")
    key = KEY.search(response.content.decode()).group(1)
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert me.json()["email"] == member.email
    # And the key is stored nowhere: only a digest and its first characters
    token = ApiToken.objects.get(user=member)
    assert token.name == "GitHub webhook"
    assert key.startswith(token.token_key)
    assert token.digest != key
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM members_apitoken")
        assert key not in repr(cursor.fetchall())
    # (knox's own table, which its migrations would make though the model is swapped, is not)
    assert "knox_authtoken" not in connection.introspection.table_names()
    # And the list shows the name, when it was made and last used, never the key again
    page = owner.get("/members/account/tokens/").content.decode()
    assert "GitHub webhook" in page
    assert key not in page
    assert ApiToken.objects.get(user=member).last_used_at is not None


def test_making_and_revoking_are_audited_and_emailed_to_the_owner(
    client_for, member, django_capture_on_commit_callbacks
):
    owner = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        _make(owner, "Laptop scripts")
    token = ApiToken.objects.get(user=member)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(f"/members/account/tokens/{token.token_key}/revoke/", follow=True)
    assert "The token “Laptop scripts” is revoked" in response.content.decode()
    assert not ApiToken.objects.filter(user=member).exists()
    sentences = [
        audit_sentence(entry)
        for entry in AuditEntry.objects.filter(action__startswith="api_token.").order_by("id")
    ]
    assert sentences == [
        "Mia Member made the API token “Laptop scripts” of Mia Member",
        "Mia Member revoked the API token “Laptop scripts” of Mia Member",
    ]
    assert [message.to for message in mail.outbox] == [[member.email], [member.email]]
    assert "“Laptop scripts”" in mail.outbox[0].body
    assert "http://" in mail.outbox[0].body  # an absolute link to the tokens page
    assert "revoked" in mail.outbox[1].body


def test_a_revoked_key_no_longer_opens_the_api(client_for, member, client):
    key = KEY.search(_make(client_for(member)).content.decode()).group(1)
    token = ApiToken.objects.get(user=member)
    client_for(member).post(f"/members/account/tokens/{token.token_key}/revoke/")
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401


def test_no_one_revokes_or_sees_another_members_token(client_for, member, other_member, manager):
    api_key_for(member, name="Mine")
    token = ApiToken.objects.get(user=member)
    for someone in (other_member, manager):
        client = client_for(someone)
        response = client.post(f"/members/account/tokens/{token.token_key}/revoke/")
        assert response.status_code == 404
        assert "Mine" not in client.get("/members/account/tokens/").content.decode()
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_managers_cannot_make_or_read_tokens_in_the_admin(client_for, manager):
    client = client_for(manager)
    for path in ("/admin/members/apitoken/", "/admin/authtoken/tokenproxy/", "/admin/knox/"):
        assert client.get(path).status_code == 404
    managers = Group.objects.get(name="Community managers")
    token_permissions = Permission.objects.filter(
        content_type__model__in=["apitoken", "token", "tokenproxy", "authtoken"]
    )
    assert not managers.permissions.filter(pk__in=token_permissions).exists()


def test_names_are_unique_per_owner_and_the_number_of_tokens_is_bounded(client_for, member):
    owner = client_for(member)
    _make(owner, "CI")
    again = _make(owner, "CI")
    assert again.status_code == 400
    assert "You already have a token named “CI”" in again.content.decode()
    for number in range(MAX_TOKENS_PER_MEMBER - 1):
        _make(owner, f"Token {number}")
    too_many = _make(owner, "One more")
    assert too_many.status_code == 400
    assert ApiToken.objects.filter(user=member).count() == MAX_TOKENS_PER_MEMBER


def test_a_name_with_control_characters_is_refused(client_for, member):
    response = _make(client_for(member), "CI\u202e")
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_operators_make_and_revoke_an_integration_accounts_token_by_command(
    member, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("api_token_create", member.email, "--name", "github")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert key.startswith("hub_")
    token = ApiToken.objects.get(user=member, name="github")
    entry = AuditEntry.objects.get(action="api_token.create")
    assert entry.actor_id is None
    assert audit_sentence(entry) == "The system made the API token “github” of Mia Member"
    assert "operators of Hub" in mail.outbox[0].body
    call_command("api_token_revoke", member.email, "--name", "github")
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    with pytest.raises(CommandError, match="No account uses"):
        call_command("api_token_create", "nobody@example.com", "--name", "x")


def test_a_bad_token_gets_a_json_401(client):
    response = client.get("/api/v1/", HTTP_AUTHORIZATION="Token hub_not-a-real-token")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token.", "code": "authentication_failed"}
