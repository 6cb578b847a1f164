"""python manage.py seed_demo [--seed N] [--members N]: build the demo community from the steps
every app registered at `hub.core.extension_points.demo_steps`, in their order."""

import random

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hub.core.extension_points import (
    DEMO_MANAGER_EMAIL,
    DEMO_MEMBER_EMAIL,
    DEMO_PASSWORD,
    DemoContext,
    demo_steps,
)
from members.models import User


class Command(BaseCommand):
    help = (
        "Build a believable, deterministic demo community with twelve months of history. "
        "Safe to run twice: what exists already is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--members", type=int, default=200, help="How many members (default 200, at least 12)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has members (used by `make run`).",
        )

    def handle(self, *args, seed: int, members: int, if_empty: bool, **options):
        if members < 12:
            raise CommandError("--members must be at least 12 so every tier has someone in it.")
        if if_empty and User.objects.exists():
            self.stdout.write("The database already has members: demo data not loaded again.")
            if User.objects.filter(email=DEMO_MANAGER_EMAIL).exists():
                self._print_logins()
            return
        now = timezone.now().replace(microsecond=0)
        context = DemoContext(
            rng=random.Random(seed), now=now, member_count=members, progress=self._progress
        )
        steps = demo_steps.items()
        for number, step in enumerate(steps, start=1):
            self.stdout.write(f"[{number}/{len(steps)}] {step.name}…")
            summary = step.run(context=context)
            self.stdout.write(f"      {summary}")
        self.stdout.write(self.style.SUCCESS("Demo community ready."))
        self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write("Demo logins (password for both: " + DEMO_PASSWORD + "):")
        self.stdout.write(f"  community manager: {DEMO_MANAGER_EMAIL}")
        self.stdout.write(f"  member:            {DEMO_MEMBER_EMAIL}")

    def _progress(self, message: str) -> None:
        self.stdout.write(f"      {message}")
        self.stdout.flush()
