"""The account emails (allauth) name the site and greet the member by their name, not
"Hello from 127.0.0.1:8000"."""

import pytest
from django.core import mail

from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_the_confirmation_email_names_the_site_and_has_the_link(client, settings):
    settings.SITE_URL = "https://hub.example.org"
    client.post(
        "/accounts/signup/",
        {
            "email": "nina@example.com",
            "display_name": "Nina Newcomer",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
        },
    )
    (email,) = mail.outbox
    assert email.subject.startswith("[Hub] ")
    assert email.body.startswith("Hello Nina Newcomer,")
    assert "/accounts/confirm-email/" in email.body
    assert "— Hub, the community of Bakhmach Business Hub\nhttps://hub.example.org" in email.body
    assert "Hello from" not in email.body
    assert "testserver" not in email.body.split("http")[0]


def test_the_password_reset_email_greets_the_member_by_name(client):
    MemberFactory(email="mia@example.com", name="Mia Member")
    client.post("/accounts/password/reset/", {"email": "mia@example.com"})
    (email,) = mail.outbox
    assert email.body.startswith("Hello Mia Member,")
    assert "/accounts/password/reset/key/" in email.body
    assert "Hello from" not in email.body


def test_development_prints_email_through_the_separating_console_backend():
    from hub import settings as hub_settings

    assert hub_settings.EMAIL_BACKEND == "hub.core.mail.ConsoleEmailBackend"
