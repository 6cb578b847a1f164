"""Every HTML page of the site (not the admin console, not the API) passes axe-core (WCAG 2.1
A and AA, no serious or critical violation) and has exactly one h1, as a visitor, a member, a
manager and a group leader see it, in a small but realistic community: with data on every list,
and with each form's error state after a bad submission.

One walk per role through a browser, collecting every failure, so one run lists them all.
"""

import re
from datetime import timedelta

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.utils import timezone

from events.models import EventSeries, EventStatus, EventVisibility, RsvpStatus
from events.services.checkins import checkin_record
from events.services.health import group_health_compute_now
from events.services.rsvps import rsvp_create
from events.services.series import series_generate
from events.tests.factories import (
    EventFactory,
    EventHostFactory,
    GroupMembershipFactory,
    UserGroupFactory,
)
from members.models import Award, Badge, CaseStudy, IdeaVote, Spotlight
from members.services.activities import activity_record
from members.services.ideas import idea_create, idea_status_set, idea_vote
from members.services.profiles import profile_update, skill_reject, skill_suggest
from members.services.recognition import (
    award_publish,
    badge_award,
    case_study_publish,
    spotlight_publish,
)
from members.tests.factories import (
    ManagerFactory,
    MemberFactory,
    SkillFactory,
    UserFactory,
    member_move_to_tier,
)
from tests.e2e.steps import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)

#: What a form's error state shows: a field error, an alert, or an error message.
ERROR_MARKERS = ".field-errors, .errorlist, [role='alert'], .message-error, [aria-invalid='true']"


def _community() -> dict:
    """A member, another member, a manager, a group with its leader, events (upcoming with a
    waitlist, started, past with check-ins, a series occurrence), ideas with votes, published
    recognition, a badge award and a history of activities."""
    now = timezone.now()
    joined = now - timedelta(days=400)
    member = MemberFactory(email="mira@example.com", name="Mira Member", joined_at=joined)
    other = MemberFactory(email="oleh@example.com", name="Oleh Other", joined_at=joined)
    manager = ManagerFactory(email="maya@example.com", name="Maya Manager", joined_at=joined)
    leader = MemberFactory(email="lena@example.com", name="Lena Leader", joined_at=joined)
    quiet = MemberFactory(email="quinn@example.com", name="Quinn Quiet", joined_at=joined)
    back = MemberFactory(email="ray@example.com", name="Ray Returned", joined_at=joined)
    for person in (member, other, leader):
        person.profile.directory_opt_in = True
        person.profile.headline = "Builds web things"
        person.profile.save(update_fields=["directory_opt_in", "headline"])
    member_move_to_tier(member, 2, now=now - timedelta(days=100))  # a tier history to show

    # Skills: a list to pick from; Mira holds two, has a suggestion awaiting review and one a
    # manager did not accept (her profile page says why).
    for name in ("Python", "Django", "PostgreSQL", "Technical writing", "Machine learning"):
        SkillFactory(name=name)
    profile_update(member=member, skills=["Python", "Django"], skill_suggestion="Zig", now=now)
    cobol = skill_suggest(member=member, name="Cobol", now=now)
    skill_reject(skill=cobol, actor=manager, reason="We keep to current tools.", now=now)

    group = UserGroupFactory(
        name="Kyiv Python", slug="kyiv-python", leader=leader, co_organizers=[other]
    )
    for person in (member, other, quiet):
        GroupMembershipFactory(group=group, member=person, joined_at=joined)

    # Activities: the member is active; Quinn is slipping away; Ray has come back.
    for days, kind in ((3, "code"), (20, "docs"), (50, "idea")):
        activity_record(
            member=member,
            kind=kind,
            occurred_at=now - timedelta(days=days),
            source="web",
            title=f"A {kind} contribution",
            now=now,
        )
    activity_record(
        member=quiet, kind="code", occurred_at=now - timedelta(days=45), source="web", now=now
    )
    for days in (60, 2):
        activity_record(
            member=back, kind="code", occurred_at=now - timedelta(days=days), source="web", now=now
        )

    # Events: upcoming (the member going), a one-seat one with a waitlist, one under way,
    # a past one with check-ins, and an occurrence of a monthly series.
    soon = now + timedelta(days=3)
    upcoming = EventFactory(
        title="Async Python evening",
        group=group,
        capacity=20,
        starts_at=soon,
        ends_at=soon + timedelta(hours=2),
    )
    full = EventFactory(
        title="Profiling clinic",
        group=group,
        capacity=1,
        starts_at=soon,
        ends_at=soon + timedelta(hours=2),
    )
    started = EventFactory(
        title="Code review night",
        group=group,
        starts_at=now - timedelta(minutes=10),
        ends_at=now + timedelta(hours=2),
    )
    past = EventFactory(
        title="Testing workshop",
        group=group,
        starts_at=now - timedelta(days=10),
        ends_at=now - timedelta(days=10) + timedelta(hours=2),
    )
    for event in (upcoming, full, started, past):
        EventHostFactory(event=event, member=leader)
    early = now - timedelta(days=12)
    for event in (upcoming, started, past):
        rsvp_create(event=event, member=member, now=early)
        rsvp_create(event=event, member=other, now=early)
    rsvp_create(event=full, member=other, now=early)
    rsvp_create(event=full, member=member, now=early)  # the waitlist
    checkin_record(event=past, member=member, actor=leader, now=past.starts_at)
    checkin_record(event=started, member=other, actor=leader, now=now)
    series = EventSeries.objects.create(
        title="Monthly virtual meetup",
        slug="monthly-virtual-meetup",
        group=group,
        rrule="FREQ=MONTHLY;BYDAY=1WE",
        starts_on=(now - timedelta(days=40)).date(),
        local_start_time=(now.replace(hour=19, minute=0)).time(),
        duration_minutes=90,
        time_zone="Europe/Kyiv",
        online_url="https://meet.example.com/monthly",
        created_at=now - timedelta(days=90),
    )
    series_generate(series=series, now=now)
    occurrence = series.occurrences.filter(status=EventStatus.PUBLISHED).first()
    group_health_compute_now(now=now)

    # Ideas with votes, one with a status from a manager.
    idea = idea_create(
        author=member, title="A mentoring programme", body="Pair newcomers up.", now=now
    )
    planned = idea_create(author=other, title="A winter hackathon", body="In January.", now=now)
    for voter in (other, leader, manager):
        idea_vote(idea=idea, member=voter, now=now)
    idea_vote(idea=planned, member=member, now=now)
    idea_status_set(idea=planned, status="planned", comment="We are on it.", actor=manager, now=now)

    # Recognition, published.
    badge = Badge.objects.create(
        name="Mentor", slug="mentor", description="Helped a newcomer.", icon="★"
    )
    badge_award(badge=badge, member=member, actor=manager, reason="Paired with Oleh", now=now)
    spotlight = Spotlight.objects.create(
        month=now.date().replace(day=1), member=member, story="Mira rebuilt the docs."
    )
    spotlight_publish(spotlight=spotlight, actor=manager, now=now)
    award = Award.objects.create(
        category="Contributor of the year", year=now.year, winner=other, citation="Tireless."
    )
    award_publish(award=award, actor=manager, now=now)
    story = CaseStudy.objects.create(
        member=member,
        title="From newcomer to maintainer",
        slug="newcomer-to-maintainer",
        summary="How Mira found her way.",
        body="It started with a typo fix.",
    )
    case_study_publish(case_study=story, actor=manager, now=now)
    assert IdeaVote.objects.count() == 4
    assert full.rsvps.filter(status=RsvpStatus.WAITLISTED).count() == 1
    assert occurrence is not None

    # Someone who signed up and has not confirmed yet: the link in their email.
    newcomer = UserFactory(email="nina@example.com")
    address = EmailAddress.objects.create(user=newcomer, email=newcomer.email, primary=True)

    return {
        "confirm_key": EmailConfirmationHMAC(address).key,
        "reset_path": (
            f"/accounts/password/reset/key/{user_pk_to_url_str(other)}-"
            f"{default_token_generator.make_token(other)}/"
        ),
        "member": member,
        "other": other,
        "manager": manager,
        "leader": leader,
        "group": group,
        "upcoming": upcoming,
        "full": full,
        "started": started,
        "past": past,
        "members_only": EventFactory(
            title="Members' evening",
            group=group,
            visibility=EventVisibility.MEMBERS,
            starts_at=soon,
            ends_at=soon + timedelta(hours=2),
        ),
        "occurrence": occurrence,
        "idea": idea,
        "story": story,
    }


#: The phone every page is also checked at (an iPhone 12-15's CSS viewport).
PHONE = {"width": 390, "height": 844}


class Walk:
    """Visits pages and collects every failure (status, h1 count, axe) with its URL."""

    def __init__(self, page, axe_check):
        self.page, self.axe_check, self.failures, self.visited = page, axe_check, [], 0

    def check(self, label: str) -> None:
        self.visited += 1
        url = self.page.url
        h1s = self.page.locator("h1").count()
        if h1s != 1:
            self.failures.append(f"{label} {url}: {h1s} h1 elements, expected 1")
        try:
            self.axe_check(self.page)
        except AssertionError as error:
            self.failures.append(f"{label}: {str(error).split(chr(10) + 'assert')[0]}")
        # The same page on a phone: no sideways scrolling, and still axe clean.
        desktop = self.page.viewport_size
        self.page.set_viewport_size(PHONE)
        try:
            widths = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if widths[0] > widths[1]:
                self.failures.append(
                    f"{label} {url}: {widths[0]} px wide at {PHONE['width']} px (scrolls sideways)"
                )
            try:
                self.axe_check(self.page)
            except AssertionError as error:
                message = str(error).split(chr(10) + "assert")[0]
                self.failures.append(f"{label} at {PHONE['width']} px: {message}")
        finally:
            self.page.set_viewport_size(desktop)

    def visit(self, path: str, *, status: int = 200) -> None:
        response = self.page.goto(path)
        if response is None or response.status != status:
            got = response.status if response else None
            self.failures.append(f"{path}: status {got}, expected {status}")
        self.check(path)

    def submit_bad(self, path: str, button: str, fill: dict | None = None) -> None:
        """Open `path`, fill `fill` (label or selector -> value), submit with browser validation
        off, and check the page that shows the errors."""
        self.page.goto(path)
        self.page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
        for target, value in (fill or {}).items():
            if target.startswith("#"):
                self.page.locator(target).fill(value)
            else:
                self.page.get_by_label(target, exact=True).fill(value)
        with self.page.expect_navigation():
            self.page.locator("main").get_by_role(
                "button", name=re.compile(f"^{button}$", re.I)
            ).click()
        if self.page.locator(ERROR_MARKERS).count() == 0:
            self.failures.append(f"{path} after a bad {button!r}: no error shown")
        self.check(f"{path} after a bad {button!r}")


def test_every_page_meets_wcag_aa_for_every_role(browser_page, axe_check):
    world = _community()
    member, other, group = world["member"], world["other"], world["group"]
    upcoming, full, started = world["upcoming"], world["full"], world["started"]
    walk = Walk(browser_page, axe_check)
    page = browser_page

    # A visitor: the public pages, the account pages and their error states.
    for path in (
        "/",
        "/events/",
        "/events/?when=past",
        f"/events/{upcoming.pk}/",
        "/groups/",
        f"/groups/{group.slug}/",
        "/members/",
        f"/members/{member.pk}/",
        "/members/ideas/",
        f"/members/ideas/{world['idea'].pk}/",
        "/members/badges/",
        "/members/awards/",
        "/members/stories/",
        f"/members/stories/{world['story'].slug}/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/confirm-email/",
        f"/accounts/confirm-email/{world['confirm_key']}/",
        "/accounts/confirm-email/not-a-valid-key/",
        world["reset_path"],
        "/accounts/password/reset/key/1-not-a-token/",
        "/accounts/password/reset/key/done/",
        "/accounts/inactive/",
        "/search/",
        "/search/?q=python",
        "/search/?q=no-such-thing-anywhere",
        "/join/",
    ):
        walk.visit(path)
    walk.visit("/no-such-page/", status=404)
    walk.submit_bad(
        "/accounts/signup/",
        "Join",
        {"#id_email": "not-an-email", "#id_password1": "short", "#id_password2": "other"},
    )
    walk.submit_bad(
        "/accounts/login/", "Log in", {"#id_login": member.email, "#id_password": "wrong-pass"}
    )
    walk.submit_bad("/accounts/password/reset/", "Email me a link", {"#id_email": "nope"})

    # A member: their own pages, everyone's pages, and each form's errors.
    log_in(page, member.email)
    walk.check("the page after logging in, with its message")
    for path in (
        "/",
        "/members/dashboard/",
        "/members/",
        "/members/?name=oleh&skill=&location=",
        f"/members/{member.pk}/",
        f"/members/{other.pk}/",
        "/members/profile/",
        "/members/contributions/new/",
        "/members/ideas/",
        "/members/ideas/?status=planned&sort=newest",
        f"/members/ideas/{world['idea'].pk}/",
        "/members/ideas/new/",
        "/members/badges/",
        "/members/awards/",
        "/members/stories/",
        f"/members/stories/{world['story'].slug}/",
        "/members/account/",
        "/members/account/tokens/",
        "/members/account/leave/",
        "/events/",
        "/events/?when=past",
        "/events/?kind=no-such-kind",
        f"/events/{upcoming.pk}/",
        f"/events/{full.pk}/",
        f"/events/{started.pk}/",
        f"/events/{world['past'].pk}/",
        f"/events/{world['occurrence'].pk}/",
        "/events/calendar/",
        "/events/mine/",
        "/search/?q=meetup",
        "/search/?q=meetup&kind=events",
        "/search/?q=oleh&kind=members",
        "/groups/",
        f"/groups/{group.slug}/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/reauthenticate/",
        "/accounts/logout/",
    ):
        walk.visit(path)
    walk.visit("/members/manage/slipping/", status=403)
    walk.submit_bad("/members/profile/", "Save profile", {"#id_website": "not a web address"})
    walk.submit_bad("/members/profile/", "Save profile", {"#id_skill_suggestion": "python"})
    walk.submit_bad("/members/contributions/new/", "Log contribution")
    walk.submit_bad("/members/ideas/new/", "Post the idea")
    walk.submit_bad("/members/account/leave/", "Leave and erase my data")
    walk.submit_bad("/accounts/email/", "(Add|Change) email", {"#id_email": "not-an-email"})
    walk.submit_bad(
        "/accounts/password/change/",
        "Save the new password",
        {"#id_oldpassword": "wrong", "#id_password1": "a", "#id_password2": "b"},
    )
    log_out(page)

    # A manager: the managers' pages, and the organizer pages they may open.
    log_in(page, world["manager"].email)
    walk.check("the page after logging in, with its message")
    for path in (
        "/",
        "/members/dashboard/",
        "/members/manage/slipping/",
        "/groups/health/",
        "/groups/health/?status=at_risk",
        f"/groups/{group.slug}/",
        f"/groups/{group.slug}/events/new/",
        f"/events/{upcoming.pk}/edit/",
        f"/events/{upcoming.pk}/cancel/",
        f"/events/{started.pk}/checkin/",
        "/manage/",
        "/manage/messages/",
        "/manage/messages/new/",
    ):
        walk.visit(path)
    walk.submit_bad("/manage/messages/new/", "Preview and count the recipients")
    # The preview of a message to the group, then the list once it is sent
    page.goto("/manage/messages/new/")
    page.get_by_label("Send to").select_option(label=f"Members of {group.name}")
    page.get_by_label("Subject").fill("Venue change")
    page.get_by_label("Message").fill("We meet at the library.\nSee you there!")
    with page.expect_navigation():
        page.get_by_role("button", name="Preview and count the recipients").click()
    walk.check("the preview of a message to a group")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Send to")).click()
    walk.check("the messages sent, after sending one")
    log_out(page)

    # A visitor with a shared link to a members-only event is asked to log in
    walk.visit(f"/events/{world['members_only'].pk}/")
    if "/accounts/login/" not in page.url:
        walk.failures.append(f"members-only event: landed on {page.url}, not the login page")

    # The group leader: the group's health, the organizer pages, the check-in desk.
    log_in(page, world["leader"].email)
    walk.check("the page after logging in, with its message")
    for path in (
        "/members/dashboard/",
        f"/groups/{group.slug}/",
        f"/groups/{group.slug}/events/new/",
        f"/events/{upcoming.pk}/",
        f"/events/{upcoming.pk}/edit/",
        f"/events/{world['occurrence'].pk}/edit/",
        f"/events/{upcoming.pk}/cancel/",
        f"/events/{started.pk}/checkin/",
        f"/events/{started.pk}/checkin/?q=mira",
        f"/events/{started.pk}/checkin/?q=nobody-by-this-name",
    ):
        walk.visit(path)
    walk.submit_bad(f"/groups/{group.slug}/events/new/", "Create the event")
    walk.submit_bad(f"/events/{upcoming.pk}/edit/", "Save the changes", {"Title": ""})
    walk.submit_bad(f"/events/{upcoming.pk}/cancel/", "Cancel the event")

    report = "\n".join(walk.failures)
    assert not walk.failures, f"{len(walk.failures)} of {walk.visited} pages fail:\n{report}"
