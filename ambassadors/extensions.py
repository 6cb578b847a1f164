"""What the ambassador programme plugs into hub's extension points (called from
`AmbassadorsConfig.ready`).

Its pages (/ambassadors/… and the share link /join/) and API, its navigation link, the daily
terms job, its demo step (after members, events and recognition, before metrics), its section
of "Your data" and its erasure when a member leaves, the first-touch landing hook, the signup
and join handlers of attribution and referrals, its panel on the member's dashboard, its
section of the managers' console, and how its audit entries read.
"""

from django.urls import reverse
from django.utils import timezone

from ambassadors import demo
from ambassadors.selectors.account import export_programme
from ambassadors.selectors.applications import WAITING_TOO_LONG, applications_waiting_counts
from ambassadors.selectors.onboarding import onboardings_overdue
from ambassadors.selectors.programme import member_programme_status
from ambassadors.selectors.terms import ambassadors_under_commitment, terms_ending_soon
from ambassadors.services.account import ambassador_data_erase
from ambassadors.services.referrals import (
    first_touch_keep,
    referral_credit,
    signup_attribution_record,
)
from hub.core.extension_points import (
    ApiMount,
    AuditAction,
    ConsoleCard,
    ConsoleSection,
    DemoStep,
    ExportSection,
    JoinHandler,
    LandingHook,
    LeaveHandler,
    ManagedApp,
    NavLink,
    PagePanel,
    ScheduledJob,
    SignupHandler,
    UrlMount,
    api_mounts,
    audit_actions,
    console_sections,
    demo_steps,
    export_sections,
    join_handlers,
    landing_hooks,
    leave_handlers,
    managed_apps,
    navigation_links,
    page_panels,
    scheduled_jobs,
    signup_handlers,
    url_mounts,
)
from hub.core.text import counted

APP = "ambassadors"

JOBS = [
    ScheduledJob(
        app=APP,
        name="ambassadors-terms",
        task="ambassadors.tasks.terms_daily",
        description="Closes ambassador terms whose end has passed and emails managers, once per "
        "term, the terms that end within 30 days for the renewal review.",
        minute="45",
        hour="6",
    ),
]

AUDIT_ACTIONS = {
    "ambassador_nomination.create": "{actor} nominated {subject} for the ambassador programme",
    "ambassador_application.submit": "{subject} applied to the ambassador programme ({tier}, "
    "{hours_per_month} hours a month)",
    "ambassador_application.withdraw": "{subject} withdrew their ambassador application",
    "ambassador_application.review": "{actor} {verb} the ambassador application of {subject}: "
    "{average} on average",
    "ambassador_application.approve": "{actor} approved {subject} into the ambassador tier {tier}",
    "ambassador_application.decline": "{actor} declined the ambassador application of {subject}",
    "ambassador_application.waitlist": "{actor} put the ambassador application of {subject} on "
    "the waitlist",
    "ambassador_term.renew": "{actor} renewed the ambassador term of {subject} in {tier} until "
    "{ends}",
    "ambassador_term.move": "{actor} moved ambassador {subject} from {from_tier} to {to_tier}",
    "ambassador_term.end": "{actor} ended the ambassador term of {subject} in {tier}",
    "ambassador_term.step_down": "{subject} stepped down as an ambassador ({tier})",
    "ambassador_terms.daily": lambda v: (
        f"The daily ambassador job closed {counted(v['expired'], 'lapsed term')} and told "
        f"managers of {counted(v['due'], 'term')} ending within 30 days"
    ),
    "ambassador_onboarding.step": "{actor} ticked “{step}” on the onboarding of {subject}",
    "ambassador_onboarding.buddy": "{actor} assigned a buddy to {subject}",
    "ambassador_activity.log": "{subject} logged an ambassador activity: {type}, {hours} h",
    "ambassador_listing.set": "{subject} {verb} themselves on the ambassador programme page",
    "ambassador_referral.credit": "A new member joined through the referral code "
    "{referral_code} of {subject}",
    "ambassador_compensation.review": "{actor} {verb} the {quarter} compensation review of "
    "{subject}: {outcome}",
    "ambassador_tier.edit": "{actor} {verb} the ambassador tier {tier} ({fields})",
}
#: Keys of `data` holding text written about the member, erased when they leave.
FREE_TEXT = {
    "ambassador_application.approve": ("message",),
    "ambassador_application.decline": ("message",),
    "ambassador_application.waitlist": ("message",),
    "ambassador_term.move": ("note",),
    "ambassador_term.end": ("note",),
    "ambassador_term.step_down": ("note",),
    "ambassador_compensation.review": ("note",),
}


def dashboard_panel(*, member, now) -> dict:
    """The member's term, or their application's status, on their dashboard: one query."""

    return {"status": member_programme_status(member=member, now=now)}


def console_cards(*, now) -> list[ConsoleCard]:
    """What may need a manager today: four counts, four queries."""

    waiting = applications_waiting_counts(now=now)
    overdue = onboardings_overdue(now=now).count()
    ending = terms_ending_soon(now=now).count()
    under = ambassadors_under_commitment(now=now).count()
    return [
        ConsoleCard(
            label="Ambassador applications to review",
            count=waiting["waiting"],
            url=reverse("ambassadors:manage_applications"),
            detail=f"{waiting['flagged']} waiting more than {WAITING_TOO_LONG.days} days",
            needs_attention=waiting["flagged"] > 0,
        ),
        ConsoleCard(
            label="Ambassador onboardings overdue",
            count=overdue,
            url=reverse("ambassadors:manage"),
            detail="Checklists not complete two weeks after approval",
            needs_attention=overdue > 0,
        ),
        ConsoleCard(
            label="Ambassador terms ending within 30 days",
            count=ending,
            url=reverse("ambassadors:manage_ambassadors"),
            detail="Renew, move to another tier or let them end",
            needs_attention=ending > 0,
        ),
        ConsoleCard(
            label="Ambassadors under commitment two months running",
            count=under,
            url=reverse("ambassadors:manage"),
            detail="Fewer hours logged than their tier asks, in each of the last two months",
            needs_attention=under > 0,
        ),
    ]


def first_touch_hook(*, request, response) -> None:

    first_touch_keep(request=request, response=response, now=timezone.now())


def register() -> None:

    url_mounts.register(
        UrlMount(app=APP, urlconf="ambassadors.urls", prefix="ambassadors/", order=40)
    )
    url_mounts.register(UrlMount(app=APP, urlconf="ambassadors.urls_share", prefix="", order=41))
    api_mounts.register(ApiMount(app=APP, urlconf="ambassadors.api.urls", order=40))
    navigation_links.register(
        NavLink(app=APP, label="Ambassadors", url_name="ambassadors:programme", order=60)
    )
    navigation_links.register(
        NavLink(
            app=APP,
            label="Ambassador programme",
            url_name="ambassadors:manage",
            audience="manager",
            order=880,
        )
    )
    for job in JOBS:
        scheduled_jobs.register(job)
    # After members, events and recognition (it reads their people and ledger), before metrics.
    demo_steps.register(DemoStep(app=APP, name="ambassadors", run=demo.seed_ambassadors, order=40))
    export_sections.register(
        ExportSection(app=APP, name="ambassador_programme", collect=export_programme, order=40)
    )
    leave_handlers.register(
        LeaveHandler(app=APP, name="ambassadors", erase=ambassador_data_erase, order=40)
    )
    landing_hooks.register(LandingHook(app=APP, name="first_touch", process=first_touch_hook))
    signup_handlers.register(
        SignupHandler(app=APP, name="signup_attribution", handle=signup_attribution_record)
    )
    join_handlers.register(JoinHandler(app=APP, name="referral_credit", handle=referral_credit))
    page_panels.register(
        PagePanel(
            app=APP,
            page="members.dashboard",
            name="ambassador_application",
            template="ambassadors/_dashboard_application.html",
            context=dashboard_panel,
            order=40,
        )
    )
    console_sections.register(
        ConsoleSection(
            app=APP,
            name="ambassadors",
            title="Ambassador programme",
            collect=console_cards,
            order=40,
        )
    )
    for code, sentence in AUDIT_ACTIONS.items():
        audit_actions.register(
            AuditAction(app=APP, code=code, sentence=sentence, free_text=FREE_TEXT.get(code, ()))
        )
    managed_apps.register(ManagedApp(app=APP))
