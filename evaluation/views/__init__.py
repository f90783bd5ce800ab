"""The evaluation app's pages, by subject (the URLs name them through this package)."""

from evaluation.views.assessments import (
    assessment_link,
    assessment_record,
    due,
    my_assessment_answer,
    my_assessments,
    self_assessment,
    worker_assessments,
)
from evaluation.views.dashboard import dashboard, explain, worker_figures
from evaluation.views.instruments import instrument_create, instruments
from evaluation.views.metrics import metric_delete, metric_edit, metrics
from evaluation.views.parameters import (
    parameter_set_delete,
    parameter_set_detail,
    parameter_sets,
    sroi_proxies,
    sroi_proxy_edit,
)
from evaluation.views.social_assistance import social_assistance, social_assistance_delete

__all__ = [
    "assessment_link",
    "assessment_record",
    "dashboard",
    "due",
    "explain",
    "instrument_create",
    "instruments",
    "metric_delete",
    "metric_edit",
    "metrics",
    "my_assessment_answer",
    "my_assessments",
    "parameter_set_delete",
    "parameter_set_detail",
    "parameter_sets",
    "self_assessment",
    "social_assistance",
    "social_assistance_delete",
    "sroi_proxies",
    "sroi_proxy_edit",
    "worker_assessments",
    "worker_figures",
]
