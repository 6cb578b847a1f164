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


@pytest.fixture
def schema(client):
    return client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_list_is_documented_as_the_page_it_returns(schema):
    components = schema["components"]["schemas"]
    arrays = []
    for path, method, operation in _operations(schema):
        content = operation["responses"].get("200", {}).get("content", {})
        body = content.get("application/json", {}).get("schema", {})
        if body.get("type") == "array":
            arrays.append(f"{method.upper()} {path}")
        reference = body.get("$ref", "")
        if "results" in components.get(reference.rsplit("/", 1)[-1], {}).get("properties", {}):
            page = next(p for p in operation["parameters"] if p["name"] == "page")
            assert page["schema"] == {"type": "integer", "minimum": 1}
    assert arrays == []


def test_every_operation_documents_its_errors_in_the_one_shape(schema):
    error = {"$ref": "#/components/schemas/Error"}
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        for code in ("401", "403", "429", "503"):
            assert responses[code]["content"]["application/json"]["schema"] == error, (path, code)
        assert "Retry-After" in responses["429"]["headers"]
        if "{" in path or method != "get":
            assert "404" in responses, (method, path)
        if method != "get":
            assert {"400", "409"} <= set(responses), (method, path)
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail", "code"]


def test_text_fields_state_the_input_rule_and_addresses_are_never_empty_strings(schema):
    idea = schema["components"]["schemas"]["IdeaCreateInputRequest"]["properties"]
    assert idea["title"]["pattern"].startswith("^[^\\u0000-\\u001f")
    assert "\\u000a" not in idea["body"]["pattern"]  # line breaks are allowed in the body
    event = schema["components"]["schemas"]["EventOutput"]["properties"]
    assert event["recording_url"]["nullable"] is True


def test_a_page_that_is_not_a_number_is_a_400_and_one_past_the_end_a_404(client):
    assert client.get("/api/v1/events/?page=abc").status_code == 400
    assert client.get("/api/v1/events/?page=").status_code == 400
    assert client.get("/api/v1/events/?page=0").status_code == 400
    assert client.get("/api/v1/events/?page=2").status_code == 404
    assert client.get("/api/v1/events/?page=" + "9" * 40).status_code == 404


def test_an_empty_filter_is_refused_like_a_wrong_one(client):
    response = client.get("/api/v1/events/?kind=")
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


def test_the_api_reads_json_only_with_the_types_the_schema_says(member):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(member)
    form = client.post("/api/v1/ideas/", {"title": "t", "body": "b"}, format="multipart")
    assert form.status_code == 415
    number_for_text = client.post("/api/v1/ideas/", {"title": 12, "body": "b"}, format="json")
    assert number_for_text.status_code == 400
    assert "title" in number_for_text.json()["errors"]
    text_for_boolean = client.patch("/api/v1/me/", {"directory_opt_in": "yes"}, format="json")
    assert text_for_boolean.status_code == 400
