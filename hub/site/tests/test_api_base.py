"""The API's base: schema, docs, versioning, JSON errors, token authentication."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    document = schema.json()
    assert document["info"]["title"] == "Hub API"
    assert all(path.startswith("/api/v1/") for path in document["paths"])
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
    # the docs page loads its assets from this site, not a CDN
    assert b"cdn.jsdelivr" not in docs.content


def test_api_root_says_where_to_start(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response.json()["version"] == "v1"


def test_unknown_api_path_answers_json_not_html(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "Not found."


def test_schema_generates_without_warnings(tmp_path):
    # drf-spectacular warns when it has to guess a type; guessed schemas mislead integrators.
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").read_text().startswith("openapi:")
