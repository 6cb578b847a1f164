"""Referral codes and first-touch attribution: making an ambassador's code, keeping the first
touch of a visit (`?ref=` and the UTM parameters) in a signed cookie for 30 days, storing it
on the member at signup with their "How did you hear about us?" answer, and crediting the
ambassador with one `referral` activity when the referred member confirms their email.

The cookie is signed (Django's signing with the site's secret), so a visitor cannot forge a
referral; it carries a timestamp checked on every read, so a 31-day-old touch is ignored even
by a browser that kept the cookie. A later touch never replaces it while it is valid. An
unknown, malformed or retired code is dropped silently: the visitor just sees the page.
"""

import json
import re
import secrets
import unicodedata
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction

from ambassadors.models import Ambassador, AmbassadorTerm, SignupAttribution
from hub.core.audit import audit_record
from members.models import ActivityKind, Profile, User
from members.services.activities import activity_record

COOKIE_NAME = "hub_first_touch"
COOKIE_SALT = "ambassadors.first_touch"
FIRST_TOUCH_DAYS = 30
FIRST_TOUCH_MAX_AGE = timedelta(days=FIRST_TOUCH_DAYS)
UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")
UTM_MAX_LENGTH = 100
PATH_MAX_LENGTH = 300
HOW_HEARD_MAX_LENGTH = 200
HOW_HEARD_FIELD = "how_heard"
ACTIVITY_SOURCE = "ambassadors"

#: A code is a name part of 1-10 letters, a dash and three letters or digits: OLENA-7K2.
CODE_PATTERN = re.compile(r"^[A-Z]{1,10}-[A-Z0-9]{3}$")
#: Letters and digits nobody misreads (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_NAME_LENGTH = 8


@dataclass(frozen=True)
class FirstTouch:
    """What the first landing of a visit carried: a valid referral code and/or UTM values."""

    ref: str = ""
    utm_source: str = ""
    utm_medium: str = ""
    utm_campaign: str = ""
    utm_content: str = ""
    utm_term: str = ""
    path: str = ""
    at: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.ref or any(getattr(self, name) for name in UTM_FIELDS))

    @property
    def touched_at(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.at) if self.at else None
        except ValueError:
            return None


def _clean_text(value: str, limit: int) -> str:
    """Printable text only, trimmed: a parameter can hold anything a link-maker typed."""
    printable = "".join(ch for ch in value if ch.isprintable())
    return " ".join(printable.split())[:limit]


def referral_code_normalize(raw: str) -> str:
    """The code as stored (upper case, trimmed), or "" when it cannot be a code at all."""
    code = raw.strip().upper()
    return code if CODE_PATTERN.match(code) else ""


def _ambassador_for_code(code: str, *, now: datetime) -> Ambassador | None:
    """The ambassador whose code this is, while it is live: not retired, and its owner a
    current member with a term covering `now`."""
    if not code:
        return None
    ambassador = (
        Ambassador.objects.filter(referral_code=code, code_retired_at__isnull=True)
        .select_related("member")
        .first()
    )
    if ambassador is None or not ambassador.member.is_member_at(now):
        return None
    in_term = AmbassadorTerm.objects.filter(
        member_id=ambassador.member_id, starts_at__lte=now, ends_at__gt=now
    ).exists()
    return ambassador if in_term else None


def referral_code_is_live(code: str, *, now: datetime) -> bool:
    return _ambassador_for_code(referral_code_normalize(code), now=now) is not None


def first_touch_from_request(request, *, now: datetime) -> FirstTouch:
    """The touch this request carries: its `ref` if the code is live, its UTM values, the
    path it landed on. Empty when it carries nothing worth keeping (no query then)."""
    params = request.GET
    utm = {name: _clean_text(params.get(name, ""), UTM_MAX_LENGTH) for name in UTM_FIELDS}
    code = referral_code_normalize(params.get("ref", ""))
    if not code and not any(utm.values()):
        return FirstTouch()
    if code and _ambassador_for_code(code, now=now) is None:
        code = ""
    touch = FirstTouch(
        ref=code,
        path=_clean_text(request.path, PATH_MAX_LENGTH),
        at=now.isoformat(),
        **utm,
    )
    return FirstTouch() if touch.is_empty else touch


def first_touch_read(request) -> FirstTouch | None:
    """The kept first touch, if the cookie is there, signed by us and less than 30 days old."""
    raw = request.get_signed_cookie(
        COOKIE_NAME,
        default=None,
        salt=COOKIE_SALT,
        max_age=FIRST_TOUCH_MAX_AGE.total_seconds(),
    )
    if not raw:
        return None
    try:
        data = json.loads(raw)
        touch = FirstTouch(**{key: str(value) for key, value in data.items()})
    except (ValueError, TypeError):
        return None
    return None if touch.is_empty else touch


def first_touch_keep(*, request, response, now: datetime) -> bool:
    """The landing hook: keep this request's touch in the cookie, unless a first touch is kept
    already or the visitor is signed in. Returns whether the cookie was set."""
    if request.method not in {"GET", "HEAD"}:
        return False
    if "ref" not in request.GET and not any(name in request.GET for name in UTM_FIELDS):
        return False
    if first_touch_read(request) is not None:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    touch = first_touch_from_request(request, now=now)
    if touch.is_empty:
        return False
    response.set_signed_cookie(
        COOKIE_NAME,
        json.dumps({key: value for key, value in asdict(touch).items() if value}),
        salt=COOKIE_SALT,
        max_age=int(FIRST_TOUCH_MAX_AGE.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return True


@transaction.atomic
def signup_attribution_record(*, member: User, request, now: datetime) -> SignupAttribution:
    """The signup handler: store the kept first touch and the "How did you hear about us?"
    answer (a `how_heard` field of the signup form) on the new member. The code is checked
    again: one retired since the visit is dropped. The answer also goes to the member's
    profile when it has none. Never fails the signup: bad values are dropped."""
    touch = first_touch_read(request) or FirstTouch()
    post = getattr(request, "POST", {}) or {}
    how_heard = _clean_text(str(post.get(HOW_HEARD_FIELD, "")), HOW_HEARD_MAX_LENGTH)
    ambassador = _ambassador_for_code(touch.ref, now=now)
    if ambassador is not None and ambassador.member_id == member.pk:
        ambassador = None
    attribution, _ = SignupAttribution.objects.get_or_create(
        member=member,
        defaults={
            "referral_code": ambassador.referral_code if ambassador else "",
            "referrer": ambassador.member if ambassador else None,
            "landing_path": touch.path,
            "first_touch_at": touch.touched_at,
            "how_heard": how_heard,
            "signed_up_at": now,
            **{name: getattr(touch, name) for name in UTM_FIELDS},
        },
    )
    if how_heard:
        Profile.objects.get_or_create(user=member)
        Profile.objects.filter(user=member, how_heard="").update(how_heard=how_heard)
    return attribution


@transaction.atomic
def referral_credit(*, member: User, now: datetime) -> bool:
    """The join handler: the member confirmed their email. If they signed up through an
    ambassador's code, record one `referral` activity for that ambassador, keyed by the new
    member's id, so a second confirmation, a retried task or a second signup of the same
    person never counts twice. Not credited when the ambassador has left meanwhile."""
    attribution = (
        SignupAttribution.objects.select_for_update(of=("self",))
        .filter(member=member, referrer__isnull=False, referral_credited_at__isnull=True)
        .select_related("referrer")
        .first()
    )
    if attribution is None or not attribution.referrer.is_member_at(now):
        return False
    result = activity_record(
        member=attribution.referrer,
        kind=ActivityKind.REFERRAL,
        occurred_at=now,
        source=ACTIVITY_SOURCE,
        external_id=f"referral-{member.pk}",
        title="A new member joined through your referral link",
        metadata={"referral_code": attribution.referral_code},
        now=now,
    )
    attribution.referral_credited_at = now
    attribution.save(update_fields=["referral_credited_at"])
    if result.created:
        audit_record(
            actor=None,
            action="ambassador_referral.credit",
            subject=attribution.referrer,
            target=attribution,
            now=now,
            data={"referral_code": attribution.referral_code},
        )
    return result.created


def _name_part(member: User) -> str:
    name = member.display_name or ""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    first_word = next((word for word in ascii_name.split() if word), "")
    letters = "".join(ch for ch in first_word.upper() if "A" <= ch <= "Z")
    return letters[:CODE_NAME_LENGTH] or "HUB"


def referral_code_generate(member: User) -> str:
    """A readable code not used before: their first name's letters and three characters
    nobody misreads (OLENA-7K2). Cyrillic names keep their Latin letters (or become HUB)."""
    name = _name_part(member)
    while True:
        code = f"{name}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(3))
        if not Ambassador.objects.filter(referral_code=code).exists():
            return code


def ambassador_ensure(*, member: User, now: datetime) -> Ambassador:
    """The member's programme record with a referral code, made at their first approval."""
    existing = Ambassador.objects.filter(member=member).first()
    if existing is not None:
        return existing
    for _ in range(5):
        try:
            with transaction.atomic():
                return Ambassador.objects.create(
                    member=member, referral_code=referral_code_generate(member), created_at=now
                )
        except IntegrityError:  # a concurrent approval took the same code: draw again
            continue
    raise RuntimeError("Could not find a free referral code after five tries.")
