"""Reading a municipality's parameters of a year: `Parameters`, `parameters_for`, and
`MissingParameter` naming a missing value.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from workers.models import (
    MunicipalShareStep,
    ParameterKey,
    ParameterSet,
    ParameterStatus,
    ParameterValue,
)
from workers.parameters.defaults import source_label


class MissingParameter(Exception):
    """A computation needs a value that the parameter set does not have."""

    def __init__(self, key: str, year: int | None = None):
        self.key = key
        self.year = year
        label: str | Promise
        try:
            label = ParameterKey(key).label
        except ValueError:
            label = key
        super().__init__(
            _("The parameter “%(name)s” is missing for %(year)s. Add it to the parameter set.")
            % {"name": label, "year": year if year is not None else "–"}
        )


@dataclass(frozen=True)
class UsedValue:
    key: str
    label: str
    value: Decimal
    unit: str
    source: str
    status: str


class Parameters:
    """The values of one parameter set, loaded with two queries."""

    def __init__(self, parameter_set: ParameterSet | None, year: int, *, values=None, steps=None):
        """`values` and `steps`: the set's rows when the caller has read them already."""
        self.parameter_set = parameter_set
        self.year = year
        self._values: dict[str, ParameterValue] = {}
        self._steps: list[MunicipalShareStep] = []
        # One UsedValue per key: a dashboard asks for the same few values tens of
        # thousands of times, and each label lookup translates the whole choice list.
        self._used: dict[str, UsedValue] = {}
        # Values worked out from the parameters by their users (the economic model's
        # side-cost percentage, for example), kept for the life of this object.
        self.derived: dict = {}
        if parameter_set is not None:
            if values is None:
                values, steps = parameter_set.values.all(), parameter_set.share_steps.all()
            self._values = {v.key: v for v in values}
            self._steps = sorted(steps, key=lambda s: s.from_days)

    def value(self, key: str) -> Decimal:
        row = self._values.get(key)
        if row is None or row.value is None:
            raise MissingParameter(key, self.year)
        return row.value

    def used(self, key: str) -> UsedValue:
        """The value with its label, unit, source and status, for 'how was this computed'."""
        used = self._used.get(key)
        if used is not None:
            return used
        row = self._values.get(key)
        if row is None or row.value is None:
            raise MissingParameter(key, self.year)
        # The enum's own label, not get_key_display(): that flattens and translates the
        # whole choice list on every call.
        label: str | Promise
        try:
            label = ParameterKey(key).label
        except ValueError:
            label = key
        used = self._used[key] = UsedValue(
            key, str(label), row.value, row.unit, source_label(row.source), row.status
        )
        return used

    def municipal_share(self, benefit_days: int) -> Decimal:
        """The municipality's share (%) of the benefit for a person with `benefit_days`."""
        if not self._steps:
            raise MissingParameter("municipal_share_steps", self.year)
        share = Decimal("0")
        for step in self._steps:
            if benefit_days >= step.from_days:
                share = step.share_percent
        return share

    @property
    def share_steps(self) -> list[MunicipalShareStep]:
        return list(self._steps)

    @property
    def digest(self) -> str | None:
        """A fingerprint of every value and step the figures are computed from (not the
        sources or status labels, which only explain them); None without a parameter set.

        Equal digests compute equal figures, however the set was edited or superseded."""
        if self.parameter_set is None:
            return None
        cached = self.derived.get("digest")
        if cached is None:
            text = repr(
                (
                    sorted((key, str(row.value)) for key, row in self._values.items()),
                    [(step.from_days, str(step.share_percent)) for step in self._steps],
                )
            )
            cached = self.derived["digest"] = hashlib.blake2b(
                text.encode(), digest_size=12
            ).hexdigest()
        return cached


def parameters_for(municipality, year: int) -> Parameters:
    # Unordered: a municipality has one active set a year, a set one value a key and one
    # step a day count (their constraints), and `Parameters` sorts the steps. The models'
    # orderings would join the municipality into each of the three queries to sort by
    # its name.
    parameter_set = (
        ParameterSet.objects.active()
        .filter(municipality=municipality, year=year)
        .order_by()
        .prefetch_related(
            Prefetch("values", queryset=ParameterValue.objects.order_by()),
            Prefetch("share_steps", queryset=MunicipalShareStep.objects.order_by()),
        )
        .first()
    )
    return Parameters(parameter_set, year)


def parameters_for_years(municipality, years) -> dict[int, Parameters]:
    """`parameters_for` of several years, in two queries (the values with their sets, and
    the steps). A set without any value is read as no set: nothing can be computed from
    either."""
    years = sorted(set(years))
    of_sets = {
        "parameter_set__municipality": municipality,
        "parameter_set__year__in": years,
        "parameter_set__status": ParameterStatus.ACTIVE,
    }
    sets, values, steps = {}, defaultdict(list), defaultdict(list)
    for value in ParameterValue.objects.filter(**of_sets).select_related("parameter_set"):
        sets[value.parameter_set.year] = value.parameter_set
        values[value.parameter_set_id].append(value)
    if sets:
        for step in MunicipalShareStep.objects.filter(**of_sets):
            steps[step.parameter_set_id].append(step)
    return {
        year: Parameters(
            sets.get(year),
            year,
            values=values[sets[year].pk] if year in sets else None,
            steps=steps[sets[year].pk] if year in sets else None,
        )
        for year in years
    }
