"""Writes about API tokens: an owner makes one (and sees its key once) or revokes one.

No one but the owner makes or revokes a member's token through the site, and the key is never
stored (django-rest-knox keeps a digest). Each change is audited and emailed to the owner, so a
token made behind their back (by someone with their password, or by an operator's command for an
integration account) does not go unnoticed.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hub.core.audit import audit_record
from hub.core.errors import DomainError, NotFound
from hub.core.models import AuditEntry
from members.models import ApiToken, User
from members.selectors.membership import member_require_current
from members.tasks.tokens import api_token_notify_task

#: Enough for every integration a person runs; more is a sign of tokens nobody revokes.
MAX_TOKENS_PER_MEMBER = 10
NAME_MAX_LENGTH = 100


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once, to the owner; never stored


def _audit_and_notify(*, actor, owner: User, action: str, token: ApiToken, now) -> None:
    entry = audit_record(
        actor=actor,
        action=action,
        subject=owner,
        now=now,
        data={"token": token.name, "token_key": token.token_key},
    )
    transaction.on_commit(lambda: api_token_notify_task.delay(entry.pk))


@transaction.atomic
def api_token_create(*, owner: User, name: str, now: datetime, actor: User | None) -> NewToken:
    """Make a token for `owner`; `actor` is the owner (the account page) or None (an
    operator's command for an integration account). The key is in the result only."""
    owner = User.objects.select_for_update().get(pk=owner.pk)
    member_require_current(owner, now=now, to="have API tokens")
    name = " ".join(name.split())
    if not name:
        raise DomainError("Give the token a name, for example the integration that uses it.")
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(f"A token's name has at most {NAME_MAX_LENGTH} characters.")
    if ApiToken.objects.filter(user=owner).count() >= MAX_TOKENS_PER_MEMBER:
        raise DomainError(
            f"You have {MAX_TOKENS_PER_MEMBER} tokens already; revoke one you no longer use.",
            code="too_many_tokens",
        )
    try:
        with transaction.atomic():
            token, key = ApiToken.objects.create(user=owner, expiry=None, name=name)
    except IntegrityError as error:
        raise DomainError(
            f"You already have a token named “{name}”; choose another name.", code="name_taken"
        ) from error
    _audit_and_notify(actor=actor, owner=owner, action="api_token.create", token=token, now=now)
    return NewToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, owner: User, token_key: str, now: datetime, actor: User | None) -> ApiToken:
    """Revoke one of `owner`'s tokens (found by the first characters of its key, which the
    owner's list shows); it stops working at once. Another member's token is NotFound."""
    token = (
        ApiToken.objects.select_for_update()
        .filter(user=owner, token_key=token_key)
        .order_by("pk")
        .first()
    )
    if token is None:
        raise NotFound("You have no such token.")
    token.delete()
    _audit_and_notify(actor=actor, owner=owner, action="api_token.revoke", token=token, now=now)
    return token


def api_tokens_erase(*, member: User) -> None:
    """For leaving: every token of the member stops working (no email: the address goes)."""
    ApiToken.objects.filter(user=member).delete()


def api_token_email(*, audit_entry_id: int) -> bool:
    """The email about one token change, to its owner (False when there is no one to tell)."""
    entry = AuditEntry.objects.select_related("subject", "actor").filter(pk=audit_entry_id).first()
    if entry is None or entry.subject is None or entry.subject.left_at is not None:
        return False
    owner = entry.subject
    created = entry.action == "api_token.create"
    body = render_to_string(
        "members/email/api_token_changed.txt",
        {
            "owner": owner,
            "created": created,
            "by_owner": entry.actor_id == owner.pk,
            "token_name": entry.data.get("token", ""),
            "token_key": entry.data.get("token_key", ""),
            "when": timezone.localtime(entry.occurred_at),
            "tokens_url": settings.SITE_URL + reverse("members:token_list"),
        },
    )
    subject = "An API token was made for your account" if created else "An API token was revoked"
    send_mail(f"[Hub] {subject}", body, settings.DEFAULT_FROM_EMAIL, [owner.email])
    return True
