"""Probes so that a class of defect cannot come back: every API write and every form of the
apps, fed hostile input by hypothesis (NUL and other control characters, 10,000-character
strings, malformed dates, negative and huge numbers), answers a 4xx with a message (a form: is
invalid, with a message) and changes no row.

Nothing here lists the endpoints or the forms: the API writes come from the OpenAPI schema and
the forms from a walk of the apps' modules (tests/test_input_text.py), so a new one is probed
from the day it exists.
"""

import inspect
from datetime import timedelta

import pytest
from django import forms
from django.apps import apps
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from events.tests.factories import EventFactory, UserGroupFactory
from members.services.ideas import idea_create
from members.tests.factories import ManagerFactory, MemberFactory
from tests.test_input_text import FORMS

pytestmark = pytest.mark.django_db

APPS = ("members", "events", "ambassadors", "metrics", "hub_core", "hub_site", "knox")
WRITES = ("post", "put", "patch", "delete")

# --- Hostile values -----------------------------------------------------------------------

CONTROL = st.sampled_from(["\x00", "\x01", "\x1b", "\x7f", "\u0085", "\u0099", "\u202e", "\ufeff"])
HOSTILE_TEXT = st.one_of(
    st.builds(lambda a, c, b: a + c + b, st.text(max_size=5), CONTROL, st.text(max_size=5)),
    st.just("x" * 10_000),
    st.just("\x00" * 50),
)
MALFORMED_DATES = st.sampled_from(
    ["2026-02-30", "0000-00-00", "31/12/2026", "2026-13-01T25:61:00", "9999-99-99", "yesterday"]
)
HOSTILE_NUMBERS = st.sampled_from([-1, -(2**63), 2**63, 2**80, 10**30, -0.5, 1e308])


def hostile(schema: dict, components: dict):
    """A strategy of hostile values for a property of this JSON schema."""
    if "$ref" in schema:
        return hostile(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    for combined in ("oneOf", "anyOf", "allOf"):
        if combined in schema:
            return hostile(schema[combined][0], components)
    kind = schema.get("type", "string")
    if kind in {"integer", "number"}:
        return HOSTILE_NUMBERS
    if kind == "array":
        return st.lists(hostile(schema.get("items", {}), components), min_size=1, max_size=3)
    if kind == "boolean":
        return st.sampled_from(["\x00", 2**80, "x" * 10_000])
    if schema.get("format") in {"date", "date-time"}:
        return st.one_of(MALFORMED_DATES, HOSTILE_TEXT)
    return st.one_of(HOSTILE_TEXT, MALFORMED_DATES, HOSTILE_NUMBERS)


HOSTILE_IDS = st.sampled_from(["0", "-1", str(2**63), "9" * 40, "1.5", "%C2%B2", "%00"])
HOSTILE_SLUGS = st.sampled_from(["%00", "x" * 10_000, "a%0Ab", "%E2%80%AE"])


def rows_now() -> dict[str, int]:
    """How many rows each model of Hub's apps holds (every write would change one)."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in APPS and not model._meta.swapped
    }


# --- The API writes ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def api_schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def _write_operations():
    from django.test import Client

    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    return sorted(
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in WRITES
    )


WRITE_OPERATIONS = _write_operations()


@pytest.fixture
def callers():
    now = timezone.now()
    member = MemberFactory(email="fuzz-member@example.com", name="Fuzz Member")
    manager = ManagerFactory(email="fuzz-manager@example.com", name="Fuzz Manager")
    group = UserGroupFactory(slug="fuzzers", leader=member)
    EventFactory(group=group, starts_at=now + timedelta(days=3))
    idea_create(author=member, title="Fuzzed", body="b", now=now)
    return {"member": member, "manager": manager}


def test_the_probe_finds_the_api_writes():
    assert ("post", "/api/v1/ideas/") in WRITE_OPERATIONS
    assert ("patch", "/api/v1/me/") in WRITE_OPERATIONS


@pytest.mark.parametrize("role", ["member", "manager"])
@pytest.mark.parametrize(("method", "path"), WRITE_OPERATIONS, ids=lambda v: v)
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_every_api_write_refuses_hostile_input_and_changes_nothing(
    api_schema, callers, role, method, path, data
):
    operation = api_schema["paths"][path][method]
    components = api_schema["components"]["schemas"]
    url = path
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            ids = parameter["schema"].get("type") == "integer"
            value = data.draw(HOSTILE_IDS if ids else HOSTILE_SLUGS, label=parameter["name"])
            url = url.replace("{" + parameter["name"] + "}", value)
    body = None
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content:
        reference = content["schema"]["$ref"].rsplit("/", 1)[-1]
        properties = components[reference].get("properties", {})
        body = {
            name: data.draw(hostile(schema, components), label=name)
            for name, schema in properties.items()
        }
    elif "{" not in path:
        pytest.skip("no input to make hostile")
    client = APIClient()
    client.force_authenticate(callers[role])
    before = rows_now()
    response = getattr(client, method)(url, body, format="json")
    assert 400 <= response.status_code < 500, (method, url, body, response.content[:300])
    assert response.json()["detail"], response.content[:300]
    assert rows_now() == before


# --- The forms -------------------------------------------------------------------------------


def _keyword_values(now, member):
    """What a form's constructor may ask for besides its data, by name."""
    return {
        "now": now,
        "user": member,
        "member": member,
        "actor": member,
        "owner": member,
        "event": None,
        "group": None,
        "instance": None,
        "by_email": True,
    }


def _build(form_class, data, *, now, member):
    meta = getattr(form_class, "_meta", None)
    if meta is not None and getattr(meta, "model", True) is None:
        return None  # an abstract base of model forms
    values = _keyword_values(now, member)
    keywords = {}
    for name, parameter in inspect.signature(form_class.__init__).parameters.items():
        if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
            if name not in values:
                return None
            keywords[name] = values[name]
    try:
        return form_class(data, **keywords)
    except TypeError:
        return None


def _hostile_form_data(form, draw) -> dict:
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.BooleanField):
            continue  # a checkbox: any value sent means "ticked", as browsers send it
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            data[name] = str(draw(HOSTILE_NUMBERS))
        elif isinstance(field, forms.DateField | forms.DateTimeField):
            data[name] = draw(MALFORMED_DATES)
        else:
            data[name] = draw(HOSTILE_TEXT)
    return data


def test_the_probe_builds_most_forms(member):
    built = [
        form_class
        for form_class in FORMS
        if _build(form_class, {}, now=timezone.now(), member=member) is not None
    ]
    # Forms that need an object the probe cannot guess (an admin's ModelForm of a given row)
    # are left to their own tests; the site's forms are all built.
    assert len(built) >= len(FORMS) * 3 // 4, sorted(set(FORMS) - set(built), key=str)


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
@settings(max_examples=4, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_form_refuses_hostile_input_with_a_message(form_class, member, data):
    now = timezone.now()
    empty = _build(form_class, {}, now=now, member=member)
    if empty is None:
        pytest.skip("needs an object the probe cannot guess")
    hostile_data = _hostile_form_data(empty, data.draw)
    if not hostile_data:
        pytest.skip("no field to make hostile")
    before = rows_now()
    form = _build(form_class, hostile_data, now=now, member=member)
    assert not form.is_valid(), hostile_data
    assert all(str(message) for messages in form.errors.values() for message in messages)
    assert rows_now() == before
