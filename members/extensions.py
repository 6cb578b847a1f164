"""What the members app plugs into hub's extension points (called from `MembersConfig.ready`).

Its pages and API, its navigation links, its three daily and weekly jobs, its console card of
skills awaiting review, its two demo steps, its sections of "Your data", its erasure when a
member leaves, and how its audit entries read.
"""

from django.urls import reverse

from hub.core.extension_points import (
    ApiMount,
    AuditAction,
    ConsoleCard,
    ConsoleSection,
    DemoStep,
    ExportSection,
    LeaveHandler,
    ManagedApp,
    NavLink,
    ScheduledJob,
    UrlMount,
    api_mounts,
    audit_actions,
    console_sections,
    demo_steps,
    export_sections,
    leave_handlers,
    managed_apps,
    navigation_links,
    scheduled_jobs,
    url_mounts,
)
from hub.core.text import counted
from members.demo import membership as demo_membership
from members.demo import recognition as demo_recognition
from members.models import Skill
from members.selectors import account as export
from members.selectors import activities, membership
from members.selectors.profiles import skills_awaiting_review_count
from members.selectors.tokens import export_api_tokens
from members.services.account import member_personal_data_erase

APP = "members"

JOBS = [
    ScheduledJob(
        app=APP,
        name="members-tier-suggestions",
        task="members.tasks.membership.tier_suggestions_daily",
        description="Suggests tier promotions and demotions from the promotion rules, for "
        "managers to accept or dismiss in the admin.",
        minute="15",
        hour="5",
    ),
    ScheduledJob(
        app=APP,
        name="members-slipping-away",
        task="members.tasks.activities.slipping_away_weekly",
        description="Emails managers the members slipping away (quiet for 30 days after being "
        "active) and those who came back.",
        minute="0",
        hour="8",
        day_of_week="1",
    ),
    ScheduledJob(
        app=APP,
        name="members-badge-rules",
        task="members.tasks.recognition.badge_rules_daily",
        description="Awards the rule badges (first contribution, ten events, six months active, "
        "hundred-point month) to members who earned them; never twice.",
        minute="30",
        hour="5",
    ),
]


def _for_occasion(values: dict) -> str:
    return f" for {values['occasion']}" if values.get("occasion") else ""


def _because(values: dict) -> str:
    return f": {values['reason']}" if values.get("reason") else ""


AUDIT_ACTIONS = {
    "member.leave": "{subject} left the community; their personal data was erased",
    "member.edit": "{actor} edited the account of {subject}: {fields}",
    "profile.edit_by_manager": "{actor} edited the profile of {subject}: {fields}",
    "members.export_csv": lambda v: f"{v['actor']} exported {counted(v['count'], 'member')} as CSV",
    "members.import": "{actor} imported members from {source}: {created} created, "
    "{updated} updated, {unchanged} unchanged, {rejected} rejected",
    "activities.import": "{actor} imported activities from {source}: {created} created, "
    "{updated} updated, {unchanged} unchanged, {rejected} rejected",
    "settings.edit": "{actor} {verb} the setting {what} ({fields})",
    "tier.edit": "{actor} {verb} the tier {what} ({fields})",
    "promotion_rule.edit": "{actor} {verb} {what} ({fields})",
    "promotion_rule.delete": "{actor} deleted {what}",
    "activity_points.edit": "{actor} {verb} {what} ({fields})",
    "tier.change": "{actor} moved {subject} from {from_tier} to {to_tier} ({why})",
    "tier.lock": "{actor} locked the tier of {subject}",
    "tier.unlock": "{actor} unlocked the tier of {subject}",
    "tier.suggestions_evaluated": lambda v: (
        f"The daily tier job suggested {counted(v['promotions'], 'promotion')} and "
        f"{counted(v['demotions'], 'demotion')} and withdrew {v['withdrawn']}"
    ),
    "tier_suggestion.accept": "{actor} accepted the suggested {direction} of {subject} to "
    "{to_tier}",
    "tier_suggestion.dismiss": "{actor} dismissed the suggested {direction} of {subject} to "
    "{to_tier}",
    "activity.add": "{actor} added a {kind} activity for {subject}",
    "activity.correct": lambda v: (
        f"{v['actor']} corrected the {v['fields']} of activity "
        f"#{v['activity']} of {v['subject']}{_because(v)}"
    ),
    "activity.remove": lambda v: (
        f"{v['actor']} removed the {v['kind']} activity "
        f"#{v['activity']} of {v['subject']}{_because(v)}"
    ),
    "badge.award": lambda v: (
        f"{v['actor']} awarded “{v['badge']}” to {v['subject']}{_for_occasion(v)}"
    ),
    "badge.revoke": lambda v: (
        f"{v['actor']} revoked “{v['badge']}” from {v['subject']}{_for_occasion(v)}"
    ),
    "badge.rules": lambda v: (
        f"The daily badge job awarded “{v['badge']}” {counted(v['awarded'], 'time')}"
    ),
    "spotlight.publish": "{actor} published the spotlight of {month} on {subject}",
    "spotlight.unpublish": "{actor} unpublished the spotlight of {month}",
    "award.publish": "{actor} published the {year} award “{category}” to {subject}",
    "award.unpublish": "{actor} unpublished the {year} award “{category}”",
    "case_study.publish": "{actor} published the case study “{target}”",
    "case_study.unpublish": "{actor} unpublished the case study “{target}”",
    "idea.create": "{subject} posted the idea “{title}”",
    "idea.status": "{actor} moved the idea “{title}” from {from} to {to}",
    "idea.delete": lambda v: (
        f"{v['actor']} deleted the idea “{v['title']}” of {v['subject']} with its "
        f"{counted(v['votes'], 'vote')}"
    ),
    "api_token.create": "{actor} made the API token “{token}” of {subject}",
    "api_token.revoke": "{actor} revoked the API token “{token}” of {subject}",
    "skill.suggest": "{subject} suggested the skill “{target}”",
    "skill.add": "{actor} added the skill “{target}” to the list",
    "skill.rename": "{actor} renamed the skill “{from_name}” to “{target}”",
    "skill.accept": "{actor} accepted the skill “{target}” suggested by {subject}",
    "skill.reject": lambda v: (
        f"{v['actor']} rejected the skill “{v['target']}” suggested by {v['subject']} and took "
        f"it off {counted(v['profiles'], 'profile')}: {v['reason']}"
    ),
}
#: Keys of `data` holding text written about the member, erased when they leave.
FREE_TEXT = {
    "api_token.create": ("token",),
    "api_token.revoke": ("token",),
    "tier.change": ("why",),
    "badge.award": ("reason",),
    "activity.correct": ("reason",),
    "activity.remove": ("reason",),
    "skill.reject": ("reason",),
}
# What managers change in the admin's recognition pages (members.admin.recognition).
for _name in ("badge", "badge_award", "spotlight", "award", "case_study"):
    AUDIT_ACTIONS[f"{_name}.create"] = "{actor} added {what} in the admin"
    AUDIT_ACTIONS[f"{_name}.update"] = "{actor} changed {what} in the admin ({fields})"
    AUDIT_ACTIONS[f"{_name}.delete"] = "{actor} deleted {what} in the admin"


def console_cards(*, now) -> list[ConsoleCard]:
    """The managers' console: tier suggestions to decide, members slipping away, new members
    and unconfirmed sign-ups (three queries)."""

    pending = membership.tier_suggestions_pending_count()
    slipping = activities.members_slipping_away(now=now).count()
    signups = membership.signup_counts(now=now)
    members_admin = reverse("admin:members_user_changelist")
    days = membership.RECENT_DAYS
    return [
        ConsoleCard(
            label="Tier suggestions to decide",
            count=pending,
            url=reverse("admin:members_tiersuggestion_changelist") + "?status__exact=pending",
            detail="Promotions and demotions the daily job suggested: accept or dismiss each",
            needs_attention=pending > 0,
        ),
        ConsoleCard(
            label="Members slipping away",
            count=slipping,
            url=reverse("members:manage_slipping"),
            detail=f"Active in the {activities.SLIPPING_ACTIVE_DAYS} days before, quiet for "
            f"the last {activities.SLIPPING_QUIET_DAYS}: a personal note brings many back",
            needs_attention=slipping > 0,
        ),
        ConsoleCard(
            label=f"New members in the last {days} days",
            count=signups["joined_recently"],
            url=f"{members_admin}?status=recent",
            detail="They confirmed their email: a welcome from a person goes a long way",
        ),
        ConsoleCard(
            label="Sign-ups waiting for their email confirmation",
            count=signups["unconfirmed"],
            url=f"{members_admin}?status=not_joined",
            detail=f"{signups['unconfirmed_long']} of them signed up more than {days} days ago",
        ),
    ]


def skill_console_cards(*, now) -> list[ConsoleCard]:
    """Members' skill suggestions waiting for a manager: one count, one query."""

    awaiting = skills_awaiting_review_count()
    url = reverse("admin:members_skill_changelist") + f"?status__exact={Skill.Status.SUGGESTED}"
    return [
        ConsoleCard(
            label="Skills suggested by members, awaiting review",
            count=awaiting,
            url=url,
            detail="Accept them for everyone, or reject them with a reason",
            needs_attention=awaiting > 0,
        )
    ]


def register() -> None:
    url_mounts.register(UrlMount(app=APP, urlconf="members.urls", prefix="members/", order=10))
    api_mounts.register(ApiMount(app=APP, urlconf="members.api.urls", order=10))
    for link in [
        NavLink(app=APP, label="Members", url_name="members:directory", order=40),
        NavLink(app=APP, label="Ideas", url_name="members:idea_list", order=50),
        NavLink(
            app=APP, label="Dashboard", url_name="members:dashboard", audience="member", order=80
        ),
    ]:
        navigation_links.register(link)
    for job in JOBS:
        scheduled_jobs.register(job)
    console_sections.register(
        ConsoleSection(
            app=APP, name="skills", title="Members' skills", collect=skill_console_cards, order=15
        )
    )
    demo_steps.register(
        DemoStep(app=APP, name="members", run=demo_membership.seed_members, order=10)
    )
    demo_steps.register(
        DemoStep(app=APP, name="recognition", run=demo_recognition.seed_recognition, order=30)
    )
    for order, (name, collect) in enumerate(
        [
            ("account", export.export_account),
            ("profile", export.export_profile),
            ("email_addresses", export.export_email_addresses),
            ("tier_history", export.export_tier_history),
            ("tier_suggestions", export.export_tier_suggestions),
            ("activities", export.export_activities),
            ("badges", export.export_badges),
            ("ideas", export.export_ideas),
            ("idea_votes", export.export_idea_votes),
            ("spotlights", export.export_spotlights),
            ("awards", export.export_awards),
            ("case_studies", export.export_case_studies),
            ("api_tokens", export_api_tokens),
        ]
    ):
        export_sections.register(ExportSection(app=APP, name=name, collect=collect, order=order))
    leave_handlers.register(
        LeaveHandler(app=APP, name="members", erase=member_personal_data_erase, order=1000)
    )
    for code, sentence in AUDIT_ACTIONS.items():
        audit_actions.register(
            AuditAction(app=APP, code=code, sentence=sentence, free_text=FREE_TEXT.get(code, ()))
        )
    console_sections.register(
        ConsoleSection(app=APP, name="members", title="Members", collect=console_cards, order=10)
    )
    managed_apps.register(ManagedApp(app=APP))
