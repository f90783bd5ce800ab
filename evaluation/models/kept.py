"""Kept worker-month figures for the dashboard (bench/NOTE-economy.md, option (b)).

`WorkerMonthFigures` holds, per employment and month, the money engine's figures that the
dashboard shows as sums, in cents, rounded per worker-month exactly as the engine rounds
them. `KeptFiguresYear` says whether a municipality-year's rows may be read: fresh, and
computed by the engine version in use. Only `evaluation.kept_figures` writes either
(called by the writes that change an input, in their transaction); a GET only reads them.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from villages.models import Municipality
from workers.models import Employment

# The version of the money engine and the economy (`workers/money.py`,
# `evaluation/economy.py`, `evaluation/figures.py`) the kept rows were computed by. Raise it
# with any change to a figure those compute: rows of another version are not read (the
# dashboard computes) until `manage.py refresh_figures` has recomputed them.
ENGINE_VERSION = 1


def cents(value: Decimal) -> int:
    """Euros as a kept column's whole cents (a value that is not whole cents is an error)."""
    hundredths = value * 100
    if hundredths != hundredths.to_integral_value():
        raise ValueError(f"{value} is not in whole cents")
    return int(hundredths)


def from_cents(value: int) -> Decimal:
    """A kept column's whole cents as euros."""
    return Decimal(value).scaleb(-2)


# The summed figures of `evaluation.economy.SUMMED`, each a column of cents.
SUMMED_COLUMNS = (
    "pay",
    "holiday_pay",
    "wage_cost",
    "statutory_side_costs",
    "side_costs",
    "employer_cost",
    "subsidy_income",
    "subsidy_excess",
    "municipal_top_up",
    "top_up_cut",
    "city_avoided_benefit_share",
    "city_avoided_social_assistance",
    "city_paid_subsidy",
    "city_net_effect_before_coordination",
    "public_avoided_benefit",
    "public_avoided_social_assistance",
    "public_taxes_returned",
    "public_net_effect_before_coordination",
)


class KeptFiguresYear(models.Model):
    """A municipality-year whose worker-month figures are kept.

    Its rows are read only while `stale` is false and `engine_version` is the one in use;
    otherwise the dashboard computes the year from its inputs."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    engine_version = models.PositiveIntegerField(default=0)
    stale = models.BooleanField(default=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kept figures of a year")
        verbose_name_plural = _("kept figures of years")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="kept_figures_year_once")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year}"


class WorkerMonthFigures(models.Model):
    """One employment's figures in one month (`month` is its first day)."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+"
    )
    employment = models.ForeignKey(
        Employment,
        verbose_name=_("employment contract"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    month = models.DateField(_("month"))
    hours_hundredths = models.BigIntegerField()
    # Days employed / days of the month, as the engine divides it (28 significant digits).
    employed_fraction = models.DecimalField(max_digits=31, decimal_places=30)
    # False when a figure has no value (a parameter missing): the year is then computed.
    complete = models.BooleanField(default=True)
    # The worker has a recorded drop this month and contracts in two villages: which
    # contract the drop counts on depends on a village filter, so a filtered view computes.
    drop_moves = models.BooleanField(default=False)
    pay = models.BigIntegerField(null=True)
    holiday_pay = models.BigIntegerField(null=True)
    wage_cost = models.BigIntegerField(null=True)
    statutory_side_costs = models.BigIntegerField(null=True)
    side_costs = models.BigIntegerField(null=True)
    employer_cost = models.BigIntegerField(null=True)
    subsidy_income = models.BigIntegerField(null=True)
    subsidy_excess = models.BigIntegerField(null=True)
    municipal_top_up = models.BigIntegerField(null=True)
    top_up_cut = models.BigIntegerField(null=True)
    city_avoided_benefit_share = models.BigIntegerField(null=True)
    city_avoided_social_assistance = models.BigIntegerField(null=True)
    city_paid_subsidy = models.BigIntegerField(null=True)
    city_net_effect_before_coordination = models.BigIntegerField(null=True)
    public_avoided_benefit = models.BigIntegerField(null=True)
    public_avoided_social_assistance = models.BigIntegerField(null=True)
    public_taxes_returned = models.BigIntegerField(null=True)
    public_net_effect_before_coordination = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = _("figures of an employment month")
        verbose_name_plural = _("figures of employment months")
        constraints = [
            models.UniqueConstraint(
                fields=["employment", "month"], name="worker_month_figures_once"
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "month"], name="worker_month_figures_month")
        ]

    def __str__(self) -> str:
        return f"{self.employment_id} {self.month:%Y-%m}"
