"""How every figure of the model explains itself: `Figure` (formula, inputs, parameters
with their source and status, notes, what is missing), the labels of the summed figures
and the notes of the public sector and social assistance views, and `MonthResult`, the
figures of one worker-month with their explanations made on demand."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _  # noqa: F401 (extraction)

from workers.models import ParameterKey
from workers.money import (
    _,  # noqa: F811 (one lazy proxy per text: see there)
)
from workers.parameters import MissingParameter, Parameters, UsedValue

if TYPE_CHECKING:
    from evaluation.economy.worker_month import WorkerMonth


# The public sector view's optional taxes: income tax and every statutory contribution on
# the wage that goes to a public body (pension and social insurance funds included).
TAX_KEYS = (
    ParameterKey.INCOME_TAX_RATE,
    ParameterKey.TYEL_TOTAL,
    ParameterKey.EMPLOYEE_UNEMPLOYMENT_INSURANCE,
    ParameterKey.EMPLOYEE_HEALTH_INSURANCE,
    ParameterKey.HEALTH_INSURANCE,
    ParameterKey.UNEMPLOYMENT_INSURANCE,
)


TAXES_INCLUDED_NOTE = _(
    "Option used: the public sector view counts the taxes and contributions paid from the wage."
)


TAXES_EXCLUDED_NOTE = _(
    "Option used: the public sector view leaves out the taxes and contributions paid from the wage."
)


NATIONAL_ACCOUNTS_NOTE = _(
    "Earnings-related pension and social insurance funds count as the public sector, as in the"
    " national accounts."
)


ASSISTANCE_NOTE = _(
    "Recorded per worker and month by the coordinator, with its source, on the worker's"
    " evaluation page; a month without a record counts as 0."
)


def taxes_included(params) -> bool:
    """The parameter set's option for the public sector view (1 = count taxes, 0 = not)."""
    return params.value(ParameterKey.PUBLIC_SECTOR_INCLUDES_TAXES) == 1


@dataclass(frozen=True)
class Input:
    label: str | Promise
    value: Decimal
    unit: str = ""


@dataclass(frozen=True)
class Figure:
    """One number with its explanation ('how was this computed')."""

    key: str
    label: str | Promise
    value: Decimal | None
    formula: str | Promise
    inputs: tuple[Input, ...] = ()
    parameters: tuple[UsedValue, ...] = ()
    notes: tuple[str | Promise, ...] = ()
    missing: tuple[str, ...] = ()


class Built(NamedTuple):
    """A worker-month figure's value, the parameters it used and how to explain it.

    The explanation (`explain()` -> Figure) is built only when a page asks for it: a
    city-year has thousands of worker-months and the totals need only the values.
    """

    value: Decimal
    parameters: tuple[UsedValue, ...]
    explain: Callable[[], Figure]


class _Figures(Mapping):
    """The figures of a MonthResult, each explained on first access."""

    # It holds the result's dicts, not the result: no reference cycle, so a worker-month
    # is freed as soon as it is summed.
    def __init__(self, explainers: dict[str, Callable[[], Figure]]):
        self._explainers = explainers
        self._cache: dict[str, Figure] = {}

    def __getitem__(self, key: str) -> Figure:
        figure = self._cache.get(key)
        if figure is None:
            figure = self._cache[key] = self._explainers[key]()
        return figure

    def __iter__(self):
        return iter(self._explainers)

    def __len__(self) -> int:
        return len(self._explainers)


class MonthResult:
    """The figures of one worker-month: values and parameters at once, explanations on demand.

    A dashboard keeps thousands of these until it has summed them, so a result holds only
    plain values: the explanations (a closure per figure) are made by running the same
    `_fill_month` again, with `explained`, when a page first asks for one (the values are
    the inputs' pure function, so the second run gives the same ones). Kept closures made
    the cycle collector walk hundreds of thousands of live objects (bench/NOTE-economy.md
    has the measurements)."""

    __slots__ = (
        "worker_month",
        "params",
        "values",
        "parameters",
        "missing_of",
        "errors",
        "_explainers",
        "_figures",
    )

    def __init__(self, worker_month: "WorkerMonth", params: Parameters | None = None, *,
                 explained: bool = True):  # fmt: skip
        self.worker_month = worker_month
        self.params = params
        self.values: dict[str, Decimal | None] = {}
        self.parameters: dict[str, tuple[UsedValue, ...]] = {}
        self.missing_of: dict[str, tuple[str, ...]] = {}
        self.errors: list = []
        self._explainers: dict[str, Callable[[], Figure]] | None = {} if explained else None
        self._figures = _Figures(self._explainers) if self._explainers is not None else None

    @property
    def figures(self) -> "_Figures":
        if self._figures is None:
            # The worker-month module fills results and imports this one.
            from evaluation.economy.worker_month import _fill_month

            assert self.params is not None  # a result made without explanations has them
            again = MonthResult(self.worker_month, self.params)
            _fill_month(again, self.worker_month, self.params)
            self._figures = again._figures
        assert self._figures is not None  # `again` explains
        return self._figures

    def __getitem__(self, key: str) -> Decimal | None:
        return self.values[key]

    @property
    def missing(self) -> list[str]:
        return list(
            dict.fromkeys(name for key in self.values for name in self.missing_of.get(key, ()))
        )

    def set(self, key: str, built: Built) -> Decimal:
        self.values[key] = built.value
        self.parameters[key] = built.parameters
        if self._explainers is not None:
            self._explainers[key] = built.explain
        return built.value

    def set_missing(self, key: str, missing: tuple[str, ...]) -> None:
        self.values[key] = None
        self.parameters[key] = ()
        self.missing_of[key] = missing
        if self._explainers is not None:
            self._explainers[key] = lambda: Figure(
                key, SUMMED_LABELS[key], None, "", missing=missing
            )


def _step(result: "MonthResult", key: str, build, needs: tuple[str, ...] = ()):
    """Set the figure `build()` makes; if a parameter or a figure it needs is missing, set
    the figure without a value, saying which value is missing (never a silent zero)."""
    missing: tuple[str, ...] = ()
    if needs and result.missing_of:
        missing = tuple(
            dict.fromkeys(name for need in needs for name in result.missing_of.get(need, ()))
        )
    if not missing:
        try:
            return result.set(key, build())
        except MissingParameter as error:
            result.errors.append(error)
            missing = (str(error),)
    result.set_missing(key, missing)
    return None


def _built(key: str, value: Decimal, used, formula, inputs=(), notes=()) -> Built:
    """`inputs` and `notes` (a tuple or a function giving one) are made when explained:
    a note formatted with numbers is translated then, not for every worker-month."""
    used = tuple(used)
    return Built(
        value,
        used,
        lambda: Figure(
            key,
            SUMMED_LABELS[key],
            value,
            formula,
            tuple(inputs()),
            used,
            tuple(notes() if callable(notes) else notes),
        ),
    )


SUMMED_LABELS = {
    "pay": _("Pay"),
    "holiday_pay": _("Holiday pay"),
    "wage_cost": _("Wage cost"),
    "statutory_side_costs": _("Statutory side costs"),
    "side_costs": _("Side costs"),
    "employer_cost": _("Employer cost"),
    "subsidy_income": _("Pay subsidy income"),
    "subsidy_excess": _("Pay subsidy above the wage costs"),
    "municipal_top_up": _("Municipal top-up"),
    "top_up_cut": _("Municipal top-up cut by the cumulation limit"),
    "city_avoided_benefit_share": _("Avoided municipal share of the unemployment benefit"),
    "city_avoided_social_assistance": _("Avoided municipal share of social assistance"),
    "city_paid_subsidy": _("Pay subsidy paid by the city"),
    "city_net_effect_before_coordination": _("City net effect before coordination costs"),
    "public_avoided_benefit": _("Avoided unemployment benefit, whole public sector"),
    "public_avoided_social_assistance": _("Avoided social assistance, whole public sector"),
    "public_taxes_returned": _("Taxes and contributions from the wage"),
    "public_net_effect_before_coordination": _(
        "Public sector net effect before coordination costs"
    ),
}


SUMMED = tuple(SUMMED_LABELS)


# Summed figures whose worker-month notes also hold for the total.
NOTED_SUMS = {"city_avoided_social_assistance", "public_taxes_returned"}
