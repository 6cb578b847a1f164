"""Every way one app plugs into another, declared once, each with its contract.

Hub's apps sit in layers (see docs/architecture.md): an app may import the apps below it, never
the ones above. When a lower app needs something from a higher one (members needs the events
app to cancel a leaver's seats, the site needs every app's navigation links), the lower side
declares an *extension point* here and the higher app *registers* with it in its
`AppConfig.ready()`. Adding an app then touches only its own folder and `INSTALLED_APPS`.

An app's registrations live in `<app>/extensions.py`, in one function `register()` that its
`AppConfig.ready()` calls. Every registration names the app it belongs to (`app="events"`), so a
test can list what each app contributes (`registered_by_app`) and insist that an app whose models
hold member data registers both an export section and a leave handler.

Registering the same key twice replaces the earlier entry (a reloaded module does not register
twice). `items()` returns the entries sorted by `order`, then key.

The points, in the style of pretix's `base/signals.py`: for each, what you register, when it is
called, with what, and what you must (and must not) do.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # only for the annotations: the floor imports no app at run time
    from django.http import HttpRequest

Item = TypeVar("Item")


class ExtensionPoint(Generic[Item]):
    """A named registry of one kind of item. Items are frozen dataclasses with `app`, a key
    field and, where order matters, `order`."""

    def __init__(self, name: str, *, key: str = "name") -> None:
        self.name = name
        self._key = key
        self._items: dict[str, Item] = {}

    def register(self, item: Item) -> Item:
        self._items[getattr(item, self._key)] = item
        return item

    def unregister(self, key: str) -> None:
        """For tests that register a throw-away item."""
        self._items.pop(key, None)

    def items(self) -> list[Item]:
        return sorted(
            self._items.values(),
            key=lambda item: (getattr(item, "order", 0), getattr(item, self._key)),
        )

    def get(self, key: str) -> Item | None:
        return self._items.get(key)

    def apps(self) -> set[str]:
        return {item.app for item in self._items.values()}

    def __repr__(self) -> str:
        return f"<ExtensionPoint {self.name}: {len(self._items)} items>"


# --- Pages and the API ----------------------------------------------------------------------


@dataclass(frozen=True)
class UrlMount:
    """An app's site pages, included by the root URLconf at `prefix` ("members/", or "" for
    an app that owns top-level paths such as /events/ and /groups/). `urlconf` is the dotted
    path of the app's `urls` module, which sets `app_name` (the URL namespace)."""

    app: str
    urlconf: str
    prefix: str = ""
    order: int = 100

    @property
    def name(self) -> str:
        return self.urlconf


url_mounts: ExtensionPoint[UrlMount] = ExtensionPoint("url_mounts")


@dataclass(frozen=True)
class ApiMount:
    """An app's API views, included under /api/v1/ (namespace `v1`). `urlconf` is the dotted
    path of the app's `api.urls` module; its paths must not collide with another app's."""

    app: str
    urlconf: str
    order: int = 100

    @property
    def name(self) -> str:
        return self.urlconf


api_mounts: ExtensionPoint[ApiMount] = ExtensionPoint("api_mounts")


@dataclass(frozen=True)
class NavLink:
    """A link in the site's main navigation. `url_name` is reversed for each request; a name
    that does not reverse is left out. `audience`: "all", "member" (logged in) or "manager".
    The site orders links by `order` (the home page is 0; leave gaps of 10)."""

    app: str
    label: str
    url_name: str
    audience: str = "all"
    order: int = 100

    @property
    def name(self) -> str:
        return self.url_name

    def __post_init__(self) -> None:
        if self.audience not in {"all", "member", "manager"}:
            raise ValueError(f"NavLink audience must be all, member or manager: {self.audience}")


navigation_links: ExtensionPoint[NavLink] = ExtensionPoint("navigation_links")


@dataclass(frozen=True)
class ConsoleCard:
    """One line of the managers' console: something that may need a manager today."""

    label: str
    count: int
    url: str
    detail: str = ""
    needs_attention: bool = False


@dataclass(frozen=True)
class ConsoleSection:
    """A section of the managers' console (`/manage/`). `collect(now=...)` returns the
    section's cards; it must run a fixed number of queries whatever the community's size
    (aggregate in SQL) and never write."""

    app: str
    name: str
    title: str
    collect: Callable[..., list[ConsoleCard]]
    order: int = 100


console_sections: ExtensionPoint[ConsoleSection] = ExtensionPoint("console_sections")


@dataclass(frozen=True)
class PagePanel:
    """A panel that a higher app draws on a lower app's page (the events app's upcoming RSVPs
    on the member's dashboard; the metrics app's ambassador NPS on the programme's page).
    `page` names the page, as the page's own app documents it ("members.dashboard").
    `context(**page_values)` returns the template's context; it gets the values the page
    passes (the dashboard passes `member` and `now`) and runs a fixed number of queries.
    `template` renders one `<section class="card">` with its own h2. The page includes its
    panels after its own content, by `order`; `panels_for(page, **values)` builds them."""

    app: str
    page: str
    name: str
    template: str
    context: Callable[..., dict]
    order: int = 100


page_panels: ExtensionPoint[PagePanel] = ExtensionPoint("page_panels")


def panels_for(page: str, **values: Any) -> list[dict]:
    """The panels of `page`, each as {"template": ..., **its context}, for `{% include %}`."""
    return [
        {"template": panel.template, **panel.context(**values)}
        for panel in page_panels.items()
        if panel.page == page
    ]


@dataclass(frozen=True)
class LandingHook:
    """Called by the site's middleware on every request that reaches a view, after the view:
    `process(request=..., response=...)`. For what a visit must leave behind whatever page it
    lands on (the first-touch attribution cookie of `?ref=` and `utm_*`). Must be cheap (no
    query for a request that carries nothing for it), must never fail the response, and may
    only add cookies or headers."""

    app: str
    name: str
    process: Callable[..., None]
    order: int = 100


landing_hooks: ExtensionPoint[LandingHook] = ExtensionPoint("landing_hooks")


# --- Scheduled jobs -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduledJob:
    """A Celery task that beat sends on a crontab, in the community's time zone. The site
    copies every registered job into django-celery-beat's tables at each `migrate` (managers
    see and pause them in the admin). `name` is the job's stable identity: renaming it makes a
    new row. The task must be idempotent: a second run of a job changes nothing."""

    app: str
    name: str
    task: str
    description: str
    minute: str = "0"
    hour: str = "*"
    day_of_week: str = "*"
    day_of_month: str = "*"
    month_of_year: str = "*"


scheduled_jobs: ExtensionPoint[ScheduledJob] = ExtensionPoint("scheduled_jobs")


# --- The demo community ---------------------------------------------------------------------


DEMO_PASSWORD = "hub-demo-password"
DEMO_MANAGER_EMAIL = "manager@demo.hub.test"
DEMO_MEMBER_EMAIL = "member@demo.hub.test"


@dataclass
class DemoContext:
    """What `seed_demo` hands every step: one random generator (so the whole demo is
    deterministic for a seed), the instant it pretends is now, the member count asked for and a
    `progress(message)` function for long steps. `made` is for a step's own notes to later
    steps; prefer reading the database, which is the truth after a second run."""

    rng: random.Random
    now: datetime
    member_count: int
    progress: Callable[[str], None]
    made: dict = field(default_factory=dict)


@dataclass(frozen=True)
class DemoStep:
    """A step of `seed_demo`: `run(context=DemoContext) -> str` builds part of the demo
    community and returns one line saying what it did. It must be deterministic for a seed and
    safe to run twice (the second run finds what the first made and adds nothing). Steps run by
    `order`: members 10, events 20, recognition 30, ambassadors 40, metrics 90."""

    app: str
    name: str
    run: Callable[..., str]
    order: int = 100


demo_steps: ExtensionPoint[DemoStep] = ExtensionPoint("demo_steps")


# --- A member's own data: export and leaving ------------------------------------------------


@dataclass(frozen=True)
class ExportSection:
    """A section of "Your data" (the member's JSON export). `collect(member)` returns
    JSON-serialisable data (dates and datetimes are fine) about that member only; a few
    queries, never one per row. `name` is the key in the exported file."""

    app: str
    name: str
    collect: Callable[[Any], Any]
    order: int = 100


export_sections: ExtensionPoint[ExportSection] = ExtensionPoint("export_sections")


@dataclass(frozen=True)
class LeaveHandler:
    """Called when a member leaves, inside the leaving transaction and after the member row
    is locked: `erase(member=..., now=...)`. Erase or anonymise what the app holds about the
    member, release what they hold (seats, roles) through the app's own services, and keep the
    rows that past figures count (a past month must not change). Raise nothing for a member
    with no data here. Members' own erasure runs last (order 1000), so handlers still see the
    member's name and email if they need them for a notification."""

    app: str
    name: str
    erase: Callable[..., None]
    order: int = 100


leave_handlers: ExtensionPoint[LeaveHandler] = ExtensionPoint("leave_handlers")


# --- A member's life cycle ------------------------------------------------------------------


@dataclass(frozen=True)
class SignupHandler:
    """Called when someone signs up (before their email is verified), inside the request:
    `handle(member=..., request=HttpRequest, now=...)`. For what only the signup request
    knows (a referral cookie, UTM parameters). Must not fail the signup: ignore bad input."""

    app: str
    name: str
    handle: Callable[..., None]
    order: int = 100


signup_handlers: ExtensionPoint[SignupHandler] = ExtensionPoint("signup_handlers")


@dataclass(frozen=True)
class JoinHandler:
    """Called once when a member joins (their email is verified and `joined_at` is set), in
    the joining transaction: `handle(member=..., now=...)`. Enqueue emails on commit."""

    app: str
    name: str
    handle: Callable[..., None]
    order: int = 100


join_handlers: ExtensionPoint[JoinHandler] = ExtensionPoint("join_handlers")


# --- Events and surveys ---------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyLinkProvider:
    """The link to the post-event survey, put in the follow-up email to each checked-in
    attendee: `link(event=..., member=...) -> absolute URL or None`. At most one provider (the
    metrics app's surveys); with none, follow-up emails carry no survey link."""

    app: str
    link: Callable[..., str | None]
    name: str = "event_survey_link"


survey_link_providers: ExtensionPoint[SurveyLinkProvider] = ExtensionPoint("survey_link_providers")


def event_survey_link(*, event: Any, member: Any) -> str | None:
    provider = survey_link_providers.get("event_survey_link")
    return provider.link(event=event, member=member) if provider else None


# --- The audit log ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditAction:
    """How an audit entry's action is said, written when the entry is shown and never stored,
    so erasing a member needs no text search. `sentence` is a `str.format` template, or a
    function of the values that returns the sentence (for wording that depends on a value, such
    as a count: `hub.core.text.counted`). The values: `actor` (who did it, or "The system"),
    `subject` (the member it is about, "Former member" once they left), `target` (the object's
    text, read only when the sentence asks for it) and every key of the entry's `data`. Never
    put a person's name in `data`: refer to them as the subject. `free_text` names the keys of
    `data` that hold text someone wrote about the subject (a reason, a note): they are erased
    when the subject leaves."""

    app: str
    code: str
    sentence: str | Callable[[dict], str]
    free_text: tuple[str, ...] = ()


audit_actions: ExtensionPoint[AuditAction] = ExtensionPoint("audit_actions", key="code")


# --- Roles -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ManagedApp:
    """An app whose models community managers run: the `Community managers` group gets every
    permission of the app's models after each `migrate`."""

    app: str

    @property
    def name(self) -> str:
        return self.app


managed_apps: ExtensionPoint[ManagedApp] = ExtensionPoint("managed_apps")


ALL_POINTS: tuple[ExtensionPoint, ...] = (
    url_mounts,
    api_mounts,
    navigation_links,
    console_sections,
    page_panels,
    landing_hooks,
    scheduled_jobs,
    demo_steps,
    export_sections,
    leave_handlers,
    signup_handlers,
    join_handlers,
    survey_link_providers,
    audit_actions,
    managed_apps,
)


def registered_by_app() -> dict[str, dict[str, list[str]]]:
    """{app: {point: [keys]}}: what each app contributes, for tests and the docs."""
    table: dict[str, dict[str, list[str]]] = {}
    for point in ALL_POINTS:
        for item in point.items():
            key = getattr(item, point._key)
            table.setdefault(item.app, {}).setdefault(point.name, []).append(key)
    return table


def signup_notify(*, member: Any, request: HttpRequest, now: datetime) -> None:
    for handler in signup_handlers.items():
        handler.handle(member=member, request=request, now=now)


def join_notify(*, member: Any, now: datetime) -> None:
    for handler in join_handlers.items():
        handler.handle(member=member, now=now)
