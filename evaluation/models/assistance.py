"""Recorded drops in a worker's household's basic social assistance (domain brief §5).

The city's cash view counts the municipal share of the drop (T = share × drop) where it is
recorded; without a record it is zero. A record covers whole months, from `first_month` to
`last_month`, with the same amount each month, and names where the figure comes from
(for example the social services' statement). Only the municipality's coordinators see
and record them: social assistance is sensitive, village staff and officials get none.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ryhma.dates import add_months
from ryhma.models import Role
from workers.models import Worker

from .instruments import MunicipalQuerySet


class SocialAssistanceDropQuerySet(MunicipalQuerySet):
    municipality_path = "worker__municipality"
    municipality_roles = (Role.COORDINATOR,)

    def overlapping(self, first_month, last_month):
        return self.filter(first_month__lte=last_month, last_month__gte=first_month)


class SocialAssistanceDrop(models.Model):
    worker = models.ForeignKey(
        Worker,
        verbose_name=_("worker"),
        on_delete=models.CASCADE,
        related_name="social_assistance_drops",
    )
    first_month = models.DateField(_("first month"))
    last_month = models.DateField(_("last month"))
    monthly_amount = models.DecimalField(
        _("drop in basic social assistance per month (€)"), max_digits=9, decimal_places=2
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_(
            "Where the figure comes from, e.g. the social services' statement and its date."
        ),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SocialAssistanceDropQuerySet.as_manager()

    class Meta:
        verbose_name = _("drop in social assistance")
        verbose_name_plural = _("drops in social assistance")
        ordering = ["worker", "first_month"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_amount__gte=0), name="social_assistance_drop_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(last_month__gte=models.F("first_month")),
                name="social_assistance_drop_months_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker}: {self.first_month:%m/%Y}–{self.last_month:%m/%Y}"

    def clean(self):
        errors = {}
        if self.monthly_amount is not None and self.monthly_amount < 0:
            errors["monthly_amount"] = _(
                "The drop in social assistance cannot be negative. Enter the amount in euros,"
                " 0 or more."
            )
        if self.first_month and self.first_month.day != 1:
            errors["first_month"] = _("Give the first month as the first day of the month.")
        if self.last_month and self.last_month.day != 1:
            errors["last_month"] = _("Give the last month as the first day of the month.")
        if self.first_month and self.last_month and self.last_month < self.first_month:
            errors["last_month"] = _(
                "The last month must not be before the first month. Choose a later month."
            )
        if errors:
            raise ValidationError(errors)

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the record covers."""
        result, month = [], self.first_month.replace(day=1)
        while month <= self.last_month:
            result.append((month.year, month.month))
            month = add_months(month, 1)
        return result
