"""Saving and deleting what managers edit field by field (settings such as tiers and points,
recognition content such as badges and spotlights): validated, saved, and audited with what
changed. The area services (`tier_save`, `activity_points_save`, `recognition_item_save`…)
decide the action code and what the audit entry may hold, then call these two functions."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from hub.core.audit import audit_record
from hub.core.errors import DomainError
from members.models import User


def _model_field_names(obj: models.Model, fields: Iterable[str]) -> list[str]:
    concrete = {field.name for field in obj._meta.concrete_fields}
    return [name for name in fields if name in concrete]


def _numbered(obj: models.Model) -> str:
    """The object by kind and number, never by its text (which may be about a member)."""
    return f"{obj._meta.verbose_name} #{obj.pk}"


@transaction.atomic
def edit_save(
    *,
    obj: models.Model,
    fields: Iterable[str],
    actor: User,
    now: datetime,
    action: str,
    data: dict,
    subject: User | None = None,
) -> bool:
    """Save `obj`, new or with `fields` changed, and record `action` with `data`, the changed
    fields and (unless `data` says otherwise) the object by number as `what`. Returns False,
    writing nothing, when an existing object did not change."""
    adding = obj._state.adding
    changed = _model_field_names(obj, fields)
    if not adding and not changed:
        return False
    try:
        obj.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    try:
        with transaction.atomic():
            obj.save() if adding else obj.save(update_fields=changed)
    except IntegrityError as error:  # a concurrent edit took the same unique value
        raise DomainError(
            "Someone saved the same value at the same moment. Reload and try again."
        ) from error
    audit_record(
        actor=actor,
        action=action,
        subject=subject,
        target=obj,
        now=now,
        data={"what": _numbered(obj), "fields": ", ".join(changed), **data},
    )
    return True


@transaction.atomic
def edit_delete(
    *,
    obj: models.Model,
    actor: User,
    now: datetime,
    action: str,
    data: dict,
    subject: User | None = None,
) -> None:
    """Delete `obj` and record `action` (with the object by number as `what`, unless `data`
    says otherwise); a row that other rows still need stays, and the error says so."""
    audit_record(
        actor=actor,
        action=action,
        subject=subject,
        target=obj,
        now=now,
        data={"what": _numbered(obj), **data},
    )
    try:
        with transaction.atomic():
            obj.delete()
    except models.ProtectedError as error:
        raise DomainError(
            f"{obj._meta.verbose_name.capitalize()} “{obj}” is still in use, so it stays."
        ) from error


def setting_change_data(obj: models.Model, fields: Iterable[str]) -> dict:
    """What the audit entry of a settings edit holds: the verb, the object, and the new values
    (settings hold no personal data, so the values can be kept)."""
    changed = _model_field_names(obj, fields)
    return {
        "verb": "added" if obj._state.adding else "changed",
        "what": f"{obj._meta.verbose_name} {obj}",
        "values": {name: str(getattr(obj, name)) for name in changed},
    }
