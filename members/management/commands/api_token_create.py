"""`manage.py api_token_create EMAIL --name NAME`: make an API token for an integration's
account and print its key, the only time anyone sees it."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hub.core.errors import DomainError
from members.models import User
from members.services.tokens import api_token_create


class Command(BaseCommand):
    help = (
        "Make an API token for the account with this email (an integration's account) and "
        "print its key once. The owner is emailed and the audit log records it."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="What will use it, e.g. github.")

    def handle(self, *args, email: str, name: str, **options):
        owner = User.objects.filter(email__iexact=email.strip()).first()
        if owner is None:
            raise CommandError(f"No account uses {email}.")
        try:
            new = api_token_create(owner=owner, name=name, now=timezone.now(), actor=None)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Token “{new.token.name}” for {owner.email}. Its key, shown once:")
        self.stdout.write(new.key)
