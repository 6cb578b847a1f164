"""Reads about API tokens: a member's own list (names and dates; never a key, which is not
stored)."""

from django.db.models import QuerySet

from members.models import ApiToken, User


def api_tokens_of(*, member: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=member).order_by("-created", "pk")


def export_api_tokens(member: User) -> list[dict]:
    """The "api_tokens" section of "Your data": what each token is called and when it was
    made and last used."""
    return [
        {
            "name": token.name,
            "starts_with": token.token_key,
            "created_at": token.created,
            "last_used_at": token.last_used_at,
        }
        for token in api_tokens_of(member=member)
    ]
