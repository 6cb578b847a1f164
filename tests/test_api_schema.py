"""The whole API against its own OpenAPI schema: schemathesis with every check (`--checks all`)
over every operation of every app, as a member and as a community manager, finds no failure.

One check is refined, not dropped: `positive_data_acceptance` fails any 400 to a request the
schema calls valid. The schema states shapes (types, lengths, patterns, enums, pages); it cannot
state the community's rules (a date before the member joined, one open application at a time)
nor rules across fields (from before to). So a schema-valid request may be refused with 400 only
by such a rule: a DomainError (its own message, no field errors) or a non-field error. A field
refused as malformed, or a body that does not parse, means the schema lies, and fails here.

It runs on PostgreSQL (CI step 5), where text with NUL or out-of-range numbers would fail in the
database. The run is bounded and repeatable: a fixed seed, a few examples per operation, and the
API's throttles raised for it (a few hundred calls a minute would otherwise answer 429, which
the schema documents but which would hide every other answer). The WSGI application is called
in-process inside the test's transaction, so Django must not close the connection at the end of
each request as it does for a server.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.provisional import urls
from schemathesis.checks import positive_data_acceptance

from events.tests.factories import EventFactory, UserGroupFactory
from members.services.ideas import idea_create
from members.tests.factories import ManagerFactory, MemberFactory, api_key_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# What `format: email` and `format: uri` mean here: the addresses Django's validators take
# (a domain with a real top-level domain, a web address), narrower than the formats' RFCs.
schemathesis.openapi.format("email", st.emails())
schemathesis.openapi.format("uri", urls())

SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
EXAMPLES_PER_OPERATION = 8


@pytest.fixture(params=["member", "manager"])
def api_caller(request, monkeypatch):
    """A member's or a manager's token, with something to find: a group, an event, an idea."""
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        dict.fromkeys(SimpleRateThrottle.THROTTLE_RATES, "100000/minute"),
    )
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    now = timezone.now()
    factory = ManagerFactory if request.param == "manager" else MemberFactory
    caller = factory(email=f"fuzz-{request.param}@example.com", name="Fuzz Caller")
    group = UserGroupFactory(slug="fuzzers", leader=caller)
    EventFactory(group=group, starts_at=now + timezone.timedelta(days=3))
    idea_create(author=caller, title="Fuzzed", body="b", now=now)
    yield request.param, api_key_for(caller)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def schema_valid_input_is_refused_only_by_a_domain_rule(ctx, response, case):
    """positive_data_acceptance, refined as the module's docstring says."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    if response.status_code in {400, 422}:
        try:
            body = response.json()
        except ValueError:
            body = {}
        malformed = set(body.get("errors") or {}) - {"non_field_errors"}
        refused_as_malformed = body.get("code") in {None, "parse_error"} or bool(malformed)
        assert not refused_as_malformed, f"Schema-valid input refused as malformed: {response.text}"
    return None


@SCHEMA.parametrize()
@seed(20261122)
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema_for_every_operation(case, api_caller):
    role, key = api_caller
    response = case.call_and_validate(
        headers={"Authorization": f"Token {key}"},
        excluded_checks=[positive_data_acceptance],
        additional_checks=[schema_valid_input_is_refused_only_by_a_domain_rule],
    )
    # A valid token is never refused as unauthenticated.
    assert response.status_code != 401, (role, case.method, case.path, response.text)
