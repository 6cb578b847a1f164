"""Importing an existing community from CSV: members (idempotent by person: their address, or
the keyed hash of it once they left and it was erased) and activities (idempotent by
`(source, external_id)`). A member row with `left_at` is a departure and goes through leaving.

Both imports read the whole file and check every row before writing anything. With any bad row
nothing is written unless `skip_invalid` is set, in which case the good rows are imported; either
way each bad row is reported with its line number and the reason. Writes are bulk (one query to
load the existing keys, `bulk_create`/`bulk_update` in batches) in one transaction, except
departures: each runs `member_leave`, so every app's leave handler sees it (about 20 ms each).
"""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Lower
from django.utils import timezone

from hub.core.audit import audit_record
from hub.core.text import noun_for
from hub.core.timeutils import community_zone
from hub.core.validation import text_problem
from members.models import (
    ERASED_EMAIL_DOMAIN,
    Activity,
    ActivityKind,
    ActivityPoints,
    Profile,
    Tier,
    TierMembership,
    User,
    email_lookup_hash,
    email_normalise,
)
from members.services.account import member_leave
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


def utf8_lines(binary: Iterable[bytes]) -> Iterable[str]:
    """The lines of a file read as bytes, decoded as UTF-8 (a byte order mark at the start is
    dropped); a line that is not UTF-8 stops the import with its line number."""
    for number, raw in enumerate(binary, start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                f"line {number}: not UTF-8 text ({error.reason} at byte {error.start + 1}); "
                "save the file as UTF-8 and try again."
            ) from error


def _records(reader) -> Iterable[tuple[int, list[str] | None, str]]:
    """(line number, values, "") for each record, or (line number, None, reason) where the
    csv module cannot read one (a field over its size limit, a broken quote)."""
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            reason = str(error)
            if "field larger than field limit" in reason:
                reason = f"a value is longer than {csv.field_size_limit():,} characters"
            yield reader.line_num, None, f"not readable as CSV: {reason}"
            continue
        yield reader.line_num, values, ""


def csv_rows(
    stream: Iterable[str], *, columns: list[str], required: set[str]
) -> Iterable[tuple[int, dict[str, str]]]:
    """Check the header, then yield (line number, row as a dict) for each non-blank line.

    The header must name only known columns, each at most once, and every required column.
    A line that cannot be read, or whose values hold a control character (NUL included) or a
    line break, is yielded as {"__error__": reason} with its line number: every value is one
    line of plain text (hub.core.validation's rule).
    """
    records = _records(csv.reader(stream))
    first = next(records, None)
    if first is None:
        raise ImportFileError(
            f"The file is empty: the first line must be the header {','.join(columns)}."
        )
    line, header, reason = first
    if header is None:
        raise ImportFileError(f"line {line}: the header is {reason}.")
    header = [name.strip().lower() for name in header]
    unknown = [name for name in header if name not in columns]
    missing = [name for name in columns if name in required and name not in header]
    repeated = sorted({name for name in header if header.count(name) > 1})
    problems = []
    if unknown:
        names = ", ".join(repr(name)[1:-1] for name in unknown)
        problems.append(f"unknown {noun_for(len(unknown), 'column')} {names}")
    if missing:
        problems.append(f"missing {noun_for(len(missing), 'column')} {', '.join(missing)}")
    if repeated:
        problems.append(f"repeated {noun_for(len(repeated), 'column')} {', '.join(repeated)}")
    if problems:
        raise ImportFileError(
            f"line 1: wrong header: {'; '.join(problems)}. Expected: {','.join(columns)} "
            f"(required: {', '.join(n for n in columns if n in required)})."
        )
    for line, values, reason in records:
        if values is None:
            yield line, {"__error__": reason}
            continue
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            yield line, {"__error__": f"expected {len(header)} values, found {len(values)}"}
            continue
        row = {name: value.strip() for name, value in zip(header, values, strict=True)}
        bad = next(
            (
                (name, problem)
                for name, value in row.items()
                if (problem := text_problem(value, multiline=False))
            ),
            None,
        )
        if bad is not None:
            yield line, {"__error__": f"{bad[0]}: {bad[1]}"}
            continue
        yield line, row


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
    try:  # the database stores UTC: 0001-01-01T00:00:00+14:00 has no UTC instant
        instant.astimezone(UTC)
    except OverflowError as error:
        raise ValueError(f"{text!r} is outside the dates a calendar can hold") from error
    return instant


@dataclass(frozen=True)
class Person:
    """An account as the imports see it. `erased`: they left and their address is gone, so
    only the keyed hash of it (`User.email_hash`) can recognise them."""

    pk: int
    joined_at: datetime | None
    left_at: datetime | None
    erased: bool
    tier_started_at: datetime | None

    def existed_at(self, instant: datetime) -> bool:
        return (
            self.joined_at is not None
            and self.joined_at <= instant
            and (self.left_at is None or self.left_at >= instant)
        )


class People:
    """Every account, loaded in one query (a community has thousands, not millions): those
    with an address by that address, the erased ones by the keyed hash of their last one."""

    def __init__(self) -> None:
        self.by_email: dict[str, Person] = {}
        self.erased_by_hash: dict[str, list[Person]] = {}
        self._hashes: dict[str, str] = {}
        open_tier = TierMembership.objects.filter(member=OuterRef("pk"), ended_at__isnull=True)
        rows = (
            User.objects.annotate(
                email_lower=Lower("email"),
                tier_started_at=Subquery(open_tier.values("started_at")[:1]),
            )
            .values_list(
                "pk", "email_lower", "email_hash", "joined_at", "left_at", "tier_started_at"
            )
            .order_by("pk")
            .iterator(chunk_size=5000)
        )
        for pk, email, email_hash, joined_at, left_at, tier_started_at in rows:
            erased = email.endswith("@" + ERASED_EMAIL_DOMAIN)
            person = Person(pk, joined_at, left_at, erased, tier_started_at)
            if not erased:
                self.by_email[email] = person
            elif email_hash:
                self.erased_by_hash.setdefault(email_hash, []).append(person)

    def email_hash(self, email: str) -> str:
        """`email_lookup_hash`, computed once per address however many rows name it."""
        if email not in self._hashes:
            self._hashes[email] = email_lookup_hash(email)
        return self._hashes[email]

    def erased(self, email: str) -> list[Person]:
        """The departed accounts whose erased address was `email`, the latest departure first."""
        found = self.erased_by_hash.get(self.email_hash(email), [])
        return sorted(found, key=lambda person: person.left_at or person.joined_at, reverse=True)

    def candidates(self, email: str) -> list[Person]:
        """Everyone `email` may mean: the account using it now, then the departed ones."""
        current = self.by_email.get(email)
        return ([current] if current else []) + self.erased(email)


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
    email = email_normalise(row.get("email", ""))
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
    stream: Iterable[str],
    now: datetime,
    skip_invalid: bool = False,
    source_name: str = "CSV",
    progress: Progress = _quiet,
) -> ImportReport:
    """Import members: new people become members (joined, verified, in the given tier since
    they joined); known people are updated where the file says something different. A row with
    `left_at` is a departure: the member leaves through `member_leave`, so every app's leave
    handler runs (tier closed, personal data erased, seats released).

    People are recognised by address, and once they left (their address erased) by the keyed
    hash of it, so importing the same file again changes nothing. A departed member whose row
    says something else (no `left_at`, or another date) is reported, never brought back."""
    report = ImportReport()
    tiers = _tier_lookup()
    people = People()
    plans: list[MemberPlan] = []
    first_line_of: dict[str, int] = {}
    for line, row in csv_rows(stream, columns=MEMBER_COLUMNS, required=MEMBER_REQUIRED):
        if "__error__" in row:
            report.errors.append(RowError(line, row["__error__"]))
            continue
        try:
            member_row = _member_row(line, row, tiers=tiers, now=now)
            if member_row.email in first_line_of:
                raise ValueError(
                    f"{member_row.email} is already on line {first_line_of[member_row.email]}"
                )
            first_line_of[member_row.email] = line
            plans.append(_member_plan(member_row, people=people))
        except ValueError as error:
            report.errors.append(RowError(line, str(error)))
    progress(f"Checked {len(plans) + report.rejected} rows: {report.rejected} bad.")
    if report.errors and not skip_invalid:
        return report
    with transaction.atomic():
        _members_write(plans, report=report, now=now, source_name=source_name, progress=progress)
        audit_record(
            actor=None,
            action="members.import",
            now=now,
            data={**report.counts, "source": source_name},
        )
    report.imported = True
    return report


@dataclass(frozen=True)
class MemberPlan:
    """What the import does with one good row: `action` is "create", "update", "leave"
    (a known member departs), "complete_departure" (one who left before departures were
    erased), or "unchanged" (a departure imported before)."""

    row: MemberRow
    action: str
    person: Person | None = None


def _day(instant: datetime | None) -> str:
    return f"{timezone.localtime(instant, community_zone()):%Y-%m-%d}" if instant else "?"


def _member_plan(row: MemberRow, *, people: People) -> MemberPlan:
    """Decide what to do with a checked row; raises ValueError for a row that contradicts what
    Hub already knows (checked before anything is written)."""
    candidates = people.candidates(row.email)
    # The departure this row describes, already recorded: nothing to do (a second import).
    for person in candidates:
        if person.left_at is not None and row.left_at == person.left_at:
            if person.erased:
                return MemberPlan(row, "unchanged", person)
            return MemberPlan(row, "complete_departure", person)
    person = candidates[0] if candidates else None
    if person is None:
        return MemberPlan(row, "create")
    if person.left_at is not None:
        says = f"left_at {_day(row.left_at)}" if row.left_at else "no left_at"
        erased = " and their personal data was erased" if person.erased else ""
        raise ValueError(
            f"{row.email} left the community on {_day(person.left_at)}{erased}; the file gives "
            f"{says}. An import does not bring a member back nor move a departure: fix the row, "
            "or leave it out (to come back, they sign up again)."
        )
    if row.left_at is None:
        return MemberPlan(row, "update", person)
    if person.tier_started_at is not None and row.left_at < person.tier_started_at:
        raise ValueError(
            f"left_at {_day(row.left_at)} is before {row.email}'s current tier began on "
            f"{_day(person.tier_started_at)}"
        )
    return MemberPlan(row, "leave", person)


def _members_write(
    plans: list[MemberPlan],
    *,
    report: ImportReport,
    now: datetime,
    source_name: str,
    progress: Progress,
) -> None:
    by_action: dict[str, list[MemberPlan]] = {}
    for plan in plans:
        by_action.setdefault(plan.action, []).append(plan)
    created = by_action.get("create", [])
    created_ids: dict[str, int] = {}
    if created:
        created_ids = _members_create(
            [plan.row for plan in created], now=now, source_name=source_name
        )
        report.created = len(created)
        progress(f"Created {len(created)} members.")
    if by_action.get("update"):
        _members_update(by_action["update"], report=report, now=now, source_name=source_name)
        progress(f"Checked {len(by_action['update'])} existing members.")
    report.unchanged += len(by_action.get("unchanged", []))
    # Departures last, one at a time through the leaving service, so every app's leave
    # handler runs (a departure among the new members was created above, then leaves).
    departures = [
        (plan, plan.person.pk)
        for plan in by_action.get("leave", []) + by_action.get("complete_departure", [])
    ] + [(plan, created_ids[plan.row.email]) for plan in created if plan.row.left_at]
    for plan, pk in departures:
        member = User.objects.get(pk=pk)
        if plan.action == "leave" and plan.row.joined_at and member.joined_at != plan.row.joined_at:
            member.joined_at = plan.row.joined_at
            member.save(update_fields=["joined_at"])
        if plan.action != "create":
            report.updated += 1
        member_leave(member=member, now=member.left_at or plan.row.left_at, actor=None)
    if departures:
        progress(f"{len(departures)} members left (their personal data erased).")


def _members_create(rows: list[MemberRow], *, now: datetime, source_name: str) -> dict[str, int]:
    """New members in bulk: account, verified address, profile, and their tier since they
    joined. Returns their ids by address."""
    entry_tier = Tier.objects.get(level=ENTRY_TIER_LEVEL)
    unusable_password = make_password(None)
    for batch in _batches(rows):
        User.objects.bulk_create(
            [
                User(
                    email=row.email,
                    email_hash=email_lookup_hash(row.email),
                    password=unusable_password,
                    date_joined=row.joined_at or now,
                    joined_at=row.joined_at or now,
                )
                for row in batch
            ],
            batch_size=BATCH_SIZE,
        )
    ids = dict(
        User.objects.filter(email__in=[row.email for row in rows]).values_list("email", "pk")
    )
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=ids[row.email], email=row.email, verified=True, primary=True)
            for row in rows
        ],
        batch_size=BATCH_SIZE,
    )
    Profile.objects.bulk_create(
        [
            Profile(user_id=ids[row.email], display_name=row.name, how_heard=row.how_heard)
            for row in rows
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
            for row in rows
        ],
        batch_size=BATCH_SIZE,
    )
    return ids


def _members_update(
    plans: list[MemberPlan], *, report: ImportReport, now: datetime, source_name: str
) -> None:
    ids = [plan.person.pk for plan in plans]
    users = User.objects.in_bulk(ids)
    profiles = {profile.user_id: profile for profile in Profile.objects.filter(user_id__in=ids)}
    current_tiers = dict(
        TierMembership.objects.filter(member_id__in=ids, ended_at__isnull=True).values_list(
            "member_id", "tier_id"
        )
    )
    changed_users, changed_profiles, new_profiles = [], [], []
    for plan in plans:
        row, user = plan.row, users[plan.person.pk]
        profile = profiles.get(user.pk)
        changed = False
        if row.joined_at and user.joined_at != row.joined_at:
            user.joined_at = row.joined_at
            changed_users.append(user)
            changed = True
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
    User.objects.bulk_update(changed_users, ["joined_at"], batch_size=BATCH_SIZE)
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


def _activity_row(line: int, row: dict, *, people: People, now: datetime) -> ActivityRow:
    """One activity row, checked; raises ValueError with the reason. The member is recognised
    by address, or by the keyed hash of it once they left (their history still counts)."""
    email = email_normalise(row.get("email", ""))
    candidates = people.candidates(email)
    if not candidates:
        raise ValueError(f"no member has the email {email!r} (import the members first)")
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
    # Someone who left and signed up again has two accounts: the one that existed then.
    person = next((p for p in candidates if p.existed_at(occurred_at)), candidates[0])
    member_id, joined_at, left_at = person.pk, person.joined_at, person.left_at
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
    stream: Iterable[str],
    now: datetime,
    skip_invalid: bool = False,
    source_name: str = "CSV",
    progress: Progress = _quiet,
) -> ImportReport:
    """Import activities: a new `(source, external_id)` becomes a ledger row with the kind's
    points; a known one is updated where the file differs, and left alone where it does not."""
    report = ImportReport()
    people = People()
    good: list[ActivityRow] = []
    first_line_of: dict[tuple[str, str], int] = {}
    for line, row in csv_rows(stream, columns=ACTIVITY_COLUMNS, required=ACTIVITY_REQUIRED):
        if "__error__" in row:
            report.errors.append(RowError(line, row["__error__"]))
            continue
        try:
            activity_row = _activity_row(line, row, people=people, now=now)
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
