"""Members app: keeps the Community managers group's permissions in step with the models."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        from members.roles import grant_manager_permissions_after_migrate

        # Connected for every app's post_migrate, not just this one's: the permissions of apps
        # migrated after members (events, metrics…) only exist once their own signal has run.
        post_migrate.connect(
            grant_manager_permissions_after_migrate, dispatch_uid="grant_manager_permissions"
        )
