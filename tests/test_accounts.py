"""Accounts through the Django test client: sign-up, email verification, login, logout,
password reset and change, email change, and the rate limits."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from members.models import TierMembership, User
from members.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-much-longer-passphrase-2026"


def confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, f"no confirmation link in: {message.body}"
    return match.group(1)


def test_sign_up_verify_log_in_and_out(client):
    # Given a visitor who signs up
    response = client.post(
        reverse("account_signup"),
        {
            "email": "Newcomer@Example.com",
            "display_name": "  Nadia   Newcomer ",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="newcomer@example.com")
    # the name they gave is on their profile already
    assert user.profile.display_name == "Nadia Newcomer"
    # then they are not a member yet and get one email with a confirmation link
    assert user.joined_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["newcomer@example.com"]
    link = confirmation_link(mail.outbox[0])

    # When they open the link, the page asks them to confirm with a button (no change on GET)
    page = client.get(link)
    assert page.status_code == 200
    assert b"Confirm" in page.content
    assert not EmailAddress.objects.get(user=user).verified
    # and when they press it
    confirmed = client.post(link)

    # then they are logged in at once, on their dashboard
    assert confirmed.status_code == 302
    assert confirmed.url == reverse("members:dashboard")
    assert client.get(reverse("members:dashboard")).status_code == 200
    client.post(reverse("account_logout"))

    # then the email is verified, they have joined and they start as Contributors
    user.refresh_from_db()
    assert EmailAddress.objects.get(user=user).verified
    assert user.joined_at is not None
    current = TierMembership.objects.get(member=user, ended_at__isnull=True)
    assert current.tier.name == "Contributors"

    # When they log in they land on their dashboard
    response = client.post(
        reverse("account_login"), {"login": "newcomer@example.com", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("members:dashboard")
    assert client.get(reverse("members:dashboard")).status_code == 200

    # and logging out takes them home, logged out
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("members:dashboard")).status_code == 302


def test_login_with_unverified_email_is_refused_with_what_to_do(client):
    # Given an account whose email is not verified
    user = UserFactory(email="pending@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    # When they try to log in
    response = client.post(
        reverse("account_login"),
        {"login": "pending@example.com", "password": TEST_PASSWORD},
        follow=True,
    )
    # then they are not logged in, are told why and what to do, and get a fresh link
    assert not response.context["user"].is_authenticated
    text = response.content.decode()
    assert "your email address is not confirmed" in text
    assert "new confirmation link" in text
    assert len(mail.outbox) == 1
    assert client.get(reverse("members:dashboard")).status_code == 302


def test_wrong_password_says_so_and_logs_nobody_in(client, member):
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": "wrong-password"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_password_reset_does_not_reveal_whether_an_email_is_registered(client, member):
    # When a reset is asked for a registered and an unknown address
    known = client.post(reverse("account_reset_password"), {"email": member.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    # then both answers are the same
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    # and only the registered member gets a reset link
    reset_mail = [m for m in mail.outbox if member.email in m.to]
    assert len(reset_mail) == 1
    assert "/accounts/password/reset/key/" in reset_mail[0].body
    unknown_mail = [m for m in mail.outbox if "nobody@example.com" in m.to]
    assert all("/accounts/password/reset/key/" not in m.body for m in unknown_mail)


def test_password_reset_with_the_link_sets_a_new_password(client, member):
    client.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_password_change_needs_the_old_password(client_for, member):
    client = client_for(member)
    bad = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert bad.status_code == 200
    member.refresh_from_db()
    assert member.check_password(TEST_PASSWORD)
    good = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert good.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_email_change_sends_a_verification_to_the_new_address(client_for, member):
    client = client_for(member)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "new-address@example.com"}
    )
    assert response.status_code == 302
    assert any("new-address@example.com" in m.to for m in mail.outbox)
    assert not EmailAddress.objects.get(email="new-address@example.com").verified


def test_repeated_failed_logins_are_rate_limited(client, member, settings):
    # Given allauth's own default limits (the test set-up turns them off elsewhere)
    del settings.ACCOUNT_RATE_LIMITS
    # When someone keeps guessing a member's password
    for _ in range(6):
        response = client.post(
            reverse("account_login"), {"login": member.email, "password": "guess"}
        )
    # then they are told to wait, even with the right password now
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": TEST_PASSWORD}
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_the_admin_console_signs_in_through_the_rate_limited_login(client, manager, settings):
    # Given allauth's own default limits (the test set-up turns them off elsewhere)
    del settings.ACCOUNT_RATE_LIMITS
    # When someone opens the admin console's login page
    response = client.get("/admin/login/?next=/admin/")
    # Then they are sent to the site's login, which will bring them back to the console
    assert response.status_code == 302
    login_page = response["Location"]
    assert login_page == reverse("account_login") + "?next=/admin/"
    # And the console's own address takes no password at all
    refused = client.post("/admin/login/", {"username": manager.email, "password": TEST_PASSWORD})
    assert refused.status_code == 405
    # When they guess a manager's password 30 times there
    for _ in range(30):
        client.post(login_page, {"login": manager.email, "password": "guess"})
    # Then the right password is refused too: the login is rate-limited
    response = client.post(login_page, {"login": manager.email, "password": TEST_PASSWORD})
    assert response.status_code == 429 or "Too many failed login attempts" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_manager_who_signed_in_goes_from_the_admin_login_to_the_console(client_for, manager):
    response = client_for(manager).get("/admin/login/?next=/admin/members/user/")
    assert response["Location"] == "/admin/members/user/"


def test_the_admin_login_ignores_a_next_that_leaves_the_site(client_for, manager):
    response = client_for(manager).get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/admin/"


def test_the_login_form_speaks_the_site_s_words(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "Keep me logged in on this device" in page
    assert "Remember Me" not in page


def test_the_pages_after_join_speak_the_site_s_words(client):
    # Given a visitor who joins
    sent = client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.com",
            "display_name": "Nadia Newcomer",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        follow=True,
    ).content.decode()
    # then the page says what to do next in Hub's words, not allauth's
    assert "Check your email" in sent
    assert "you are then a member of Hub and logged in" in sent
    assert "finalize the signup process" not in sent
    assert "Verify Your Email Address" not in sent
    # and the email's subject is in the same words
    assert mail.outbox[0].subject == "[Hub] Confirm your email address"
    # When they open the link
    page = client.get(confirmation_link(mail.outbox[0])).content.decode()
    # then the page says what pressing Confirm does, not "an email address for user"
    assert "Confirm your email address" in page
    assert "is the email address of your Hub account, Nadia Newcomer" in page
    assert "for user" not in page


def test_a_dead_confirmation_link_says_how_to_get_a_new_one(client):
    # When a visitor opens a confirmation link that expired or was already used
    page = client.get(reverse("account_confirm_email", args=["expired-key"])).content.decode()
    # then the page says so and sends them to log in, which mails a new link (test above),
    # not to the email page that a visitor cannot open
    assert "This link has expired or has already been used." in page
    assert f'href="{reverse("account_login")}"' in page
    assert "issue a new email confirmation request" not in page


def test_the_password_pages_speak_the_site_s_words(client):
    forgot = client.get(reverse("account_reset_password")).content.decode()
    assert "Forgot your password?" in forgot
    assert "Email me a link" in forgot
    assert "contact us" not in forgot.lower()
    dead = client.get("/accounts/password/reset/key/1-not-a-key/", follow=True).content.decode()
    assert "This link no longer works" in dead
    assert "Bad Token" not in dead


def test_changing_the_password_speaks_the_site_s_words(client_for, member):
    page = client_for(member).get(reverse("account_change_password")).content.decode()
    assert "Change your password" in page
    assert "Save the new password" in page
