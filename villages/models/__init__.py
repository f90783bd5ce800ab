"""Villages app models, one module per area.

core.py: municipality, programme, village, association, membership.
phases.py: the programme's phases, their checklists and per-association status.
phase_data.py: the structured data of phases 1–6, 8 and 10.
"""

from villages.models.core import (
    Association,
    AssociationQuerySet,
    ImplementationStatus,
    Membership,
    Municipality,
    PayrollArrangement,
    Programme,
    Village,
)
from villages.models.phase_data import (
    Competence,
    DevelopmentAction,
    Feedback,
    FeedbackSource,
    FundingKind,
    FundingSource,
    MappingAnswer,
    Partner,
    PartnerKind,
    ProcessRole,
    ProcessStep,
    RaciAssignment,
    ServiceKind,
    ServiceNeed,
    ServiceOffering,
    UnemploymentFigure,
)
from villages.models.phases import AssociationPhase, ChecklistItem, PhaseStatus, ProgrammePhase

__all__ = [
    "Association",
    "AssociationPhase",
    "AssociationQuerySet",
    "ChecklistItem",
    "Competence",
    "DevelopmentAction",
    "Feedback",
    "FeedbackSource",
    "FundingKind",
    "FundingSource",
    "ImplementationStatus",
    "MappingAnswer",
    "Membership",
    "Municipality",
    "Partner",
    "PartnerKind",
    "PayrollArrangement",
    "PhaseStatus",
    "ProcessRole",
    "ProcessStep",
    "Programme",
    "ProgrammePhase",
    "RaciAssignment",
    "ServiceKind",
    "ServiceNeed",
    "ServiceOffering",
    "UnemploymentFigure",
    "Village",
]
