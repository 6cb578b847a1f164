"""Events app: user groups, events, recurring series, RSVPs, waitlists, check-in, calendars."""

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and user groups"

    def ready(self) -> None:
        # Imported in ready(): this module loads while the app registry fills, before any model.
        from events import extensions

        extensions.register()
