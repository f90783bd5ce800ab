"""Reads for the dashboards, the metrics and `economy_summary`, in a constant number of queries.

- `programme_economy`: `economy(programme, period)`, the programme's (or a village's)
  economic figures: totals, the monthly and per-worker rows, the cash view and SROI.
- `kept`: the same figures summed in SQL from the kept worker-month rows, for the dashboard
  and the workers' figures (imported as `evaluation.selectors.kept`).
- `scores`: each worker's start assessment paired with their latest one, and the mean
  change per instrument.
- `metrics`: the phase-7 indicators against their targets.
- `people_by_month`: who worked in which month, and what an official may see of a year.
- `due`: who should be assessed now.
"""

from evaluation.selectors.due import DueAssessment, due_assessments
from evaluation.selectors.metrics import CUMULATIVE, MetricStatus, metric_statuses, metric_value
from evaluation.selectors.people_by_month import MIN_GROUP, month_people, year_pattern
from evaluation.selectors.programme_economy import (
    SERVICE_QUANTITIES,
    Economy,
    MonthRow,
    Period,
    WorkerRow,
    economy,
    open_market_rates,
    social_assistance_drops,
)
from evaluation.selectors.scores import (
    ScoreChange,
    ScorePairs,
    latest_pairs,
    score_changes,
    score_pairs,
)

__all__ = [
    "CUMULATIVE",
    "MIN_GROUP",
    "SERVICE_QUANTITIES",
    "DueAssessment",
    "Economy",
    "MetricStatus",
    "MonthRow",
    "Period",
    "ScoreChange",
    "ScorePairs",
    "WorkerRow",
    "due_assessments",
    "economy",
    "latest_pairs",
    "metric_statuses",
    "metric_value",
    "month_people",
    "open_market_rates",
    "score_changes",
    "score_pairs",
    "social_assistance_drops",
    "year_pattern",
]
