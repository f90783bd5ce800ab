"""Yearly economic parameters (domain brief §5), each value with its source and status.

A parameter set belongs to a municipality and a year. Values may be missing (NULL):
whatever needs a missing value must say which one is missing, never assume zero.
A set that figures have been computed from is superseded by a new one, not edited away.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ryhma.access import ScopedQuerySet
from ryhma.models import Role, VersionedModel
from villages.models import Municipality


class SourceStatus(models.TextChoices):
    VERIFIED = "V", _("Verified from a public source")
    UNCERTAIN = "U", _("Uncertain: check and update")
    GUESS = "G", _("Reasonable default")


class ParameterKey(models.TextChoices):
    """Every economic number the application uses. Units are in `PARAMETER_UNITS`."""

    FULL_TIME_HOURS_PER_WEEK = "full_time_hours_per_week", _("Full-time hours per week")
    WEEKS_PER_MONTH = "weeks_per_month", _("Weeks per month")
    DEFAULT_HOURLY_WAGE = "default_hourly_wage", _("Default hourly wage")
    DEFAULT_HOURS_PER_WEEK = "default_hours_per_week", _("Default contract hours per week")
    HOLIDAY_PAY_ACCRUAL = "holiday_pay_accrual", _("Holiday pay accrual")
    TYEL_TOTAL = "tyel_total", _("TyEL pension contribution, total")
    TYEL_EMPLOYEE = "tyel_employee", _("TyEL pension contribution, employee's share")
    HEALTH_INSURANCE = "health_insurance", _("Employer's health insurance contribution")
    UNEMPLOYMENT_INSURANCE = (
        "unemployment_insurance",
        _("Employer's unemployment insurance contribution"),
    )
    ACCIDENT_INSURANCE = "accident_insurance", _("Accident insurance")
    GROUP_LIFE_INSURANCE = "group_life_insurance", _("Group life insurance")
    OTHER_EMPLOYER_COSTS_PER_MONTH = (
        "other_employer_costs_per_month",
        _("Other employer costs per worker-month (occupational health, tools, transport)"),
    )
    ASSOCIATION_SUBSIDY_RATE = "association_subsidy_rate", _("Association subsidy rate")
    ASSOCIATION_SUBSIDY_MAX_SHARE_OF_FULL_TIME = (
        "association_subsidy_max_share",
        _("Association subsidy: hours covered, share of full time"),
    )
    ASSOCIATION_SUBSIDY_MAX_MONTHS = (
        "association_subsidy_max_months",
        _("Association subsidy: maximum months"),
    )
    ASSOCIATION_SUBSIDY_MONTHLY_CAP = (
        "association_subsidy_monthly_cap",
        _("Association subsidy: monthly cap"),
    )
    DISADVANTAGED_SUBSIDY_RATE = "disadvantaged_subsidy_rate", _("Disadvantaged job seeker rate")
    REDUCED_ABILITY_SUBSIDY_RATE = (
        "reduced_ability_subsidy_rate",
        _("Reduced work ability subsidy rate"),
    )
    AGE_55_SUBSIDY_RATE = "age_55_subsidy_rate", _("55+ employment subsidy rate")
    AGE_55_SUBSIDY_MONTHLY_CAP = "age_55_subsidy_monthly_cap", _("55+ subsidy monthly cap")
    AGE_55_MIN_HOURS_PER_WEEK = "age_55_min_hours_per_week", _("55+ subsidy minimum hours per week")
    MUNICIPAL_TOP_UP_PER_MONTH = (
        "municipal_top_up_per_month",
        _("Municipal top-up per worker-month"),
    )
    BENEFIT_PER_DAY = "benefit_per_day", _("Unemployment benefit per day")
    BENEFIT_DAYS_PER_MONTH = "benefit_days_per_month", _("Payable benefit days per month")
    SOCIAL_ASSISTANCE_MUNICIPAL_SHARE = (
        "social_assistance_municipal_share",
        _("Municipal share of basic social assistance"),
    )
    COORDINATION_COST_PER_MONTH = (
        "coordination_cost_per_month",
        _("City's coordination cost per month"),
    )
    PUBLIC_SECTOR_INCLUDES_TAXES = (
        "public_sector_includes_taxes",
        _("Public sector view counts taxes and contributions from the wage (1 = yes, 0 = no)"),
    )
    INCOME_TAX_RATE = "income_tax_rate", _("Income tax on the wage, average rate")
    EMPLOYEE_UNEMPLOYMENT_INSURANCE = (
        "employee_unemployment_insurance",
        _("Employee's unemployment insurance contribution"),
    )
    EMPLOYEE_HEALTH_INSURANCE = (
        "employee_health_insurance",
        _("Employee's health insurance contributions"),
    )
    SUBSIDY_PAYMENT_LAG_MONTHS = (
        "subsidy_payment_lag_months",
        _("Months until the pay subsidy is paid"),
    )
    TOP_UP_PAYMENT_LAG_MONTHS = (
        "top_up_payment_lag_months",
        _("Months until the municipal top-up is paid"),
    )
    HOLIDAY_BONUS = "holiday_bonus", _("Holiday bonus, share of holiday pay")
    ASSOCIATION_SUBSIDY_COVERS_HOLIDAY_PAY = (
        "association_subsidy_covers_holiday",
        _("Association subsidy covers holiday pay (1 = yes, 0 = no)"),
    )
    DISADVANTAGED_SUBSIDY_COVERS_HOLIDAY_PAY = (
        "disadvantaged_covers_holiday",
        _("Disadvantaged job seeker subsidy covers holiday pay (1 = yes, 0 = no)"),
    )
    REDUCED_ABILITY_SUBSIDY_COVERS_HOLIDAY_PAY = (
        "reduced_ability_covers_holiday",
        _("Reduced work ability subsidy covers holiday pay (1 = yes, 0 = no)"),
    )
    AGE_55_SUBSIDY_COVERS_HOLIDAY_PAY = (
        "age_55_covers_holiday",
        _("55+ subsidy covers holiday pay (1 = yes, 0 = no)"),
    )
    CUMULATION_LIMIT = (
        "cumulation_limit",
        _("Subsidy + top-up limited to the wage costs (1 = yes, 0 = no)"),
    )
    ADJUSTED_BENEFIT = (
        "adjusted_benefit",
        _("Part-time worker keeps an adjusted benefit (1 = yes, 0 = no)"),
    )
    ADJUSTED_BENEFIT_PAY_SHARE = (
        "adjusted_benefit_pay_share",
        _("Adjusted benefit: share of gross pay that reduces the benefit"),
    )
    CITY_SHARE_OF_SUBSIDY = (
        "city_share_of_subsidy",
        _("City's share of the pay subsidy paid by the employment area"),
    )
    SROI_DEADWEIGHT = "sroi_deadweight", _("SROI deadweight")
    SROI_ATTRIBUTION = "sroi_attribution", _("SROI attribution to others")
    SROI_DISPLACEMENT = "sroi_displacement", _("SROI displacement")
    SROI_DROP_OFF = "sroi_drop_off", _("SROI drop-off per year")
    SROI_DISCOUNT_RATE = "sroi_discount_rate", _("SROI discount rate")


PERCENT = "%"
EURO = "€"
PARAMETER_UNITS: dict[str, str] = {
    ParameterKey.FULL_TIME_HOURS_PER_WEEK: "h",
    ParameterKey.WEEKS_PER_MONTH: "",
    ParameterKey.DEFAULT_HOURLY_WAGE: "€/h",
    ParameterKey.DEFAULT_HOURS_PER_WEEK: "h",
    ParameterKey.HOLIDAY_PAY_ACCRUAL: PERCENT,
    ParameterKey.TYEL_TOTAL: PERCENT,
    ParameterKey.TYEL_EMPLOYEE: PERCENT,
    ParameterKey.HEALTH_INSURANCE: PERCENT,
    ParameterKey.UNEMPLOYMENT_INSURANCE: PERCENT,
    ParameterKey.ACCIDENT_INSURANCE: PERCENT,
    ParameterKey.GROUP_LIFE_INSURANCE: PERCENT,
    ParameterKey.OTHER_EMPLOYER_COSTS_PER_MONTH: EURO,
    ParameterKey.ASSOCIATION_SUBSIDY_RATE: PERCENT,
    ParameterKey.ASSOCIATION_SUBSIDY_MAX_SHARE_OF_FULL_TIME: PERCENT,
    ParameterKey.ASSOCIATION_SUBSIDY_MAX_MONTHS: "",
    ParameterKey.ASSOCIATION_SUBSIDY_MONTHLY_CAP: EURO,
    ParameterKey.DISADVANTAGED_SUBSIDY_RATE: PERCENT,
    ParameterKey.REDUCED_ABILITY_SUBSIDY_RATE: PERCENT,
    ParameterKey.AGE_55_SUBSIDY_RATE: PERCENT,
    ParameterKey.AGE_55_SUBSIDY_MONTHLY_CAP: EURO,
    ParameterKey.AGE_55_MIN_HOURS_PER_WEEK: "h",
    ParameterKey.MUNICIPAL_TOP_UP_PER_MONTH: EURO,
    ParameterKey.BENEFIT_PER_DAY: EURO,
    ParameterKey.BENEFIT_DAYS_PER_MONTH: "",
    ParameterKey.SOCIAL_ASSISTANCE_MUNICIPAL_SHARE: PERCENT,
    ParameterKey.COORDINATION_COST_PER_MONTH: EURO,
    ParameterKey.PUBLIC_SECTOR_INCLUDES_TAXES: "",
    ParameterKey.INCOME_TAX_RATE: PERCENT,
    ParameterKey.EMPLOYEE_UNEMPLOYMENT_INSURANCE: PERCENT,
    ParameterKey.EMPLOYEE_HEALTH_INSURANCE: PERCENT,
    ParameterKey.SUBSIDY_PAYMENT_LAG_MONTHS: "",
    ParameterKey.TOP_UP_PAYMENT_LAG_MONTHS: "",
    ParameterKey.HOLIDAY_BONUS: PERCENT,
    ParameterKey.ASSOCIATION_SUBSIDY_COVERS_HOLIDAY_PAY: "",
    ParameterKey.DISADVANTAGED_SUBSIDY_COVERS_HOLIDAY_PAY: "",
    ParameterKey.REDUCED_ABILITY_SUBSIDY_COVERS_HOLIDAY_PAY: "",
    ParameterKey.AGE_55_SUBSIDY_COVERS_HOLIDAY_PAY: "",
    ParameterKey.CUMULATION_LIMIT: "",
    ParameterKey.ADJUSTED_BENEFIT: "",
    ParameterKey.ADJUSTED_BENEFIT_PAY_SHARE: PERCENT,
    ParameterKey.CITY_SHARE_OF_SUBSIDY: PERCENT,
    ParameterKey.SROI_DEADWEIGHT: PERCENT,
    ParameterKey.SROI_ATTRIBUTION: PERCENT,
    ParameterKey.SROI_DISPLACEMENT: PERCENT,
    ParameterKey.SROI_DROP_OFF: PERCENT,
    ParameterKey.SROI_DISCOUNT_RATE: PERCENT,
}


# Values that must be whole numbers in a range (flags 0/1, months of delay).
WHOLE_NUMBER_PARAMETERS = {
    ParameterKey.PUBLIC_SECTOR_INCLUDES_TAXES: (0, 1),
    ParameterKey.ASSOCIATION_SUBSIDY_COVERS_HOLIDAY_PAY: (0, 1),
    ParameterKey.DISADVANTAGED_SUBSIDY_COVERS_HOLIDAY_PAY: (0, 1),
    ParameterKey.REDUCED_ABILITY_SUBSIDY_COVERS_HOLIDAY_PAY: (0, 1),
    ParameterKey.AGE_55_SUBSIDY_COVERS_HOLIDAY_PAY: (0, 1),
    ParameterKey.CUMULATION_LIMIT: (0, 1),
    ParameterKey.ADJUSTED_BENEFIT: (0, 1),
    ParameterKey.SUBSIDY_PAYMENT_LAG_MONTHS: (0, 12),
    ParameterKey.TOP_UP_PAYMENT_LAG_MONTHS: (0, 12),
}


class ParameterStatus(models.TextChoices):
    ACTIVE = "active", _("In use")
    SUPERSEDED = "superseded", _("Superseded")


class ParameterSetQuerySet(ScopedQuerySet):
    """Coordinators, officials and village staff of the municipality read its parameter sets."""

    municipality_path = "municipality"
    municipality_roles = (Role.COORDINATOR, Role.OFFICIAL, Role.VILLAGE_STAFF)

    def active(self):
        return self.filter(status=ParameterStatus.ACTIVE)


class ParameterSet(VersionedModel):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="parameter_sets",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=12, choices=ParameterStatus.choices, default=ParameterStatus.ACTIVE
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ParameterSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("parameter set")
        verbose_name_plural = _("parameter sets")
        ordering = ["municipality", "-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"],
                condition=Q(status="active"),
                name="parameter_set_one_active_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"


class ParameterValue(models.Model):
    parameter_set = models.ForeignKey(ParameterSet, on_delete=models.CASCADE, related_name="values")
    key = models.CharField(_("parameter"), max_length=50, choices=ParameterKey.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    status = models.CharField(
        _("source status"), max_length=1, choices=SourceStatus.choices, default=SourceStatus.GUESS
    )

    class Meta:
        verbose_name = _("parameter value")
        verbose_name_plural = _("parameter values")
        ordering = ["parameter_set", "key"]
        constraints = [
            models.UniqueConstraint(fields=["parameter_set", "key"], name="parameter_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} = {self.value}"

    @property
    def unit(self) -> str:
        return PARAMETER_UNITS.get(self.key, "")


class MunicipalShareStep(models.Model):
    """From `from_days` cumulative benefit days on, the municipality pays `share_percent`."""

    parameter_set = models.ForeignKey(
        ParameterSet, on_delete=models.CASCADE, related_name="share_steps"
    )
    from_days = models.PositiveIntegerField(_("from benefit days"))
    share_percent = models.DecimalField(_("municipal share (%)"), max_digits=5, decimal_places=2)
    source = models.CharField(_("source"), max_length=300, blank=True)
    status = models.CharField(
        _("source status"), max_length=1, choices=SourceStatus.choices, default=SourceStatus.GUESS
    )

    class Meta:
        verbose_name = _("municipal share step")
        verbose_name_plural = _("municipal share steps")
        ordering = ["parameter_set", "from_days"]
        constraints = [
            models.UniqueConstraint(
                fields=["parameter_set", "from_days"], name="share_step_unique_days"
            ),
            models.CheckConstraint(
                condition=Q(share_percent__gte=0, share_percent__lte=100),
                name="share_step_is_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_days}+ d: {self.share_percent} %"
