"""Hostile-input cases for the workers pages (format: ryhma/tests/test_hostile_forms.py)."""

from django.urls import reverse

from ryhma.testing import FormCase
from workers import forms
from workers.importing import COLUMNS
from workers.models import FollowUp, IndividualPlan, Worker


def demo_objects(d):
    employment = d.employments[0]
    d.employment = employment
    d.worker = employment.worker
    d.follow_up = (
        FollowUp.objects.filter(exit__worker__municipality=d.municipality).first()
        or FollowUp.objects.none()
    )
    d.spare_worker = Worker.objects.filter(municipality=d.municipality).last()
    d.planned_worker = (
        IndividualPlan.objects.filter(worker__municipality=d.municipality).first().worker
    )


def _worker_url(name):
    return lambda d: reverse(name, args=[d.worker.pk])


CASES = [
    FormCase((forms.WorkerForm,), lambda d: reverse("workers:create"), label="new"),
    FormCase((forms.WorkerForm,), _worker_url("workers:edit"), label="edit"),
    FormCase((forms.EmploymentForm,), _worker_url("workers:employment_create"), label="new"),
    FormCase(
        (forms.EmploymentForm,),
        lambda d: reverse("workers:employment_edit", args=[d.employment.pk]),
        label="edit",
    ),
    FormCase(
        (forms.SubsidyDecisionForm,),
        lambda d: reverse("workers:decision_create", args=[d.employment.pk]),
    ),
    FormCase((forms.PlanForm,), _worker_url("workers:plan")),
    FormCase(
        (forms.PlanReviewForm,),
        lambda d: reverse("workers:plan_review", args=[d.planned_worker.pk]),
    ),
    FormCase((forms.LicenceForm,), _worker_url("workers:licence_create")),
    FormCase((forms.ConsentForm,), _worker_url("workers:consent_create")),
    FormCase((forms.ExitForm,), _worker_url("workers:exit")),
    FormCase((forms.FollowUpForm,), lambda d: reverse("workers:followup", args=[d.follow_up.pk])),
    FormCase((forms.GroupActivityForm,), lambda d: reverse("workers:activity_create")),
    FormCase((forms.LoginLinkForm,), _worker_url("workers:login")),
    FormCase(
        (forms.AnonymiseForm,), lambda d: reverse("workers:anonymise", args=[d.spare_worker.pk])
    ),
    FormCase(
        (forms.ImportForm,),
        lambda d: reverse("workers:import"),
        upload=("csv", "xlsx"),
        header=tuple(column.header for column in COLUMNS),
    ),
    FormCase((forms.WorkerFilterForm,), lambda d: reverse("workers:list"), method="get"),
]
