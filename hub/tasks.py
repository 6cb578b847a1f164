"""Tasks that belong to no one app."""

from celery import shared_task


@shared_task(name="hub.tasks.ping", ignore_result=False)
def ping() -> str:
    """Answer "pong": proves a worker picks tasks up from the broker."""
    return "pong"
