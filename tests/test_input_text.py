"""One rule for text input (hub.core.validation): no control or format character, line breaks
only where text has several lines. This walks every form, serializer and admin form of Hub's
apps, so a new one without the rule fails here, and checks the rule where people meet it."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from rest_framework import serializers

from hub.core.validation import (
    CleanTextFormMixin,
    CleanTextSerializerMixin,
    NoControlCharactersValidator,
    strict_id,
    text_problem,
)
from members.models import Idea

PACKAGES = ("hub", "members", "events", "ambassadors", "metrics")


def _our_modules():
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            parts = info.name.split(".")
            if "tests" in parts or "migrations" in parts or parts[-1] in {"wsgi", "asgi"}:
                continue
            yield importlib.import_module(info.name)


def _our_classes(base: type) -> list[type]:
    found = {}
    for module in _our_modules():
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, base) and value.__module__.split(".")[0] in PACKAGES:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


FORMS = _our_classes(forms.BaseForm)
SERIALIZERS = [
    serializer
    for serializer in _our_classes(serializers.BaseSerializer)
    if not serializer.__name__.endswith("OutputSerializer")
]


def test_the_walk_finds_the_forms_and_serializers_it_should():
    names = {cls.__name__ for cls in FORMS + SERIALIZERS}
    assert {"IdeaForm", "ProfileForm", "EventForm", "IdeaCreateInputSerializer"} <= names


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_form_checks_its_text(form_class):
    assert issubclass(form_class, CleanTextFormMixin), (
        f"{form_class.__module__}.{form_class.__name__} must mix in "
        "hub.core.validation.CleanTextFormMixin"
    )


def _text_fields(field, name=""):
    if isinstance(field, serializers.ListField | serializers.DictField):
        yield from _text_fields(field.child, name)
    elif isinstance(field, serializers.Serializer):
        for child_name, child in field.fields.items():
            yield from _text_fields(child, child_name)
    elif isinstance(field, serializers.CharField):
        yield name, field


@pytest.mark.parametrize(
    "serializer_class", SERIALIZERS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}"
)
def test_every_input_serializer_checks_its_text(serializer_class):
    assert issubclass(serializer_class, CleanTextSerializerMixin), (
        f"{serializer_class.__module__}.{serializer_class.__name__} must mix in "
        "hub.core.validation.CleanTextSerializerMixin (or, if it never reads input, be named "
        "…OutputSerializer)"
    )
    serializer = serializer_class()
    assert set(serializer_class.multiline_fields) <= set(serializer.fields)
    for name, field in _text_fields(serializer):
        rules = [v for v in field.validators if isinstance(v, NoControlCharactersValidator)]
        assert rules == [
            NoControlCharactersValidator(multiline=name in serializer.multiline_fields)
        ]


def test_every_admin_form_checks_its_text():
    unguarded = []
    for model, model_admin in admin.site._registry.items():
        if not issubclass(model_admin.form, CleanTextFormMixin):
            unguarded.append(model._meta.label)
        unguarded += [
            f"{model._meta.label} inline {inline.__name__}"
            for inline in model_admin.inlines
            if not issubclass(inline.form, CleanTextFormMixin)
        ]
    assert unguarded == []


# --- The rule itself ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "multiline", "refused"),
    [
        ("Plain words, accents é and emoji 🙂", False, False),
        ("\x00", False, True),
        ("\x00", True, True),
        ("\u0099", False, True),
        ("bidi \u202e override", True, True),
        ("zero\u200bwidth", False, True),
        ("\ufeffBOM", False, True),
        ("two\nlines", False, True),
        ("two\r\nlines\tand a tab", True, False),
        ("", False, False),
        (
            "Persian \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645, family 👨\u200d👩\u200d👧",
            False,
            False,
        ),
        ("Scotland 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", False, False),
        ("soft\u00adhyphen", False, True),
        ("\u2066isolate\u2069", True, True),
    ],
)
def test_the_rule(text, multiline, refused):
    assert (text_problem(text, multiline=multiline) is not None) is refused


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12", 12),
        ("²", None),
        ("\u0661\u0662", None),
        (" 12", None),
        ("12 ", None),
        ("+1", None),
        ("-1", None),
        ("0", None),
        ("1.0", None),
        ("9" * 19, None),
        (str(2**63 - 1), 2**63 - 1),
    ],
)
def test_ids_are_plain_ascii_digits_within_a_bigint(text, number):
    assert strict_id(text) == number


# --- Where people meet it -------------------------------------------------------------------


def test_an_idea_titled_only_u0099_is_refused_by_the_form(client_for, member):
    response = client_for(member).post(
        "/members/ideas/new/", {"title": "\u0099", "body": "Body text."}
    )
    assert response.status_code == 400
    assert "control character U+0099" in response.content.decode()
    assert not Idea.objects.exists()


def test_an_idea_titled_only_u0099_is_refused_by_the_api(client_for, member):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(member)
    response = client.post("/api/v1/ideas/", {"title": "\u0099", "body": "b"}, format="json")
    assert response.status_code == 400
    assert "U+0099" in response.json()["errors"]["title"][0]
    assert not Idea.objects.exists()


def test_line_breaks_are_kept_in_multi_line_text_and_refused_in_a_title(member):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(member)
    refused = client.post("/api/v1/ideas/", {"title": "a\nb", "body": "b"}, format="json")
    assert refused.status_code == 400
    assert "single line" in refused.json()["errors"]["title"][0]
    posted = client.post(
        "/api/v1/ideas/", {"title": "Two paragraphs", "body": "one\r\n\r\ntwo"}, format="json"
    )
    assert posted.status_code == 201
    assert Idea.objects.get().body == "one\r\n\r\ntwo"
