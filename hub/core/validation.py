"""What every input path of Hub checks the same way: text free of control characters, and ids
parsed strictly.

One rule for text, used by every form (`CleanTextFormMixin`), every API serializer
(`CleanTextSerializerMixin`) and every import (`text_problem`): no character of Unicode's
categories Cc (controls, NUL and U+0080-U+009F included) or Cf (format characters: bidirectional
overrides, zero-width space, the byte order mark, soft hyphen...), except that multi-line text
may hold tab, line feed and carriage return. Such characters are invisible or reorder what a
reader sees, break calendar files and CSV exports, and PostgreSQL refuses NUL outright.

Two Cf characters are part of ordinary writing and stay allowed: the zero-width non-joiner and
joiner (U+200C, U+200D), which Persian, Arabic and Indic spellings and emoji sequences need.

The rule is a regular expression, so the API schema states it (`pattern`) and a client or a
generator of test data can keep to it. JSON Schema's patterns are ECMAScript's, which can name
only characters of the Basic Multilingual Plane in a class, so the rule covers that plane. The
Cf characters beyond it are controls of historic scripts and of musical notation, and the tag
characters of flag emoji (Scotland's), none of them a hazard.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.http import QueryDict
from django.utils.deconstruct import deconstructible
from django.utils.http import url_has_allowed_host_and_scheme
from rest_framework import serializers

#: Allowed in multi-line text only.
MULTILINE_WHITESPACE = frozenset("\t\n\r")
CONTROL_CATEGORIES = frozenset({"Cc", "Cf"})
#: Format characters of ordinary writing (see the module's docstring).
WRITING_FORMAT_CHARACTERS = frozenset([0x200C, 0x200D])

#: The largest id a PostgreSQL bigint holds; a longer number cannot name a row.
MAX_ID = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")


def _refused_code_points() -> list[int]:
    """The Basic Multilingual Plane's Cc and Cf characters, but those of ordinary writing."""
    return [
        point
        for point in range(0x10000)
        if unicodedata.category(chr(point)) in CONTROL_CATEGORIES
        and point not in WRITING_FORMAT_CHARACTERS
    ]


def _escape(point: int) -> str:
    return f"\\u{point:04x}"


def _character_class(points: list[int]) -> str:
    """The code points as a regular expression class body, in ranges."""
    ranges: list[list[int]] = []
    for point in points:
        if ranges and point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return "".join(
        _escape(first) if first == last else f"{_escape(first)}-{_escape(last)}"
        for first, last in ranges
    )


_REFUSED = _refused_code_points()
_REFUSED_IN_ONE_LINE = _character_class(_REFUSED)
_REFUSED_IN_LINES = _character_class([p for p in _REFUSED if chr(p) not in MULTILINE_WHITESPACE])
#: Text that keeps the rule, on one line and on several.
ONE_LINE_TEXT = re.compile(rf"\A[^{_REFUSED_IN_ONE_LINE}]*\Z")
LINES_OF_TEXT = re.compile(rf"\A[^{_REFUSED_IN_LINES}]*\Z")
_FIRST_REFUSED = {
    False: re.compile(f"[{_REFUSED_IN_ONE_LINE}]"),
    True: re.compile(f"[{_REFUSED_IN_LINES}]"),
}


def control_character_find(text: str, *, multiline: bool = False) -> str | None:
    """The first character of `text` the rule refuses, or None."""
    found = _FIRST_REFUSED[multiline].search(text)
    return found.group() if found else None


def control_characters_strip(text: str, *, multiline: bool = False) -> str:
    """`text` made safe for a line-based format (iCalendar, a header): line breaks become "\n"
    (or a space on one line), every other refused character goes; for data saved before the
    rule, or written by a path that does not check."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return _FIRST_REFUSED[multiline].sub("", text)


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why `text` is refused, as a sentence for the person who typed it, or None."""
    character = control_character_find(text, multiline=multiline)
    if character is None:
        return None
    if character in MULTILINE_WHITESPACE:
        return "Use a single line here: remove the line break or tab."
    return (
        f"Remove the invisible control character U+{ord(character):04X}; "
        "it may have come with copied text."
    )


@deconstructible
class NoControlCharactersValidator(RegexValidator):
    """The one validator of text input (see the module's docstring). A RegexValidator, so
    drf-spectacular writes its pattern into the schema; the message names the character."""

    code = "control_characters"

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline
        super().__init__(regex=LINES_OF_TEXT if multiline else ONE_LINE_TEXT, code=self.code)

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        problem = text_problem(value, multiline=self.multiline)
        if problem:
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, NoControlCharactersValidator) and (
            self.multiline == other.multiline
        )

    def __hash__(self) -> int:
        return hash((type(self), self.multiline))


def _guard(field, *, multiline: bool) -> None:
    if not any(isinstance(v, NoControlCharactersValidator) for v in field.validators):
        field.validators.append(NoControlCharactersValidator(multiline=multiline))


def form_field_guard(field: forms.Field) -> None:
    """Give a form's text field the validator; a textarea allows line breaks and tabs. A
    password is left alone: it is never shown, and refusing one would lock its owner out."""
    if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
        _guard(field, multiline=isinstance(field.widget, forms.Textarea))


def form_class_guarded(form_class: type) -> type:
    """`form_class` itself when it mixes in `CleanTextFormMixin`, else a subclass that does
    (for the admin's generated model forms)."""
    if issubclass(form_class, CleanTextFormMixin):
        return form_class
    return type(f"Clean{form_class.__name__}", (CleanTextFormMixin, form_class), {})


class CleanTextFormMixin:
    """Mix into every form (before `forms.Form`/`forms.ModelForm`): each text field of the
    form gets the validator, generated model-form fields too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            form_field_guard(field)


def serializer_field_guard(field, *, multiline: bool) -> None:
    """Give a serializer's text field (and a list's text items) the validator."""
    if isinstance(field, serializers.ListField | serializers.DictField):
        serializer_field_guard(field.child, multiline=multiline)
    elif isinstance(field, serializers.CharField):
        _guard(field, multiline=multiline)


def _json_types(field) -> tuple[type, ...] | None:
    """The JSON types the schema gives `field` (None: no check here, DRF's own is exact)."""
    if isinstance(field, serializers.BooleanField):
        return (bool,)
    if isinstance(field, serializers.IntegerField):
        return (int,)
    if isinstance(field, serializers.FloatField) or (
        isinstance(field, serializers.DecimalField) and not field.coerce_to_string
    ):
        return (int, float)
    if isinstance(field, serializers.ChoiceField):
        return None
    if isinstance(field, serializers.CharField | serializers.DateTimeField):
        return (str,)
    if isinstance(field, serializers.DateField | serializers.DecimalField):
        return (str,)
    return None


def json_type_wrong(field, value) -> bool:
    """True for a JSON value of another type than the schema says, which DRF would quietly
    convert (12 for "12", "true" or 1 for true, "3" for 3)."""
    if isinstance(field, serializers.ListField):
        return isinstance(value, list) and any(json_type_wrong(field.child, v) for v in value)
    types = _json_types(field)
    if types is None or (value is None and field.allow_null):
        return False
    if bool not in types and isinstance(value, bool):
        return True
    return not isinstance(value, types)


class CleanTextSerializerMixin:
    """Mix into every input serializer (before `serializers.Serializer`): each text field gets
    the validator; a JSON body's values must have the type the schema says (DRF would take 12
    for "12" and "yes" for true); an empty query parameter is refused unless the field allows
    empty text. Name the fields where line breaks are welcome in `multiline_fields`."""

    multiline_fields: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            serializer_field_guard(field, multiline=name in self.multiline_fields)
        return fields

    def to_internal_value(self, data):
        if isinstance(data, QueryDict):
            # DRF reads `?kind=` as "no filter" but `?kind=nonsense` as an error; the schema
            # says an empty value is not a choice, so it is refused like any other.
            errors = {
                name: ["Leave this parameter out rather than sending it empty."]
                for name, field in self.fields.items()
                if data.get(name) == "" and not getattr(field, "allow_blank", False)
            }
            if errors:
                raise serializers.ValidationError(errors)
        elif isinstance(data, dict):
            errors = {
                name: ["This value has the wrong type; the API schema says which."]
                for name, field in self.fields.items()
                if name in data and not field.read_only and json_type_wrong(field, data[name])
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


def strict_id(text: str) -> int | None:
    """A row id typed by a client: ASCII digits only (`str.isdigit()` also says yes to "²",
    which `int()` refuses, and `int()` takes "١٢" and " 12"), within a bigint; else None."""
    if not isinstance(text, str) or not _ID.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def same_site_path(target: str, *, host: str, secure: bool) -> str | None:
    """`target` when it is a path on this site ("/members/ideas/?status=open"), else None.
    For `next=` parameters: a bare word ("foo") would be taken for a URL name by
    `redirect()`, another host would send the person away, and a control character would
    break the Location header."""
    if not target.startswith("/") or control_character_find(target) is not None:
        return None
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={host}, require_https=secure):
        return None
    return target
