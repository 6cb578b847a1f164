"""Tasks about RSVPs: telling a member that a seat came to them from the waitlist."""

from celery import shared_task

from events.models import Rsvp, RsvpStatus
from events.services.notifications import email_seat_from_waitlist


@shared_task(
    name="events.tasks.rsvps.rsvp_promoted_notify_task",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def rsvp_promoted_notify_task(rsvp_id: int) -> bool:
    """Tell a member a seat came to them from the waitlist (if it is still theirs). One
    recipient: a retry after a failed send sends it once."""
    rsvp = Rsvp.objects.select_related("event", "member__profile").filter(pk=rsvp_id).first()
    if rsvp is None or rsvp.status != RsvpStatus.GOING or rsvp.promoted_at is None:
        return False
    email_seat_from_waitlist(event=rsvp.event, member=rsvp.member)
    return True
