"""The individual plan, its reviews, and licences."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from ryhma.access import role_required
from workers import forms
from workers.actions.licences import record_licence
from workers.actions.plans import PLAN_FIELDS, record_plan_review, save_plan
from workers.models import IndividualPlan
from workers.views.common import STAFF, get_worker, save_form


@role_required(*STAFF)
def plan_edit(request, pk):
    worker = get_worker(request, pk)
    plan = IndividualPlan.objects.filter(worker=worker).first()
    form = forms.PlanForm(request.POST or None, instance=plan)
    return save_form(
        request,
        form,
        act=lambda **values: save_plan(
            worker=worker,
            expected_version=form.cleaned_data["version"] if plan else None,
            **values,
        ),
        done=_("The individual plan was saved."),
        stale_fields=PLAN_FIELDS,
        title=_("Individual plan"),
        worker=worker,
    )


@role_required(*STAFF)
def plan_review_create(request, pk):
    worker = get_worker(request, pk)
    plan = IndividualPlan.objects.filter(worker=worker).first()
    if plan is None:
        messages.info(request, _("Make the individual plan first, then record its reviews."))
        return redirect("workers:plan", pk=worker.pk)
    return save_form(
        request,
        forms.PlanReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()}),
        act=partial(record_plan_review, plan=plan),
        done=_("The review was saved."),
        title=_("Plan review"),
        worker=worker,
    )


@role_required(*STAFF)
def licence_create(request, pk):
    worker = get_worker(request, pk)
    return save_form(
        request,
        forms.LicenceForm(request.POST or None),
        act=partial(record_licence, worker=worker),
        done=_("The licence or training was saved."),
        title=_("New licence or training"),
        worker=worker,
    )
