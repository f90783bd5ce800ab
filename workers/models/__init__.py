"""Workers app models, one module per area so that parallel work does not collide.

people.py: workers, consents, employment contracts and subsidy decisions (the worker's path).
plans.py: individual plans and their reviews.
licences.py: licence cards and training, group activities and attendance.
exits.py: exits and the +3/+6 month follow-ups; outcomes.py: their shared choices.
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
from workers.models.exits import Exit, FollowUp
from workers.models.licences import (
    ActivityKind,
    Attendance,
    GroupActivity,
    Licence,
    LicenceKind,
)
from workers.models.outcomes import Destination, ExitReason, FollowUpTimepoint
from workers.models.people import (
    Consent,
    ConsentPurpose,
    Employment,
    SubsidyDecision,
    SubsidyPayer,
    SubsidyType,
    Worker,
    WorkerOwnedQuerySet,
)
from workers.models.plans import IndividualPlan, Pathway, PlanReview

__all__ = [
    "ActivityKind",
    "Attendance",
    "Consent",
    "ConsentPurpose",
    "Destination",
    "Employment",
    "Exit",
    "ExitReason",
    "FollowUp",
    "FollowUpTimepoint",
    "GroupActivity",
    "IndividualPlan",
    "Licence",
    "LicenceKind",
    "MunicipalShareStep",
    "ParameterKey",
    "ParameterSet",
    "ParameterStatus",
    "ParameterValue",
    "Pathway",
    "PlanReview",
    "SourceStatus",
    "SubsidyDecision",
    "SubsidyPayer",
    "SubsidyType",
    "Worker",
    "WorkerOwnedQuerySet",
]
