import socket

from celery import shared_task

from ryhma import audit, security


@shared_task
def ping(value: str) -> dict:
    """Round-trip check for the broker and a worker: returns what it was given and who ran it."""
    return {"pong": value, "host": socket.gethostname()}


@shared_task
def purge_audit_trail() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): drop audit events past the retention period."""
    return audit.purge_expired()


@shared_task
def purge_login_log() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): drop login records past their retention period."""
    return security.purge_login_log()
