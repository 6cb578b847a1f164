"""Tasks about API tokens: telling the owner that a token was made or revoked."""

from celery import shared_task


@shared_task(
    name="members.tasks.tokens.api_token_notify_task",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def api_token_notify_task(audit_entry_id: int) -> bool:
    """Email the owner about the token change the audit entry records. One recipient, so a
    retry after a failed send sends it once; nothing for an owner who has left since."""
    # Inside the function, HackSoft's direction: the service imports this module to enqueue it.
    from members.services.tokens import api_token_email

    return api_token_email(audit_entry_id=audit_entry_id)
