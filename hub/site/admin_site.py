"""The admin console's front page made for managers: the models grouped into sections by what a
manager does with them, each with one line saying what it is for, instead of one box per Django
app. Models of an app not placed here still show, under their app's name, so nothing vanishes
when an app adds a model; placing it here gives it its section and plain name."""

from dataclasses import dataclass

from django.contrib import admin


@dataclass(frozen=True)
class AdminSection:
    slug: str
    title: str
    description: str
    #: (app_label, model_name, the name managers see; "" keeps the model's own plural name)
    models: tuple[tuple[str, str, str], ...]
    #: Only superusers see the section (schedules' raw tables, for instance).
    superusers_only: bool = False


SECTIONS = (
    AdminSection(
        "members-and-tiers",
        "Members and tiers",
        "The people, the tier each one is in, and what moves them between tiers.",
        (
            ("members", "user", "Members"),
            ("members", "tiersuggestion", "Tier suggestions to accept or dismiss"),
            ("members", "tier", "Tiers and their benefits"),
            ("members", "promotionrule", "Promotion rules (what a tier takes)"),
            ("members", "skill", "Skills: the list, and members' suggestions to review"),
        ),
    ),
    AdminSection(
        "activity",
        "Activity ledger",
        "Everything members did, and the points each kind of activity is worth.",
        (
            ("members", "activity", "Activities"),
            ("members", "activitypoints", "Points per kind of activity"),
        ),
    ),
    AdminSection(
        "recognition",
        "Recognition",
        "Badges, the monthly spotlight, the annual awards and members' stories.",
        (
            ("members", "badge", "Badges"),
            ("members", "badgeaward", "Badges awarded"),
            ("members", "spotlight", "Monthly spotlights"),
            ("members", "award", "Annual awards"),
            ("members", "casestudy", "Case studies"),
        ),
    ),
    AdminSection(
        "ideas",
        "Ideas",
        "Members' ideas and their votes: give each a status with a public comment.",
        (("members", "idea", "Ideas"),),
    ),
    AdminSection(
        "groups-and-events",
        "User groups and events",
        "Local and topic groups of members, their health, their events and recurring series.",
        (
            ("events", "usergroup", "User groups (local and topic communities)"),
            ("events", "event", "Events"),
            ("events", "eventseries", "Recurring event series"),
            ("events", "grouphealthsnapshot", "Group health by month"),
        ),
    ),
    AdminSection(
        "ambassadors",
        "Ambassador programme",
        "Applications to review, ambassadors and their tiers, and where sign-ups came from.",
        (
            ("ambassadors", "ambassadorapplication", "Applications"),
            ("ambassadors", "ambassador", "Ambassadors"),
            ("ambassadors", "nomination", "Nominations"),
            ("ambassadors", "ambassadortier", "Ambassador tiers"),
            ("ambassadors", "signupattribution", "Where sign-ups came from"),
        ),
    ),
    AdminSection(
        "metrics",
        "Metrics and surveys",
        "The monthly figures, the growth targets, the programme's settings and the surveys.",
        (
            ("metrics", "monthlysnapshot", "Monthly figures"),
            ("metrics", "snapshotrevision", "Restatements of past months"),
            ("metrics", "growthtarget", "Growth targets"),
            ("metrics", "programmesettings", "Programme settings"),
            ("metrics", "survey", "Surveys"),
        ),
    ),
    AdminSection(
        "jobs",
        "Scheduled jobs",
        "What runs on its own (badges, reminders, suggestions, reports), when it last ran and "
        "how it ended; pause a job or run it now.",
        (("django_celery_beat", "periodictask", "Scheduled jobs"),),
    ),
    AdminSection(
        "audit",
        "Audit log",
        "Who did what, and when, in sentences.",
        (("hub", "auditentry", "Audit log"),),
    ),
    AdminSection(
        "accounts",
        "Accounts and permissions",
        "Sign-in addresses, API tokens, and the staff roles that grant admin permissions "
        "(permission groups: not the user groups of members).",
        (
            ("account", "emailaddress", "Email addresses"),
            ("auth", "group", "Permission groups (staff roles)"),
        ),
    ),
    AdminSection(
        "schedules",
        "Schedules (technical)",
        "The raw schedules behind the jobs; every job's schedule comes from the code.",
        (
            ("django_celery_beat", "crontabschedule", ""),
            ("django_celery_beat", "intervalschedule", ""),
            ("django_celery_beat", "clockedschedule", ""),
            ("django_celery_beat", "solarschedule", ""),
        ),
        superusers_only=True,
    ),
)


def sectioned_app_list(app_list: list[dict], *, is_superuser: bool) -> list[dict]:
    """Django's app list (one dict per app with its model dicts) regrouped into SECTIONS; models
    not placed stay in their app's own entry, after the sections."""
    by_key = {
        (app["app_label"], model["object_name"].lower()): (app, model)
        for app in app_list
        for model in app["models"]
    }
    placed: set[tuple[str, str]] = set()
    sections = []
    for section in SECTIONS:
        models = []
        for app_label, model_name, name in section.models:
            found = by_key.get((app_label, model_name))
            if found is None:
                continue
            placed.add((app_label, model_name))
            if section.superusers_only and not is_superuser:
                continue
            models.append({**found[1], "name": name or found[1]["name"]})
        if models:
            sections.append(
                {
                    "name": section.title,
                    "app_label": section.slug,
                    "app_url": "",
                    "description": section.description,
                    "has_module_perms": True,
                    "models": models,
                }
            )
    for app in app_list:
        rest = [
            m for m in app["models"] if (app["app_label"], m["object_name"].lower()) not in placed
        ]
        if rest:
            sections.append({**app, "models": rest})
    return sections


class HubAdminSite(admin.AdminSite):
    site_header = "Hub admin console"
    site_title = "Hub admin"
    index_title = "Run the community"
    # The list pages need the width: sections on the front page and breadcrumbs lead around.
    enable_nav_sidebar = False

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:  # an app's own page lists that app's models as Django does
            return app_list
        return sectioned_app_list(app_list, is_superuser=request.user.is_superuser)
