from celery import shared_task

from workers.actions import worker_retention_sweep


@shared_task
def anonymise_expired_workers() -> int:
    """Nightly: anonymise workers whose retention period after exit has passed."""
    return worker_retention_sweep()
