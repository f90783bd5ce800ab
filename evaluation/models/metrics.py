"""Phase 7: the programme's chosen indicators with targets; and SROI value proxies."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ryhma.models import VersionedModel
from villages.models import Municipality, Programme
from workers.models import SourceStatus

from .instruments import Instrument, MunicipalQuerySet


class MetricKey(models.TextChoices):
    """The catalogue of indicators computed from the data (evaluation.selectors)."""

    PEOPLE_EMPLOYED = "people_employed", _("People employed")
    PERSON_MONTHS = "person_months", _("Person-months")
    HOURS = "hours", _("Hours worked")
    OPEN_MARKET_3M = "open_market_3m", _("On the open labour market 3 months after exit")
    OPEN_MARKET_6M = "open_market_6m", _("On the open labour market 6 months after exit")
    INSTRUMENT_CHANGE = "instrument_change", _("Mean change of an instrument's score")
    ORDERS_DONE = "orders_done", _("Service orders done")
    UNIQUE_CUSTOMERS = "unique_customers", _("Unique customers")
    SHARE_65_PLUS = "share_65_plus", _("Share of customers aged 65+")
    SATISFACTION = "satisfaction", _("Customer satisfaction (1–5)")
    REVENUE = "revenue", _("Service revenue")
    NET_COST_PER_PERSON_MONTH = (
        "net_cost_per_person_month",
        _("Association net cost per person-month"),
    )
    CITY_NET_EFFECT = "city_net_effect", _("City net effect (cash view)")


class Perspective(models.TextChoices):
    """The three perspectives of impact evaluation (domain brief §2, phase 9)."""

    INDIVIDUAL = "individual", _("individuals")
    COMMUNITY = "community", _("the community")
    ECONOMY = "economy", _("the economy")


PERSPECTIVES = {
    MetricKey.PEOPLE_EMPLOYED: Perspective.INDIVIDUAL,
    MetricKey.PERSON_MONTHS: Perspective.INDIVIDUAL,
    MetricKey.HOURS: Perspective.INDIVIDUAL,
    MetricKey.OPEN_MARKET_3M: Perspective.INDIVIDUAL,
    MetricKey.OPEN_MARKET_6M: Perspective.INDIVIDUAL,
    MetricKey.INSTRUMENT_CHANGE: Perspective.INDIVIDUAL,
    MetricKey.ORDERS_DONE: Perspective.COMMUNITY,
    MetricKey.UNIQUE_CUSTOMERS: Perspective.COMMUNITY,
    MetricKey.SHARE_65_PLUS: Perspective.COMMUNITY,
    MetricKey.SATISFACTION: Perspective.COMMUNITY,
    MetricKey.REVENUE: Perspective.ECONOMY,
    MetricKey.NET_COST_PER_PERSON_MONTH: Perspective.ECONOMY,
    MetricKey.CITY_NET_EFFECT: Perspective.ECONOMY,
}
# What is better: a smaller value (costs) or a larger one (everything else).
LOWER_IS_BETTER = {MetricKey.NET_COST_PER_PERSON_MONTH}
METRIC_UNITS: dict[str, str] = {
    MetricKey.HOURS: "h",
    MetricKey.OPEN_MARKET_3M: "%",
    MetricKey.OPEN_MARKET_6M: "%",
    MetricKey.SHARE_65_PLUS: "%",
    MetricKey.REVENUE: "€",
    MetricKey.NET_COST_PER_PERSON_MONTH: "€",
    MetricKey.CITY_NET_EFFECT: "€",
}


class MetricQuerySet(MunicipalQuerySet):
    municipality_path = "programme__municipality"


class Metric(VersionedModel):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="metrics"
    )
    key = models.CharField(_("indicator"), max_length=40, choices=MetricKey.choices)
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="metrics",
        help_text=_("Only for the mean change of an instrument's score."),
    )
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = MetricQuerySet.as_manager()

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ["programme", "key", "period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="metric_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(key="instrument_change") | Q(instrument__isnull=False),
                name="metric_instrument_change_needs_instrument",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_key_display())

    @property
    def unit(self) -> str:
        return METRIC_UNITS.get(self.key, "")

    @property
    def lower_is_better(self) -> bool:
        return self.key in LOWER_IS_BETTER


class QuantitySource(models.TextChoices):
    """Which computed quantity an SROI outcome is valued on."""

    PERSON_MONTHS = "person_months", _("Person-months")
    HOURS = "hours", _("Hours of local services")
    OPEN_MARKET = "open_market", _("Moves to the open labour market")
    ORDERS_DONE = "orders_done", _("Service orders done")
    CUSTOMERS_65_PLUS = "customers_65_plus", _("Customers aged 65+")
    AVOIDED_BENEFIT = "avoided_benefit", _("Avoided unemployment benefit (€)")


class SroiProxyQuerySet(MunicipalQuerySet):
    pass


# The sources of the proxies the application seeds, in the reader's language, by the Finnish
# text they were seeded with; a source a city has edited no longer matches and shows as typed.
SHIPPED_PROXY_SOURCES = {
    "Oletus: arvio parantuneen arjen ja toimintakyvyn arvosta henkilötyökuukaudessa": _(
        "Default: an estimate of the value of better everyday life and functional capacity"
        " per person-month"
    ),
    "Oletus: vastaavan palvelun markkinahinta 15–20 €/h": _(
        "Default: the market price of a similar service, €15–20/h"
    ),
    "Oletus: vältetyt etuudet ja verotulot vuodessa": _(
        "Default: benefits avoided and taxes gained in a year"
    ),
    "Laskettu: Kela, työmarkkinatuki / yleistuki": _(
        "Computed: Kela, labour market subsidy / general unemployment benefit"
    ),
}


class SroiProxy(VersionedModel):
    """A financial proxy for one outcome, editable; its source and status are shown."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="sroi_proxies"
    )
    name = models.CharField(_("outcome"), max_length=150)
    name_sv = models.CharField(_("outcome in Swedish"), max_length=150, blank=True)
    name_en = models.CharField(_("outcome in English"), max_length=150, blank=True)
    quantity_source = models.CharField(_("quantity"), max_length=20, choices=QuantitySource.choices)
    value_per_unit = models.DecimalField(_("value per unit (€)"), max_digits=10, decimal_places=2)
    duration_years = models.PositiveSmallIntegerField(_("duration (years)"), default=1)
    source = models.CharField(_("source"), max_length=300, blank=True)
    status = models.CharField(
        _("source status"), max_length=1, choices=SourceStatus.choices, default=SourceStatus.GUESS
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = SroiProxyQuerySet.as_manager()

    class Meta:
        verbose_name = _("SROI value proxy")
        verbose_name_plural = _("SROI value proxies")
        ordering = ["municipality", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_years__gte=1, duration_years__lte=10),
                name="sroi_proxy_duration_1_10",
            ),
            models.CheckConstraint(condition=Q(value_per_unit__gte=0), name="sroi_proxy_value"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The outcome in the reader's language (as typed when it has no translation)."""
        return {"sv": self.name_sv, "en": self.name_en}.get(get_language()) or self.name

    @property
    def source_label(self) -> str:
        """The source in the reader's language while it is as seeded."""
        shipped = SHIPPED_PROXY_SOURCES.get(self.source)
        return str(shipped) if shipped is not None else self.source
