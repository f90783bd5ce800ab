"""Evaluation app models, one module per area so that parallel work does not collide.

instruments.py: instruments, items, assessments and answers (issue: evaluation).
metrics.py: the programme's chosen indicators with targets (issue: evaluation).
reports.py: report jobs and schedules for the PDF impact reports (issue: reports).
Each module's models are imported here once the module exists.
"""

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
    "FailureReason",
    "JobStatus",
    "PeriodKind",
    "ReportJob",
    "ReportKind",
    "ReportLanguage",
    "ReportSchedule",
    "ScheduleFrequency",
]
