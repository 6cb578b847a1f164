"""python manage.py beat_health: exit 1 when beat has not sent the heartbeat job lately.

Used as the beat container's healthcheck: beat records each run in django-celery-beat's table.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_celery_beat.models import PeriodicTask


class Command(BaseCommand):
    help = "Fail when beat has not sent the heartbeat job within --max-minutes."

    def add_arguments(self, parser):
        parser.add_argument("--max-minutes", type=int, default=15)

    def handle(self, *args, max_minutes: int, **options):
        task = PeriodicTask.objects.filter(name="heartbeat").first()
        if task is None:
            raise CommandError("No heartbeat job: run `python manage.py migrate` first.")
        if not task.enabled:
            self.stdout.write("The heartbeat job is paused in the admin; not checking beat.")
            return
        if task.last_run_at is None:
            raise CommandError("Beat has never sent the heartbeat job.")
        age = timezone.now() - task.last_run_at
        if age > timedelta(minutes=max_minutes):
            raise CommandError(f"Beat last sent the heartbeat {age} ago.")
        self.stdout.write(f"Beat is alive: heartbeat sent {int(age.total_seconds())} s ago.")
