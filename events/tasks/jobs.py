"""The scheduled email jobs: reminders a day before, follow-ups after the event."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="events.tasks.jobs.event_reminders_send_task")
def event_reminders_send_task() -> int:
    # Here: events.services.jobs imports services.checkins, which imports services.rsvps,
    # which imports this package (to enqueue its task) while this package loads.
    from events.services.jobs import event_reminders_send

    return event_reminders_send(now=timezone.now())


@shared_task(name="events.tasks.jobs.event_follow_ups_send_task")
def event_follow_ups_send_task() -> int:
    # Here: events.services.jobs imports services.checkins, which imports services.rsvps,
    # which imports this package (to enqueue its task) while this package loads.
    from events.services.jobs import event_follow_ups_send

    return event_follow_ups_send(now=timezone.now())
