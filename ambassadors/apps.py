"""Ambassadors app: tiers, applications and review, onboarding, referral codes, attribution."""

from django.apps import AppConfig


class AmbassadorsConfig(AppConfig):
    name = "ambassadors"
    verbose_name = "Ambassador program"

    def ready(self) -> None:
        # Imported in ready(): this module loads while the app registry fills, before any model.
        from ambassadors import extensions

        extensions.register()
