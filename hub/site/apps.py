"""The site: the pages that belong to no one app (home, health check, errors), the navigation,
the API's front door, the demo runner and the beat schedule sync. It sits on top of every app
and reads what they registered at `hub.core.extension_points`."""

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class SiteConfig(AppConfig):
    name = "hub.site"
    label = "hub_site"
    verbose_name = "Site"

    def ready(self) -> None:
        # Imported in ready(): this module loads while the app registry fills, before any model.
        from hub.site import extensions, jobs  # noqa: F401  (jobs: its signal handlers)
        from hub.site.admin_forms import admin_forms_guard
        from hub.site.schedule import sync_schedule_after_migrate

        extensions.register()
        # The admin registered every app's classes in its own ready(), which ran first.
        admin_forms_guard()
        # Sent once django-celery-beat's tables exist, i.e. after each `migrate` (each deploy).
        post_migrate.connect(
            sync_schedule_after_migrate,
            sender=apps.get_app_config("django_celery_beat"),
            dispatch_uid="hub_site_schedule_sync",
        )
