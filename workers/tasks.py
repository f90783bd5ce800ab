from celery import shared_task

from workers.actions.personal_data import anonymise_after_retention


@shared_task
def anonymise_expired_workers() -> int:
    """Nightly: anonymise workers whose retention period after exit has passed."""
    return anonymise_after_retention()
