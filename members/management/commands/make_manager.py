"""python manage.py make_manager EMAIL: make an existing account a community manager."""

from django.core.management.base import BaseCommand, CommandError

from hub.core.errors import DomainError
from members.roles import manager_make


class Command(BaseCommand):
    help = "Make an existing account a community manager (staff in the Community managers group)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        try:
            user = manager_make(email=email)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"{user.email} is now a community manager."))
