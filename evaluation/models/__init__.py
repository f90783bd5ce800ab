"""Evaluation app models, one module per area so that parallel work does not collide.

instruments.py: instruments, items, assessments and answers (issue: evaluation).
metrics.py: the programme's chosen indicators with targets (issue: evaluation).
assistance.py: recorded drops in social assistance for the city's cash view (issue: evaluation).
reports.py: report jobs and schedules for the PDF impact reports (issue: reports).
Each module's models are imported here once the module exists.
"""

from evaluation.models.assistance import SocialAssistanceDrop
from evaluation.models.instruments import (
    Answer,
    Assessment,
    AssessmentLink,
    AssessmentStatus,
    Direction,
    Instrument,
    InstrumentItem,
    Respondent,
    Scoring,
    Timepoint,
)
from evaluation.models.kept import KeptFiguresYear, WorkerMonthFigures
from evaluation.models.metrics import Metric, MetricKey, QuantitySource, SroiProxy
from evaluation.models.reports import (
    FailureReason,
    JobStatus,
    PeriodKind,
    ReportJob,
    ReportKind,
    ReportLanguage,
    ReportSchedule,
    ScheduleFrequency,
)

__all__ = [
    "Answer",
    "Assessment",
    "AssessmentLink",
    "AssessmentStatus",
    "Direction",
    "FailureReason",
    "Instrument",
    "InstrumentItem",
    "JobStatus",
    "KeptFiguresYear",
    "Metric",
    "MetricKey",
    "PeriodKind",
    "QuantitySource",
    "ReportJob",
    "ReportKind",
    "ReportLanguage",
    "ReportSchedule",
    "Respondent",
    "ScheduleFrequency",
    "SocialAssistanceDrop",
    "Scoring",
    "SroiProxy",
    "Timepoint",
    "WorkerMonthFigures",
]
