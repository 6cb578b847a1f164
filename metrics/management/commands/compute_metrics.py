"""python manage.py compute_metrics --month YYYY-MM | --from YYYY-MM --to YYYY-MM
[--restate --reason "..." [--by EMAIL]]: compute monthly snapshots, one transaction a month.

A month still running gets a provisional snapshot; a month that has ended is computed and
frozen. A frozen month is never overwritten: the command prints "unchanged" or which figures
its data would change today and by how much, and exits 0. `--restate` replaces a frozen month,
keeping the old figures as a revision with the reason (and the manager given with --by).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hub.core.errors import DomainError
from hub.core.timeutils import month_of
from members.models import User
from metrics.models import ComputedBy
from metrics.selectors.snapshots import parse_month
from metrics.services.snapshots import months_between, snapshot_compute, snapshot_restate


class Command(BaseCommand):
    help = "Compute monthly snapshots (frozen months are only compared, or restated)."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="One month, YYYY-MM.")
        parser.add_argument("--from", dest="first", help="First month of a range, YYYY-MM.")
        parser.add_argument("--to", dest="last", help="Last month of a range, YYYY-MM.")
        parser.add_argument(
            "--restate", action="store_true", help="Replace frozen months (needs --reason)."
        )
        parser.add_argument("--reason", default="", help="Why the months are restated.")
        parser.add_argument("--by", default="", help="Email of the manager restating.")

    def handle(self, *args, month, first, last, restate, reason, by, **options):
        now = timezone.now()
        months = self._months(month=month, first=first, last=last, now=now)
        person = self._manager(by) if by else None
        if restate and not reason.strip():
            raise CommandError('--restate needs --reason "why the figures are replaced".')
        computed_by = ComputedBy.PERSON if person else ComputedBy.COMMAND
        for number, current in enumerate(months, start=1):
            started = time.perf_counter()
            try:
                if restate:
                    result = snapshot_restate(
                        month=current,
                        now=now,
                        reason=reason,
                        restated_by=computed_by,
                        person=person,
                    )
                else:
                    result = snapshot_compute(
                        month=current, now=now, computed_by=computed_by, person=person
                    )
            except DomainError as error:
                raise CommandError(error.message) from error
            seconds = time.perf_counter() - started
            self.stdout.write(f"[{number}/{len(months)}] {result.describe()} ({seconds:.2f} s)")
            self.stdout.flush()

    def _months(self, *, month, first, last, now) -> list:
        if month and (first or last):
            raise CommandError("Give either --month or --from and --to, not both.")
        try:
            if month:
                first_month = last_month = parse_month(month)
            elif first and last:
                first_month, last_month = parse_month(first), parse_month(last)
            else:
                raise CommandError("Give --month YYYY-MM, or --from YYYY-MM and --to YYYY-MM.")
        except ValueError as error:
            raise CommandError(str(error)) from error
        if first_month > last_month:
            raise CommandError(f"--from {first} comes after --to {last}.")
        if last_month > month_of(now):
            raise CommandError(
                f"{last_month:%Y-%m} has not begun yet: the latest month to compute is "
                f"{month_of(now):%Y-%m}."
            )
        return list(months_between(first_month, last_month))

    def _manager(self, email: str) -> User:
        person = User.objects.filter(email__iexact=email.strip()).first()
        if person is None or not person.is_manager:
            raise CommandError(f"{email} is not a community manager.")
        return person
