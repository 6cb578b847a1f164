"""Hub's floor: errors, the audit log, time helpers, the API error handler and the extension
points. It imports no app; the apps import it. Its Django label stays "hub" (the audit log's
table and migrations were made under that name)."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hub.core"
    label = "hub"
    verbose_name = "Audit log"

    def ready(self) -> None:
        # Imported in ready(): this module loads while the app registry fills, before any model.
        from hub.core import extensions

        extensions.register()
