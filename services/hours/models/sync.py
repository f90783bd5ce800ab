"""Saves sent by the offline queue of the week grid (static/js/offline.js).

A phone without signal keeps each save of the week in its browser with an idempotency
key of its own and sends it when the connection returns, possibly more than once (an
answer lost on the way, two tabs). The key is stored with the answer in the same
transaction as the save, so that a repeated send writes nothing and gets the first answer.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.hours.models.entries import WeekSheet


class SyncedSaveQuerySet(models.QuerySet):
    def expired(self, now: datetime.datetime | None = None) -> "SyncedSaveQuerySet":
        """Keys older than OFFLINE_SAVE_RETENTION_DAYS: no phone resends a save that long."""
        now = now or timezone.now()
        return self.filter(
            created_at__lt=now - datetime.timedelta(days=settings.OFFLINE_SAVE_RETENTION_DAYS)
        )


class SyncedSave(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("idempotency key"), max_length=64)
    sheet = models.ForeignKey(
        WeekSheet, verbose_name=_("week"), on_delete=models.CASCADE, related_name="+"
    )
    # What the first send was told (version, counts, conflicts), told again to a repeat.
    answer = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SyncedSaveQuerySet.as_manager()

    class Meta:
        verbose_name = _("offline save")
        verbose_name_plural = _("offline saves")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="synced_save_once_per_user_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.sheet_id})"
