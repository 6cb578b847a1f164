"""Importing an existing community from CSV: members (idempotent by email) and activities
(idempotent by `(source, external_id)`).

Both imports read the whole file and check every row before writing anything. With any bad row
nothing is written unless `skip_invalid` is set, in which case the good rows are imported; either
way each bad row is reported with its line number and the reason. Writes are bulk (one query to
load the existing keys, `bulk_create`/`bulk_update` in batches) in one transaction.
"""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import TextIO
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from hub.core.audit import audit_record
from hub.core.timeutils import community_zone
from members.models import (
    Activity,
    ActivityKind,
    ActivityPoints,
    Profile,
    Tier,
    TierMembership,
    User,
)
from members.services.membership import ENTRY_TIER_LEVEL, tier_change

BATCH_SIZE = 2000
MEMBER_COLUMNS = ["email", "name", "joined_at", "left_at", "tier", "how_heard"]
MEMBER_REQUIRED = {"email", "name"}
ACTIVITY_COLUMNS = ["email", "kind", "occurred_at", "source", "external_id", "title", "url"]
ACTIVITY_REQUIRED = {"email", "kind", "occurred_at", "source", "external_id"}

Progress = Callable[[str], None]


class ImportFileError(Exception):
    """The file as a whole cannot be read (empty, wrong header): nothing is imported."""


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    imported: bool = False

    @property
    def rejected(self) -> int:
        return len(self.errors)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }

    @property
    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected} rejected."
        )


def _quiet(message: str) -> None:
    return None


# --- Reading --------------------------------------------------------------------------------


def csv_rows(
    stream: TextIO, *, columns: list[str], required: set[str]
) -> Iterable[tuple[int, dict[str, str]]]:
    """Check the header, then yield (line number, row as a dict) for each non-blank line.

    The header must name only known columns, each at most once, and every required column.
    """
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None:
        raise ImportFileError(
            f"The file is empty: the first line must be the header {','.join(columns)}."
        )
    header = [name.strip().lower() for name in header]
    unknown = [name for name in header if name not in columns]
    missing = [name for name in columns if name in required and name not in header]
    repeated = sorted({name for name in header if header.count(name) > 1})
    problems = []
    if unknown:
        problems.append(f"unknown column(s) {', '.join(unknown)}")
    if missing:
        problems.append(f"missing column(s) {', '.join(missing)}")
    if repeated:
        problems.append(f"repeated column(s) {', '.join(repeated)}")
    if problems:
        raise ImportFileError(
            f"line 1: wrong header: {'; '.join(problems)}. Expected: {','.join(columns)} "
            f"(required: {', '.join(n for n in columns if n in required)})."
        )
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            yield line, {"__error__": f"expected {len(header)} values, found {len(values)}"}
            continue
        yield line, {name: value.strip() for name, value in zip(header, values, strict=True)}


def parse_instant(text: str) -> datetime:
    """An ISO 8601 date or date-time; without a zone it is read in the community's time zone,
    and a bare date means the start of that day."""
    try:
        if len(text) == 10:
            day = datetime.fromisoformat(text).date()
            return datetime.combine(day, time.min, tzinfo=community_zone())
        instant = datetime.fromisoformat(text)
    except ValueError as error:
        raise ValueError(
            f"{text!r} is not an ISO 8601 date or time (for example 2025-03-14T10:30:00+02:00)"
        ) from error
    if timezone.is_naive(instant):
        instant = instant.replace(tzinfo=community_zone())
    return instant


def _known_users() -> dict[str, tuple[int, datetime | None, datetime | None]]:
    """Every account by lower-case email: one query (a community has thousands, not millions)."""
    return {
        email: (pk, joined_at, left_at)
        for email, pk, joined_at, left_at in User.objects.annotate(email_lower=Lower("email"))
        .values_list("email_lower", "pk", "joined_at", "left_at")
        .iterator(chunk_size=5000)
    }


def _batches(items: list, size: int = BATCH_SIZE) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Members --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    line: int
    email: str
    name: str
    joined_at: datetime | None
    left_at: datetime | None
    tier: Tier | None
    how_heard: str


def _tier_lookup() -> dict[str, Tier]:
    lookup: dict[str, Tier] = {}
    for tier in Tier.objects.all():
        for key in (str(tier.level), tier.slug, tier.name):
            lookup[key.lower()] = tier
    return lookup


def _member_row(line: int, row: dict, *, tiers: dict[str, Tier], now: datetime) -> MemberRow:
    """One member row, checked; raises ValueError with the reason."""
    email = row.get("email", "").lower()
    if not email:
        raise ValueError("email is empty")
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValueError(f"{email!r} is not a valid email address") from error
    name = " ".join(row.get("name", "").split())
    if not name:
        raise ValueError("name is empty")
    if len(name) > 100:
        raise ValueError("name is longer than 100 characters")
    joined_at = parse_instant(row["joined_at"]) if row.get("joined_at") else None
    left_at = parse_instant(row["left_at"]) if row.get("left_at") else None
    if joined_at and joined_at > now:
        raise ValueError("joined_at is in the future")
    if left_at and left_at > now:
        raise ValueError("left_at is in the future")
    if left_at and not joined_at:
        raise ValueError("left_at needs a joined_at")
    if joined_at and left_at and left_at < joined_at:
        raise ValueError("left_at is before joined_at")
    tier = None
    if row.get("tier"):
        tier = tiers.get(row["tier"].lower())
        if tier is None:
            names = ", ".join(sorted({t.name for t in tiers.values()}))
            raise ValueError(f"unknown tier {row['tier']!r} (use a level, slug or name: {names})")
    how_heard = row.get("how_heard", "")
    if len(how_heard) > 200:
        raise ValueError("how_heard is longer than 200 characters")
    return MemberRow(line, email, name, joined_at, left_at, tier, how_heard)


def members_import(
    *,
    stream: TextIO,
    now: datetime,
    skip_invalid: bool = False,
    source_name: str = "CSV",
    progress: Progress = _quiet,
) -> ImportReport:
    """Import members: new emails become members (joined, verified, in the given tier since
    they joined); known emails are updated where the file says something different."""
    report = ImportReport()
    tiers = _tier_lookup()
    good: list[MemberRow] = []
    first_line_of: dict[str, int] = {}
    for line, row in csv_rows(stream, columns=MEMBER_COLUMNS, required=MEMBER_REQUIRED):
        if "__error__" in row:
            report.errors.append(RowError(line, row["__error__"]))
            continue
        try:
            member_row = _member_row(line, row, tiers=tiers, now=now)
        except ValueError as error:
            report.errors.append(RowError(line, str(error)))
            continue
        if member_row.email in first_line_of:
            report.errors.append(
                RowError(
                    line, f"{member_row.email} is already on line {first_line_of[member_row.email]}"
                )
            )
            continue
        first_line_of[member_row.email] = line
        good.append(member_row)
    progress(f"Checked {len(good) + report.rejected} rows: {report.rejected} bad.")
    if report.errors and not skip_invalid:
        return report
    with transaction.atomic():
        _members_write(good, report=report, now=now, source_name=source_name, progress=progress)
        audit_record(
            actor=None,
            action="members.import",
            now=now,
            data={**report.counts, "source": source_name},
        )
    report.imported = True
    return report


def _members_write(
    rows: list[MemberRow],
    *,
    report: ImportReport,
    now: datetime,
    source_name: str,
    progress: Progress,
) -> None:
    known = _known_users()
    entry_tier = Tier.objects.get(level=ENTRY_TIER_LEVEL)
    new_rows = [row for row in rows if row.email not in known]
    existing_rows = [row for row in rows if row.email in known]

    unusable_password = make_password(None)
    for batch in _batches(new_rows):
        User.objects.bulk_create(
            [
                User(
                    email=row.email,
                    password=unusable_password,
                    date_joined=row.joined_at or now,
                    joined_at=row.joined_at or now,
                    left_at=row.left_at,
                )
                for row in batch
            ],
            batch_size=BATCH_SIZE,
        )
    if new_rows:
        ids = {email: values[0] for email, values in _known_users().items()}
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user_id=ids[row.email], email=row.email, verified=True, primary=True)
                for row in new_rows
            ],
            batch_size=BATCH_SIZE,
        )
        Profile.objects.bulk_create(
            [
                Profile(user_id=ids[row.email], display_name=row.name, how_heard=row.how_heard)
                for row in new_rows
            ],
            batch_size=BATCH_SIZE,
        )
        # The tier history starts when they joined the old community, in the tier they had.
        TierMembership.objects.bulk_create(
            [
                TierMembership(
                    member_id=ids[row.email],
                    tier=row.tier or entry_tier,
                    started_at=row.joined_at or now,
                    reason=f"Imported from {source_name}",
                )
                for row in new_rows
            ],
            batch_size=BATCH_SIZE,
        )
        report.created = len(new_rows)
        progress(f"Created {len(new_rows)} members.")

    if existing_rows:
        _members_update(existing_rows, known=known, report=report, now=now, source_name=source_name)
        progress(f"Checked {len(existing_rows)} existing members.")


def _members_update(
    rows: list[MemberRow], *, known: dict, report: ImportReport, now: datetime, source_name: str
) -> None:
    ids = [known[row.email][0] for row in rows]
    users = User.objects.in_bulk(ids)
    profiles = {profile.user_id: profile for profile in Profile.objects.filter(user_id__in=ids)}
    current_tiers = dict(
        TierMembership.objects.filter(member_id__in=ids, ended_at__isnull=True).values_list(
            "member_id", "tier_id"
        )
    )
    changed_users, changed_profiles, new_profiles = [], [], []
    for row in rows:
        user = users[known[row.email][0]]
        profile = profiles.get(user.pk)
        changed = False
        if row.joined_at and user.joined_at != row.joined_at:
            user.joined_at = row.joined_at
            changed = True
        if row.left_at and user.left_at != row.left_at:
            user.left_at = row.left_at
            changed = True
        if changed:
            changed_users.append(user)
        if profile is None:
            new_profiles.append(Profile(user=user, display_name=row.name, how_heard=row.how_heard))
            changed = True
        elif profile.display_name != row.name or (
            row.how_heard and profile.how_heard != row.how_heard
        ):
            profile.display_name = row.name
            profile.how_heard = row.how_heard or profile.how_heard
            changed_profiles.append(profile)
            changed = True
        if row.tier is not None and current_tiers.get(user.pk) != row.tier.pk:
            # A real change of tier today: through the one service, with its history row.
            tier_change(
                member=user,
                tier=row.tier,
                actor=None,
                reason=f"Imported from {source_name}",
                now=now,
            )
            changed = True
        if changed:
            report.updated += 1
        else:
            report.unchanged += 1
    User.objects.bulk_update(changed_users, ["joined_at", "left_at"], batch_size=BATCH_SIZE)
    Profile.objects.bulk_update(
        changed_profiles, ["display_name", "how_heard"], batch_size=BATCH_SIZE
    )
    Profile.objects.bulk_create(new_profiles, batch_size=BATCH_SIZE)


# --- Activities -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityRow:
    line: int
    member_id: int
    kind: str
    occurred_at: datetime
    source: str
    external_id: str
    title: str
    url: str


KNOWN_KINDS = frozenset(ActivityKind.values)


def url_looks_valid(url: str) -> bool:
    """http(s), a host, no spaces: enough to link to it, and cheap enough for 100,000 rows
    (Django's URLValidator takes a third of the import time)."""
    if any(character.isspace() for character in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.hostname) and "." in parts.hostname


def _activity_row(line: int, row: dict, *, users: dict, now: datetime) -> ActivityRow:
    """One activity row, checked; raises ValueError with the reason."""
    email = row.get("email", "").lower()
    user = users.get(email)
    if user is None:
        raise ValueError(f"no member has the email {email!r} (import the members first)")
    member_id, joined_at, left_at = user
    kind = row.get("kind", "")
    if kind not in KNOWN_KINDS:
        raise ValueError(
            f"unknown kind {kind!r} (expected one of {', '.join(ActivityKind.values)})"
        )
    if not row.get("occurred_at"):
        raise ValueError("occurred_at is empty")
    occurred_at = parse_instant(row["occurred_at"])
    if occurred_at > now:
        raise ValueError("occurred_at is in the future")
    if joined_at is None or occurred_at < joined_at:
        raise ValueError(f"occurred_at is before {email} joined")
    if left_at is not None and occurred_at > left_at:
        raise ValueError(f"occurred_at is after {email} left")
    source = row.get("source", "")
    if not source or len(source) > 50:
        raise ValueError("source must be 1 to 50 characters")
    external_id = row.get("external_id", "")
    if not external_id or len(external_id) > 200:
        raise ValueError("external_id must be 1 to 200 characters")
    title = row.get("title", "")
    if len(title) > 200:
        raise ValueError("title is longer than 200 characters")
    url = row.get("url", "")
    if url:
        if len(url) > 500:
            raise ValueError("url is longer than 500 characters")
        if not url_looks_valid(url):
            raise ValueError(f"{url[:80]!r} is not a valid http(s) address")
    return ActivityRow(line, member_id, kind, occurred_at, source, external_id, title, url)


def activities_import(
    *,
    stream: TextIO,
    now: datetime,
    skip_invalid: bool = False,
    source_name: str = "CSV",
    progress: Progress = _quiet,
) -> ImportReport:
    """Import activities: a new `(source, external_id)` becomes a ledger row with the kind's
    points; a known one is updated where the file differs, and left alone where it does not."""
    report = ImportReport()
    users = _known_users()
    good: list[ActivityRow] = []
    first_line_of: dict[tuple[str, str], int] = {}
    for line, row in csv_rows(stream, columns=ACTIVITY_COLUMNS, required=ACTIVITY_REQUIRED):
        if "__error__" in row:
            report.errors.append(RowError(line, row["__error__"]))
            continue
        try:
            activity_row = _activity_row(line, row, users=users, now=now)
        except ValueError as error:
            report.errors.append(RowError(line, str(error)))
            continue
        key = (activity_row.source, activity_row.external_id)
        if key in first_line_of:
            report.errors.append(
                RowError(
                    line,
                    f"source {key[0]!r} and external_id {key[1]!r} are already on "
                    f"line {first_line_of[key]}",
                )
            )
            continue
        first_line_of[key] = line
        good.append(activity_row)
        if len(good) % 20000 == 0:
            progress(f"Checked {len(good)} rows…")
    progress(f"Checked {len(good) + report.rejected} rows: {report.rejected} bad.")
    if report.errors and not skip_invalid:
        return report
    with transaction.atomic():
        _activities_write(good, report=report, now=now, progress=progress)
        audit_record(
            actor=None,
            action="activities.import",
            now=now,
            data={**report.counts, "source": source_name},
        )
    report.imported = True
    return report


UPDATABLE_ACTIVITY_FIELDS = ["member_id", "kind", "occurred_at", "title", "url"]


def _activities_write(
    rows: list[ActivityRow], *, report: ImportReport, now: datetime, progress: Progress
) -> None:
    points = dict(ActivityPoints.objects.values_list("kind", "points"))
    sources = sorted({row.source for row in rows})
    # One query for every existing key of the sources in the file.
    existing = {
        (activity.source, activity.external_id): activity
        for activity in Activity.objects.filter(source__in=sources)
        .exclude(external_id="")
        .only("pk", "source", "external_id", "points", *UPDATABLE_ACTIVITY_FIELDS)
        .iterator(chunk_size=5000)
    }
    to_create: list[Activity] = []
    to_update: list[Activity] = []
    for row in rows:
        activity = existing.get((row.source, row.external_id))
        if activity is None:
            to_create.append(
                Activity(
                    member_id=row.member_id,
                    kind=row.kind,
                    occurred_at=row.occurred_at,
                    recorded_at=now,
                    source=row.source,
                    external_id=row.external_id,
                    title=row.title,
                    url=row.url,
                    points=points.get(row.kind, 0),
                )
            )
            continue
        if (
            activity.member_id,
            activity.kind,
            activity.occurred_at,
            activity.title,
            activity.url,
        ) == (row.member_id, row.kind, row.occurred_at, row.title, row.url):
            report.unchanged += 1
            continue
        if activity.kind != row.kind:
            activity.points = points.get(row.kind, 0)
        activity.member_id, activity.kind, activity.occurred_at = (
            row.member_id,
            row.kind,
            row.occurred_at,
        )
        activity.title, activity.url = row.title, row.url
        to_update.append(activity)
    for number, batch in enumerate(_batches(to_create), start=1):
        Activity.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        progress(f"Created {min(number * BATCH_SIZE, len(to_create))}/{len(to_create)} rows.")
    for batch in _batches(to_update):
        Activity.objects.bulk_update(
            batch, [*UPDATABLE_ACTIVITY_FIELDS, "points"], batch_size=BATCH_SIZE
        )
    if to_update:
        progress(f"Updated {len(to_update)} rows.")
    report.created = len(to_create)
    report.updated = len(to_update)
