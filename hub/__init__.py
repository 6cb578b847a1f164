"""Hub: settings, root URLs, the Celery app, site pages and helpers shared by every app."""

from hub.celery import app as celery_app

__all__ = ["celery_app"]
