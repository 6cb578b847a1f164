"""Members app: keeps the Community managers group's permissions in step with the models."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        from members.roles import grant_manager_permissions_after_migrate

        # Runs after every migrate, so models added later by any community app are covered.
        post_migrate.connect(grant_manager_permissions_after_migrate, sender=self)
