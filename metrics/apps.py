"""Metrics app: monthly snapshots, targets, cohorts, surveys, attribution, ROI, revenue share."""

from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "metrics"
    verbose_name = "Metrics and reports"

    def ready(self) -> None:
        # Imported in ready(): this module loads while the app registry fills, before any model.
        from metrics import extensions

        extensions.register()
