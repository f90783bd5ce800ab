"""PDF impact reports: the jobs that render them and the schedules that order them.

A ReportJob is one request for one PDF (who asked, what, for which period and in which
language) and the record of its rendering (status, attempts, times, error, file). A
ReportSchedule makes a coordinator's programme report come every month or quarter.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ryhma.access import ScopedQuerySet
from ryhma.models import Role
from villages.models import Association, Municipality, Programme
from workers.models import Worker


class ReportKind(models.TextChoices):
    PROGRAMME = "programme", _("Programme report for the city")
    VILLAGE = "village", _("Village report for an association")
    INDIVIDUAL = "individual", _("Individual report for a worker")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Custom period")


class ReportLanguage(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


def _kinds_for(user) -> list[str]:
    """Which report kinds a role may see within its scope."""
    if user.role == Role.COORDINATOR:
        return [ReportKind.PROGRAMME, ReportKind.VILLAGE, ReportKind.INDIVIDUAL]
    if user.role == Role.OFFICIAL:
        return [ReportKind.PROGRAMME, ReportKind.VILLAGE]
    if user.role == Role.VILLAGE_STAFF:
        return [ReportKind.VILLAGE]
    if user.role == Role.WORKER:
        return [ReportKind.INDIVIDUAL]
    return []


class FailureReason(models.TextChoices):
    TIMEOUT = "timeout", _("Making the report took too long.")
    WORKER_LOST = (
        "worker_lost",
        _("The report could not be made: its worker stopped three times in the middle."),
    )
    TRANSIENT = (
        "transient",
        _(
            "The report could not be made because the database or the file storage "
            "did not answer, even after several tries."
        ),
    )
    ERROR = "error", _("The report could not be made because of an unexpected error.")


class ReportJobQuerySet(ScopedQuerySet):
    """Coordinators: every report of their municipality. Officials: programme and village
    reports of their municipality (aggregates only). Village staff: the village reports of
    their own associations. Workers: their own individual reports."""

    municipality_path = "municipality"
    association_path = "association"
    user_path = "worker__user"

    def for_role(self, user):
        kinds = _kinds_for(user)
        if not kinds:
            return self.none()
        queryset = super().for_role(user).filter(kind__in=kinds)
        if user.role == Role.OFFICIAL:
            # Whole single years only: two overlapping periods would differ by a few
            # people (evaluation.suppression).
            queryset = queryset.filter(
                period_start__month=1,
                period_start__day=1,
                period_end__month=12,
                period_end__day=31,
                period_end__year=F("period_start__year"),
            )
        return queryset


class ReportJob(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="report_jobs",
    )
    kind = models.CharField(_("report"), max_length=12, choices=ReportKind.choices)
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_jobs",
    )
    worker = models.ForeignKey(
        Worker,
        verbose_name=_("worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_jobs",
    )
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("period starts on"))
    period_end = models.DateField(_("period ends on"))
    language = models.CharField(
        _("language"), max_length=2, choices=ReportLanguage.choices, default=ReportLanguage.FINNISH
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    schedule = models.ForeignKey(
        "ReportSchedule",
        verbose_name=_("schedule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    rerun_of = models.ForeignKey(
        "self",
        verbose_name=_("re-run of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reruns",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    failure = models.CharField(
        _("reason for failure"), max_length=12, choices=FailureReason.choices, blank=True
    )
    error = models.TextField(_("technical details"), blank=True)
    file = models.FileField(_("PDF file"), upload_to="reports/", blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    notified_at = models.DateTimeField(_("notice sent at"), null=True, blank=True)
    # When the broker took the job's message; empty while the broker was unreachable (the
    # sweeper sends it again).
    sent_at = models.DateTimeField(_("sent to a worker at"), null=True, blank=True)
    # Moved every few seconds by the worker that renders the job: a running job whose
    # heartbeat stopped has lost its worker.
    heartbeat_at = models.DateTimeField(_("worker last seen at"), null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_job_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(kind="village") | Q(association__isnull=False),
                name="report_job_village_has_association",
            ),
            models.CheckConstraint(
                condition=~Q(kind="individual") | Q(worker__isnull=False),
                name="report_job_individual_has_worker",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="report_job_progress_is_percentage"
            ),
            # A schedule orders each period once, however often beat wakes up.
            models.UniqueConstraint(
                fields=["schedule", "period_start", "period_end"],
                condition=Q(schedule__isnull=False, rerun_of__isnull=True),
                name="report_job_one_per_scheduled_period",
            ),
        ]
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_label} ({self.get_status_display()})"

    @property
    def period_label(self) -> str:
        from evaluation.reports.periods import Period

        return Period(self.period_kind, self.period_start, self.period_end).label

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def scope_label(self) -> str:
        if self.kind == ReportKind.VILLAGE and self.association_id:
            return str(self.association)
        if self.kind == ReportKind.INDIVIDUAL and self.worker_id:
            return str(self.worker)
        return str(self.programme)


class ScheduleFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class ReportScheduleQuerySet(ScopedQuerySet):
    """Coordinators manage the schedules of their municipality's programmes."""

    municipality_path = "programme__municipality"
    municipality_roles = (Role.COORDINATOR,)

    def active(self):
        return self.filter(active=True)


class ReportSchedule(models.Model):
    """A programme report made after every month or quarter and emailed as a link."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="report_schedules",
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=ScheduleFrequency.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=ReportLanguage.choices, default=ReportLanguage.FINNISH
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("recipients"), related_name="+"
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReportScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")
        ordering = ["programme", "frequency", "id"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.get_frequency_display()}"
