"""Tasks that belong to no one app: the heartbeat that proves beat and a worker are alive."""

from celery import shared_task


@shared_task(name="hub.core.tasks.ping", ignore_result=False)
def ping() -> str:
    """Answer "pong": proves a worker picks tasks up from the broker."""
    return "pong"
