"""The synthetic community of `bench_metrics`: members, tier history and an activity ledger
written straight to the tables (COPY on PostgreSQL, bulk inserts elsewhere), month by month so
the process's memory does not grow with the ledger.

Every synthetic member's email ends in BENCH_DOMAIN (a reserved, never-deliverable domain), so
the rows can be told apart from a real community's and removed with `remove_bench_community`.
"""

import io
import itertools
import random
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta

from django.db import connection, transaction

from hub.core.timeutils import month_bounds, previous_month
from members.models import (
    Activity,
    ActivityKind,
    Tier,
    TierMembership,
    User,
    email_lookup_hash,
)
from metrics.models import MemberMonth

BENCH_DOMAIN = "metrics-bench.invalid"
BENCH_MANAGER_EMAIL = f"manager@{BENCH_DOMAIN}"
CHUNK = 50_000

# How often each kind happens: answers and code most, referrals least.
KIND_WEIGHTS = {
    ActivityKind.CODE: 22,
    ActivityKind.DOCS: 12,
    ActivityKind.IDEA: 8,
    ActivityKind.ANSWER: 20,
    ActivityKind.CONTENT: 6,
    ActivityKind.EVENT_ATTENDANCE: 14,
    ActivityKind.EVENT_HOSTING: 2,
    ActivityKind.MENTORING: 5,
    ActivityKind.FEEDBACK: 8,
    ActivityKind.REFERRAL: 3,
}
USER_COLUMNS = [
    "password",
    "is_superuser",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
    "joined_at",
    "left_at",
    "tier_locked",
    "email_hash",
]
ACTIVITY_COLUMNS = [
    "member_id",
    "kind",
    "occurred_at",
    "recorded_at",
    "source",
    "external_id",
    "title",
    "url",
    "points",
    "metadata",
]
TIER_COLUMNS = ["member_id", "tier_id", "from_tier_id", "started_at", "ended_at", "reason"]


def bench_months(*, now: datetime, months: int) -> list[date]:
    """The `months` complete months before the one `now` is in, oldest first."""
    month = month_bounds(now)[0].date()
    history = []
    for _ in range(months):
        month = previous_month(month)
        history.insert(0, month)
    return history


def _hash(email: str) -> str:
    return email_lookup_hash(email)


def _instant_between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = max((end - start).total_seconds(), 1.0)
    return start + timedelta(seconds=rng.random() * span)


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


def _copy_rows(model, columns: list[str], rows: Iterable[tuple]) -> None:
    """Write rows to the model's table, CHUNK at a time so memory stays flat: COPY on
    PostgreSQL, executemany elsewhere."""
    table = model._meta.db_table
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, CHUNK)):
        if connection.vendor == "postgresql":
            # COPY's text format: tab-separated, \N for NULL (the values hold no tab or newline).
            buffer = io.StringIO()
            for row in chunk:
                buffer.write("\t".join(_copy_text(value) for value in row))
                buffer.write("\n")
            buffer.seek(0)
            with connection.cursor() as cursor:
                cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
            continue
        ops = connection.ops
        adapted = [
            [
                ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value
                for value in row
            ]
            for row in chunk
        ]
        placeholders = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(insert, adapted)


def build_bench_community(
    *,
    members: int,
    activities: int,
    months: int,
    now: datetime,
    seed: int,
    progress: Callable[[str], None],
) -> None:
    """Members joining over `months` months (more each month, as a growing community does),
    one in twelve leaving, a tier history with upgrades and a few downgrades, and `activities`
    ledger rows spread over the months in proportion to the members there, each member with a
    steady, skewed level of engagement (a few do most)."""
    rng = random.Random(seed)
    history = bench_months(now=now, months=months)
    first_start = month_bounds(history[0])[0]
    # Joins: a few founders before the first month, then month k gets a share growing with k.
    weights = [1.0] + [float(k + 1) for k in range(len(history))]
    month_of_join = rng.choices(range(len(weights)), weights=weights, k=members)
    with transaction.atomic():
        _copy_rows(
            User,
            USER_COLUMNS,
            _user_rows(month_of_join, history=history, first_start=first_start, now=now, rng=rng),
        )
        del month_of_join
        progress(f"{members:,} members")

        # (pk, joined, left or None, engagement) as plain tuples: a hundred thousand of them
        # must stay small. Instants as POSIX timestamps from here on.
        people = [
            (pk, joined.timestamp(), left.timestamp() if left else None, weight)
            for (pk, joined, left), weight in zip(
                User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")
                .exclude(email=BENCH_MANAGER_EMAIL)
                .order_by("pk")
                .values_list("pk", "joined_at", "left_at")
                .iterator(),
                (min(rng.paretovariate(1.3), 40.0) for _ in range(members)),
                strict=True,
            )
        ]
        _copy_rows(TierMembership, TIER_COLUMNS, _tier_rows(people, rng=rng, now=now))
        progress("tier history")

        bounds = [
            (month, month_bounds(month)[0].timestamp(), month_bounds(month)[1].timestamp())
            for month in history
        ]
        presence = [
            sum(1 for person in people if _exists_during(person, start, end))
            for _month, start, end in bounds
        ]
        written, total_presence = 0, sum(presence)
        kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
        points = [3 if kind in ("code", "docs", "idea") else 1 for kind in kinds]
        now_ts = now.timestamp()
        for number, (month, start, end) in enumerate(bounds, start=1):
            present = [person for person in people if _exists_during(person, start, end)]
            if not present:
                continue
            count = (
                activities - written
                if number == len(bounds)
                else round(activities * presence[number - 1] / total_presence)
            )
            chosen = rng.choices(present, weights=[person[3] for person in present], k=count)
            del present
            # (when, member, kind) as small tuples, sorted: the ledger is written in time order.
            rows = []
            for (pk, joined, left, _weight), kind in zip(
                chosen, rng.choices(range(len(kinds)), weights=kind_weights, k=count), strict=True
            ):
                low = max(start, joined)
                high = min(end, left or end, now_ts)
                rows.append((low + rng.random() * max(high - low, 0.0), pk, kind))
            del chosen
            rows.sort()
            _copy_rows(
                Activity,
                ACTIVITY_COLUMNS,
                (
                    (pk, kinds[kind], instant, instant, "bench", "", "", "", points[kind], "{}")
                    for when, pk, kind in rows
                    for instant in (datetime.fromtimestamp(when, tz=UTC),)
                ),
            )
            written += count
            del rows
            progress(f"{written:,} activities ({month:%Y-%m})")
    if connection.vendor == "postgresql":
        # Fresh statistics for the planner; VACUUM (which also lets index-only scans skip the
        # heap) cannot run inside a transaction, as under a test.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for model in (User, Activity, TierMembership):
                cursor.execute(f"{command} {model._meta.db_table}")


def _user_rows(month_of_join, *, history, first_start, now, rng):
    """The synthetic members (one in twelve leaves) and the manager, as the users table's rows."""
    for index, slot in enumerate(month_of_join):
        if slot == 0:
            joined = _instant_between(rng, first_start - timedelta(days=90), first_start)
        else:
            start, end = month_bounds(history[slot - 1])
            joined = _instant_between(rng, start, end)
        left = _instant_between(rng, joined, now) if rng.random() < 1 / 12 else None
        email = f"m{index}@{BENCH_DOMAIN}"
        yield ("!", False, email, False, True, joined, joined, left, False, _hash(email))
    yield (
        "!",
        False,
        BENCH_MANAGER_EMAIL,
        True,
        True,
        first_start,
        first_start,
        None,
        False,
        _hash(BENCH_MANAGER_EMAIL),
    )


def _exists_during(person: tuple, start: float, end: float) -> bool:
    _pk, joined, left, _weight = person
    return joined < end and (left is None or left > start)


def _tier_rows(people: list[tuple], *, rng: random.Random, now: datetime):
    """Everyone starts in tier 1; a share moves up (the engaged more likely), a few back down."""
    tiers = dict(Tier.objects.values_list("level", "pk"))
    for pk, joined_ts, left_ts, weight in people:
        joined = datetime.fromtimestamp(joined_ts, tz=UTC)
        left = datetime.fromtimestamp(left_ts, tz=UTC) if left_ts else None
        end = left or now
        moves = [(None, 1, joined)]
        level, when = 1, joined
        for _ in range(3):
            if rng.random() > min(0.05 * weight, 0.6):
                break
            when = _instant_between(rng, when, end)
            new_level = level + 1 if level < 3 and rng.random() < 0.85 else max(1, level - 1)
            if new_level == level:
                break
            moves.append((level, new_level, when))
            level = new_level
        for position, (from_level, to_level, started) in enumerate(moves):
            ended = moves[position + 1][2] if position + 1 < len(moves) else left
            yield (
                pk,
                tiers[to_level],
                tiers[from_level] if from_level else None,
                started,
                ended,
                "bench",
            )


def bench_community_size() -> tuple[int, int]:
    """(members, activities) of the synthetic community in the database."""
    bench = User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")
    return bench.count(), Activity.objects.filter(member__in=bench).count()


def remove_bench_community() -> None:
    """Delete every synthetic row in a few statements (never row by row through the ORM)."""
    user_table = User._meta.db_table
    bench_ids = f"SELECT id FROM {user_table} WHERE email LIKE %s"  # noqa: S608
    pattern = f"%@{BENCH_DOMAIN}"
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (Activity, TierMembership, MemberMonth):
            delete = f"DELETE FROM {model._meta.db_table} WHERE member_id IN ({bench_ids})"  # noqa: S608
            cursor.execute(delete, [pattern])
        cursor.execute(
            f"DELETE FROM {User.groups.through._meta.db_table} WHERE user_id IN ({bench_ids})",  # noqa: S608
            [pattern],
        )
        cursor.execute(f"DELETE FROM {user_table} WHERE email LIKE %s", [pattern])  # noqa: S608
