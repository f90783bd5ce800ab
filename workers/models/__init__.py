"""Workers app models, one module per area so that parallel work does not collide.

people.py: workers, employment contracts and subsidy decisions (the worker's path).
economy.py: the yearly economic parameter sets (domain brief §5) that every computation
of wages, subsidies and city effects reads; their values are never literals in code.
"""

from workers.models.economy import (
    MunicipalShareStep,
    ParameterKey,
    ParameterSet,
    ParameterStatus,
    ParameterValue,
    SourceStatus,
)
from workers.models.people import (
    Employment,
    SubsidyDecision,
    SubsidyPayer,
    SubsidyType,
    Worker,
)

__all__ = [
    "Employment",
    "MunicipalShareStep",
    "ParameterKey",
    "ParameterSet",
    "ParameterStatus",
    "ParameterValue",
    "SourceStatus",
    "SubsidyDecision",
    "SubsidyPayer",
    "SubsidyType",
    "Worker",
]
