from celery import shared_task

from services.models import SyncedSave


@shared_task
def purge_offline_saves() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): drop the keys of offline saves past their retention."""
    deleted, _ = SyncedSave.objects.expired().delete()
    return deleted
