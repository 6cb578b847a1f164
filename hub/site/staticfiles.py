"""The staticfiles app as the site configures it (in INSTALLED_APPS in its place)."""

from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class StaticFilesConfig(DjangoStaticFilesConfig):
    """collectstatic leaves vendor source maps (*.map) out: production serves what it
    collected, and the maps would only show the vendors' sources to anyone who asks."""

    ignore_patterns = [*DjangoStaticFilesConfig.ignore_patterns, "*.map"]
