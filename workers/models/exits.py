"""Leaving the programme and the follow-ups at +3 and +6 months (domain brief §7)."""

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from workers.models.outcomes import Destination, ExitReason, FollowUpTimepoint
from workers.models.people import Employment, Worker, WorkerOwnedQuerySet


class Exit(models.Model):
    """The worker's exit from the programme; one per worker (a return cancels it)."""

    worker = models.OneToOneField(
        Worker, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="exit"
    )
    employment = models.ForeignKey(
        Employment,
        verbose_name=_("last employment contract"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    exited_on = models.DateField(_("exit date"), db_index=True)
    reason = models.CharField(_("reason"), max_length=20, choices=ExitReason.choices)
    destination = models.CharField(
        _("destination at exit"), max_length=30, choices=Destination.choices
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = WorkerOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("exit")
        verbose_name_plural = _("exits")
        ordering = ["-exited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.worker} – {date_format(self.exited_on, 'SHORT_DATE_FORMAT')}"


class FollowUpQuerySet(WorkerOwnedQuerySet):
    scope_through = "exit__worker"

    def pending(self):
        return self.filter(recorded_on__isnull=True)


class FollowUp(models.Model):
    """Where the person is 3 or 6 months after exit; due until recorded."""

    exit = models.ForeignKey(
        Exit, verbose_name=_("exit"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    timepoint = models.PositiveSmallIntegerField(_("timepoint"), choices=FollowUpTimepoint.choices)
    due_on = models.DateField(_("due on"), db_index=True)
    recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    destination = models.CharField(
        _("destination"), max_length=30, choices=Destination.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "timepoint"]
        constraints = [
            models.UniqueConstraint(fields=["exit", "timepoint"], name="follow_up_once"),
            models.CheckConstraint(
                condition=models.Q(recorded_on__isnull=True) | ~models.Q(destination=""),
                name="follow_up_recorded_has_destination",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exit.worker} +{self.timepoint}"
