"""The economic figures of one employment in one month, kept for the dashboards.

Written and read only by `evaluation.figures`, which explains when a row is valid. Money
is in whole cents and hours in hundredths of an hour: the figures are rounded to cents
once per worker-month (evaluation.economy), so integer sums are exact on every database
(and summing 32-bit integers is the cheapest aggregate PostgreSQL has).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from workers.models import Employment


class EmploymentMonthFigures(models.Model):
    employment = models.ForeignKey(
        Employment,
        verbose_name=_("employment contract"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    # Digest of the contract, the subsidy decisions, the worker's benefit days, the
    # parameter values and the model's code the figures were computed from (64 bits).
    inputs = models.BigIntegerField()
    # The services.MonthlyHours row the approved hours came from; 0 when there was none.
    hours_row_id = models.PositiveBigIntegerField(default=0)
    # False: a parameter the month needs is missing; its figures are not kept (zeros).
    complete = models.BooleanField(default=True)
    hours_hundredths = models.IntegerField(default=0)
    wage_cost_cents = models.IntegerField()
    side_costs_cents = models.IntegerField()
    subsidy_income_cents = models.IntegerField()
    municipal_top_up_cents = models.IntegerField()
    city_avoided_benefit_share_cents = models.IntegerField()
    city_paid_subsidy_cents = models.IntegerField()
    public_avoided_benefit_cents = models.IntegerField()
    public_taxes_returned_cents = models.IntegerField()

    class Meta:
        verbose_name = _("figures of an employment month")
        verbose_name_plural = _("figures of employment months")
        constraints = [
            models.UniqueConstraint(
                fields=["employment", "month"], name="employment_month_figures_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employment_id} {self.month:%m/%Y}"
