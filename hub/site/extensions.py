"""The site's own entries in the registries it reads: the home link, the admin console link and
the heartbeat job that proves beat and a worker are alive."""

from hub.core.extension_points import NavLink, ScheduledJob, navigation_links, scheduled_jobs

APP = "hub_site"


def register() -> None:
    navigation_links.register(NavLink(app=APP, label="Home", url_name="home", order=0))
    navigation_links.register(
        NavLink(
            app=APP, label="Admin console", url_name="admin:index", audience="manager", order=900
        )
    )
    scheduled_jobs.register(
        ScheduledJob(
            app=APP,
            name="heartbeat",
            task="hub.core.tasks.ping",
            description="Proves that beat and a worker are alive; look for it in the worker log.",
            minute="*/10",
        )
    )
