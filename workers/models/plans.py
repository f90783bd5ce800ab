"""The worker's individual plan: goals, a path onwards and a review every few months."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ryhma.models import VersionedModel
from workers.models.people import Worker, WorkerOwnedQuerySet


class Pathway(models.TextChoices):
    OPEN_MARKET = "open_market", _("Towards the open labour market")
    EDUCATION = "education", _("Towards education or an apprenticeship")
    ENTREPRENEURSHIP = "entrepreneurship", _("Towards entrepreneurship")
    WORK_ABILITY = "work_ability", _("Strengthening work ability first")
    UNDECIDED = "undecided", _("Not decided yet")


class IndividualPlan(VersionedModel):
    """One plan per worker, reviewed every `review_interval_months`."""

    worker = models.OneToOneField(
        Worker, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="plan"
    )
    starts_on = models.DateField(_("plan made on"))
    goals = models.TextField(_("goals"))
    pathway = models.CharField(
        _("path onwards"), max_length=20, choices=Pathway.choices, default=Pathway.UNDECIDED
    )
    support_needed = models.TextField(_("support needed"), blank=True)
    review_interval_months = models.PositiveSmallIntegerField(_("review every (months)"), default=3)
    next_review_on = models.DateField(_("next review on"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = WorkerOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("individual plan")
        verbose_name_plural = _("individual plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(review_interval_months__gte=1, review_interval_months__lte=12),
                name="plan_review_interval_1_12",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker} – {self._meta.verbose_name}"


class PlanReviewQuerySet(WorkerOwnedQuerySet):
    scope_through = "plan__worker"


class PlanReview(models.Model):
    plan = models.ForeignKey(
        IndividualPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField(_("reviewed on"))
    progress = models.TextField(_("progress and changes to the goals"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlanReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.plan.worker} {date_format(self.reviewed_on, 'SHORT_DATE_FORMAT')}"
