"""Reading the economic parameters of a municipality and year, and their seeded defaults.

`parameters_for(municipality, year)` gives a `Parameters` object whose `value(key)`
raises `MissingParameter` naming the value when it is missing, so that no figure is
ever computed from a silent zero. The seeded defaults are domain brief §5, each with
its source and status label; cities edit their own copies.

`defaults` holds the seeded values and their sources, `reading` the `Parameters` object.
"""

from workers.parameters.defaults import SHIPPED_SOURCES, seed_default_parameter_set, source_label
from workers.parameters.reading import (
    MissingParameter,
    Parameters,
    UsedValue,
    parameters_for,
    parameters_for_years,
)

__all__ = [
    "SHIPPED_SOURCES",
    "MissingParameter",
    "Parameters",
    "UsedValue",
    "parameters_for",
    "parameters_for_years",
    "seed_default_parameter_set",
    "source_label",
]
