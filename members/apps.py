"""Members app: the user, profiles, tiers, the activity ledger, recognition and ideas."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        # Imported here: this module loads while the app registry fills, before any model can.
        from allauth.account.signals import user_signed_up

        from members import extensions
        from members.adapters import member_signed_up
        from members.roles import grant_manager_permissions_after_migrate

        extensions.register()
        user_signed_up.connect(member_signed_up, dispatch_uid="members_signed_up")
        # Connected for every app's post_migrate, not just this one's: the permissions of apps
        # migrated after members (events, metrics…) only exist once their own signal has run.
        post_migrate.connect(
            grant_manager_permissions_after_migrate, dispatch_uid="grant_manager_permissions"
        )
