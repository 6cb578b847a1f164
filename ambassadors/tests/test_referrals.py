"""Referral codes and first-touch UTM capture through the real sign-up and email confirmation,
with the test client: the cookie, its 30 days, unknown and retired codes, the first touch kept,
the referral credited once on confirmation (not before), the same person twice."""

import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ambassadors.models import Ambassador, SignupAttribution
from ambassadors.services.applications import application_decide
from ambassadors.services.referrals import (
    COOKIE_NAME,
    referral_code_generate,
    referral_code_normalize,
)
from ambassadors.tests.factories import ApplicationFactory, tier
from members.models import Activity, User
from members.services.account import member_leave
from members.tests.factories import ManagerFactory, MemberFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-much-longer-passphrase-2026"


def make_ambassador(name: str, manager=None):
    member = MemberFactory(name=name)
    application_decide(
        application=ApplicationFactory(applicant=member),
        decision="approved",
        tier=tier(1),
        actor=manager or ManagerFactory(),
        now=timezone.now(),
    )
    return member, Ambassador.objects.get(member=member).referral_code


def sign_up(client, email: str, **extra):
    mail.outbox.clear()
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "display_name": "Referred Person",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **extra,
        },
    )


def confirm(client, email: str):
    message = next(m for m in mail.outbox if email in m.to)
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)
    return client.post(path)


def referrals_of(member) -> int:
    return Activity.objects.filter(member=member, kind="referral").count()


def test_a_share_link_signup_credits_the_ambassador_once_on_confirmation(client):
    # Given Olena, an ambassador, and a visitor who opens her share link with UTM parameters
    olena, code = make_ambassador("Olena Shevchenko")
    assert re.fullmatch(r"OLENA-[2-9A-HJKMNP-Z]{3}", code)
    landing = client.get(f"/join/?ref={code.lower()}&utm_source=telegram&utm_campaign=spring")
    assert landing.status_code == 200
    assert COOKIE_NAME in landing.cookies
    assert "Olena" not in landing.content.decode()  # she is not listed publicly

    # When the visitor signs up, answering how they heard about us
    sign_up(client, "newcomer@example.com", how_heard="An ambassador invited me")
    newcomer = User.objects.get(email="newcomer@example.com")

    # then the first touch and the answer are stored on them, and nothing is credited yet
    attribution = SignupAttribution.objects.get(member=newcomer)
    assert (attribution.referral_code, attribution.referrer) == (code, olena)
    assert (attribution.utm_source, attribution.utm_campaign) == ("telegram", "spring")
    assert attribution.landing_path == "/join/"
    assert attribution.how_heard == "An ambassador invited me"
    assert newcomer.profile.how_heard == "An ambassador invited me"
    assert referrals_of(olena) == 0

    # When they confirm their email
    confirm(client, "newcomer@example.com")
    # then Olena has one referral, and it shows in her referrals (dates only)
    assert referrals_of(olena) == 1
    attribution.refresh_from_db()
    assert attribution.referral_credited_at is not None
    page = client_for_member(olena).get(reverse("ambassadors:referrals")).content.decode()
    assert "newcomer" not in page
    assert "Joined (confirmed)</dt><dd>1</dd>" in page.replace("\n", "")

    # When the link is confirmed again, and the same person signs up again
    confirm(client, "newcomer@example.com")
    sign_up(client, "newcomer@example.com")
    # then nothing more is counted
    assert User.objects.filter(email="newcomer@example.com").count() == 1
    assert referrals_of(olena) == 1


def client_for_member(member):
    from django.test import Client

    client = Client()
    client.force_login(member)
    return client


def test_a_later_touch_never_replaces_the_first(client):
    olena, olena_code = make_ambassador("Olena")
    taras, taras_code = make_ambassador("Taras")
    client.get(f"/join/?ref={olena_code}")
    first_cookie = client.cookies[COOKIE_NAME].value
    # Any page accepts the parameters, but the first touch stays
    response = client.get(f"/events/?ref={taras_code}&utm_campaign=later")
    assert response.status_code == 200
    assert COOKIE_NAME not in response.cookies
    assert client.cookies[COOKIE_NAME].value == first_cookie
    sign_up(client, "first@example.com")
    confirm(client, "first@example.com")
    assert (referrals_of(olena), referrals_of(taras)) == (1, 0)
    assert SignupAttribution.objects.get(member__email="first@example.com").utm_campaign == ""


def test_utm_parameters_alone_are_kept_on_any_page(client):
    response = client.get("/ambassadors/?utm_source=newsletter&utm_medium=email&utm_term=django")
    assert COOKIE_NAME in response.cookies
    sign_up(client, "reader@example.com")
    attribution = SignupAttribution.objects.get(member__email="reader@example.com")
    assert (attribution.utm_source, attribution.utm_medium, attribution.utm_term) == (
        "newsletter",
        "email",
        "django",
    )
    assert attribution.referrer is None


@pytest.mark.parametrize(
    "ref", ["NOPE-2K7", "<script>alert(1)</script>", "a" * 500, "OLENA 7K2", "%00"]
)
def test_an_unknown_or_malformed_code_is_ignored_without_an_error(client, ref):
    make_ambassador("Olena")
    response = client.get("/join/", {"ref": ref})
    assert response.status_code == 200
    assert COOKIE_NAME not in response.cookies
    sign_up(client, "someone@example.com")
    confirm(client, "someone@example.com")
    attribution = SignupAttribution.objects.get(member__email="someone@example.com")
    assert (attribution.referral_code, attribution.referrer) == ("", None)
    assert not Activity.objects.filter(kind="referral").exists()


def test_a_retired_code_is_ignored(client):
    olena, code = make_ambassador("Olena")
    member_leave(member=olena, now=timezone.now())
    assert client.get(f"/join/?ref={code}").status_code == 200
    assert COOKIE_NAME not in client.cookies


def test_a_code_retired_between_visit_and_signup_is_not_credited(client):
    olena, code = make_ambassador("Olena")
    client.get(f"/join/?ref={code}&utm_source=meetup")
    member_leave(member=olena, now=timezone.now())
    sign_up(client, "late@example.com")
    attribution = SignupAttribution.objects.get(member__email="late@example.com")
    assert (attribution.referrer, attribution.utm_source) == (None, "meetup")


@pytest.mark.parametrize(("days", "credited"), [(29, True), (31, False)])
def test_the_first_touch_lasts_thirty_days(client, monkeypatch, days, credited):
    olena, code = make_ambassador("Olena")
    real_time = time.time
    # The visit happened `days` ago: the cookie's signature carries that timestamp.
    monkeypatch.setattr(
        "django.core.signing.time.time", lambda: real_time() - timedelta(days=days).total_seconds()
    )
    client.get(f"/join/?ref={code}")
    monkeypatch.setattr("django.core.signing.time.time", real_time)
    sign_up(client, "visitor@example.com")
    confirm(client, "visitor@example.com")
    assert referrals_of(olena) == (1 if credited else 0)


def test_a_forged_cookie_is_ignored(client):
    _, code = make_ambassador("Olena")
    client.cookies[COOKIE_NAME] = f'{{"ref": "{code}"}}'
    sign_up(client, "forger@example.com")
    assert SignupAttribution.objects.get(member__email="forger@example.com").referrer is None


def test_signed_in_members_get_no_cookie(client):
    _, code = make_ambassador("Olena")
    response = client_for_member(MemberFactory()).get(f"/join/?ref={code}")
    assert response.status_code == 200
    assert COOKIE_NAME not in response.cookies


def test_a_request_without_parameters_runs_no_query_for_attribution(
    client, django_assert_num_queries
):
    client.get("/ambassadors/")  # warm caches
    with django_assert_num_queries(2):  # the page's own (tiers, listed ambassadors), no more
        response = client.get("/ambassadors/")
    assert COOKIE_NAME not in response.cookies


def test_codes_are_readable_unique_and_normalised():
    olena = MemberFactory(name="Олена Шевченко")
    code = referral_code_generate(olena)
    assert re.fullmatch(r"HUB-[2-9A-HJKMNP-Z]{3}", code)  # no Latin letters in the name
    assert referral_code_generate(MemberFactory(name="Anna-Maria Koval")).startswith("ANNAMARI-")
    assert referral_code_normalize(" olena-7k2 ") == "OLENA-7K2"
    assert referral_code_normalize("OLENA_7K2") == ""


def test_the_join_form_posts_every_field_the_signup_asks_for(client):
    from allauth.account.forms import SignupForm

    page = client.get("/join/").content.decode()
    posted = set(re.findall(r'name="([a-z_0-9]+)"', page))
    required = {name for name, field in SignupForm().fields.items() if field.required}
    assert required <= posted
    assert "how_heard" in posted
