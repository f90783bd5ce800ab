"""Hostile-input cases for the evaluation pages (format: ryhma/tests/test_hostile_forms.py)."""

from django.urls import reverse

from evaluation import forms
from evaluation.models.metrics import Metric, SroiProxy
from evaluation.reports import forms as report_forms
from ryhma.testing import FormCase
from workers.models import ParameterSet


def demo_objects(d):
    d.instrument = (
        next(iter(d.instruments.values()))
        if isinstance(d.instruments, dict)
        else (d.instruments[0])
    )
    d.assessed = d.employments[0].worker
    d.metric = Metric.objects.filter(programme=d.programme).first()
    d.proxy = SroiProxy.objects.filter(municipality=d.municipality).first()
    d.parameter_set = (
        ParameterSet.objects.for_user_municipality(d.municipality).first()
        if hasattr(ParameterSet.objects, "for_user_municipality")
        else ParameterSet.objects.first()
    )


CASES = [
    FormCase((report_forms.ReportRequestForm,), lambda d: reverse("evaluation:report_list")),
    FormCase((report_forms.ScheduleForm,), lambda d: reverse("evaluation:report_schedules")),
    FormCase((forms.DashboardFilterForm,), lambda d: reverse("evaluation:dashboard"), method="get"),
    FormCase(
        (forms.AssessmentForm,),
        lambda d: reverse("evaluation:assessment_record", args=[d.assessed.pk, d.instrument.pk]),
    ),
    FormCase(
        (forms.AssessmentLinkForm,),
        lambda d: reverse("evaluation:worker_assessments", args=[d.assessed.pk]),
        action=lambda d: reverse("evaluation:assessment_link", args=[d.assessed.pk]),
        shows_result=True,
    ),
    FormCase(
        (forms.MetricForm,),
        lambda d: reverse("evaluation:metrics", args=[d.programme.slug]),
        label="new",
    ),
    FormCase(
        (forms.MetricForm,),
        lambda d: reverse("evaluation:metric_edit", args=[d.programme.slug, d.metric.pk]),
        label="edit",
    ),
    FormCase((forms.InstrumentForm,), lambda d: reverse("evaluation:instrument_create")),
    FormCase(
        (forms.ParameterSetForm,),
        lambda d: reverse("evaluation:parameter_set", args=[d.parameter_set.pk]),
    ),
    FormCase((forms.SroiProxyForm,), lambda d: reverse("evaluation:sroi_proxies"), label="new"),
    FormCase(
        (forms.SroiProxyForm,),
        lambda d: reverse("evaluation:sroi_proxy_edit", args=[d.proxy.pk]),
        label="edit",
    ),
    FormCase(
        (forms.SocialAssistanceDropForm,),
        lambda d: reverse("evaluation:social_assistance", args=[d.assessed.pk]),
    ),
]
