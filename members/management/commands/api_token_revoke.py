"""`manage.py api_token_revoke EMAIL --name NAME`: revoke an integration account's token."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hub.core.errors import DomainError
from members.models import ApiToken, User
from members.services.tokens import api_token_revoke


class Command(BaseCommand):
    help = "Revoke the API token with this name of the account with this email."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True)

    def handle(self, *args, email: str, name: str, **options):
        token = ApiToken.objects.filter(user__email__iexact=email.strip(), name=name).first()
        if token is None:
            raise CommandError(f"{email} has no token named {name!r}.")
        owner = User.objects.get(pk=token.user_id)
        try:
            api_token_revoke(owner=owner, token_key=token.token_key, now=timezone.now(), actor=None)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Revoked the token “{name}” of {owner.email}.")
