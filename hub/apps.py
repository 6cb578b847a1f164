"""The hub app: shared pages, the audit log and the beat schedule."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Hub"

    def ready(self) -> None:
        from hub.schedule import sync_schedule_after_migrate

        post_migrate.connect(sync_schedule_after_migrate, sender=self)
