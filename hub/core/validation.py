"""What every input path of Hub checks the same way: text free of control characters, and ids
parsed strictly.

One rule for text, used by every form (`CleanTextFormMixin`), every API serializer
(`CleanTextSerializerMixin`) and every import (`text_problem`): no character of Unicode's
categories Cc (controls, NUL and U+0080-U+009F included) or Cf (format characters: zero-width
joiners, bidirectional overrides, the byte order mark), except that multi-line text may hold
tab, line feed and carriage return. Such characters are invisible or reorder what a reader sees,
break calendar files and CSV exports, and PostgreSQL refuses NUL outright.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.http import url_has_allowed_host_and_scheme
from rest_framework import serializers

#: Allowed in multi-line text only.
MULTILINE_WHITESPACE = frozenset("\t\n\r")
CONTROL_CATEGORIES = frozenset({"Cc", "Cf"})

#: The largest id a PostgreSQL bigint holds; a longer number cannot name a row.
MAX_ID = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")


def control_character_find(text: str, *, multiline: bool = False) -> str | None:
    """The first control or format character in `text`, or None."""
    for character in text:
        if unicodedata.category(character) in CONTROL_CATEGORIES and not (
            multiline and character in MULTILINE_WHITESPACE
        ):
            return character
    return None


def control_characters_strip(text: str, *, multiline: bool = False) -> str:
    """`text` made safe for a line-based format (iCalendar, a header): line breaks become "\n"
    (or a space on one line), every other control or format character goes; for data saved
    before the rule, or written by a path that does not check."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for character in text:
        if character == "\n" or (character == "\t" and not multiline):
            kept.append("\n" if multiline else " ")
        elif character == "\t" or unicodedata.category(character) not in CONTROL_CATEGORIES:
            kept.append(character)
    return "".join(kept)


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
class NoControlCharactersValidator:
    """The one validator of text input (see the module's docstring)."""

    code = "control_characters"

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

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


class CleanTextSerializerMixin:
    """Mix into every input serializer (before `serializers.Serializer`): each text field gets
    the validator. Name the fields where line breaks are welcome in `multiline_fields`."""

    multiline_fields: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            serializer_field_guard(field, multiline=name in self.multiline_fields)
        return fields


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
