"""Employment contracts and their subsidy decisions."""

from functools import partial

from django.utils import timezone
from django.utils.translation import gettext as _

from ryhma.access import get_for_user_or_404, role_required
from ryhma.models import Role
from villages.models import Association
from workers import forms, selectors
from workers.actions.contracts import EMPLOYMENT_FIELDS, start_employment, update_employment
from workers.actions.decisions import record_subsidy_decision
from workers.eligibility import subsidy_options
from workers.models import Employment, Worker
from workers.parameters import MissingParameter, parameters_for
from workers.views.common import STAFF, get_worker, save_form


def _employment_initial(worker: Worker) -> dict:
    """Defaults from the year's parameters; nothing when a value is missing."""
    params = parameters_for(worker.municipality, timezone.localdate().year)
    initial = {}
    for field_name, key in (
        ("hourly_wage", "default_hourly_wage"),
        ("hours_per_week", "default_hours_per_week"),
    ):
        try:
            initial[field_name] = selectors.cents(params.value(key))
        except MissingParameter:
            pass
    return initial


@role_required(*STAFF)
def employment_create(request, pk):
    worker = get_worker(request, pk)
    form = forms.EmploymentForm(
        request.POST or None, user=request.user, initial=_employment_initial(worker)
    )
    return save_form(
        request,
        form,
        act=partial(start_employment, worker=worker),
        done=_("The employment contract was saved."),
        title=_("New employment contract"),
        worker=worker,
        # The template calls it, so that a save that goes through does not check readiness.
        extra={"readiness": partial(_readiness, request, form)},
    )


def _readiness(request, form) -> list:
    """What the chosen association still lacks as an employer (shown as a warning): the one
    picked in the form, or the user's only one; nothing before an association is chosen."""
    associations = list(Association.objects.for_user(request.user))
    chosen = form["association"].value() if "association" in form.fields else None
    if chosen:
        associations = [a for a in associations if str(a.pk) == str(chosen)]
    elif len(associations) != 1:
        return []
    return [
        (association, missing)
        for association in associations
        if (missing := association.readiness_missing())
    ]


@role_required(*STAFF)
def employment_edit(request, pk):
    employment = get_for_user_or_404(
        Employment.objects.select_related("worker", "association"), request.user, pk=pk
    )
    form = forms.EmploymentForm(request.POST or None, instance=employment, user=request.user)
    return save_form(
        request,
        form,
        act=lambda **values: update_employment(
            employment=Employment.objects.select_related("worker", "association").get(
                pk=employment.pk
            ),
            expected_version=form.cleaned_data["version"] or 0,
            **values,
        ),
        done=_("The employment contract was saved."),
        stale_fields=EMPLOYMENT_FIELDS,
        title=_("Edit the employment contract"),
        worker=employment.worker,
    )


@role_required(Role.COORDINATOR)
def subsidy_decision_create(request, pk):
    employment = get_for_user_or_404(
        Employment.objects.select_related("worker__municipality", "association"),
        request.user,
        pk=pk,
    )
    worker = employment.worker
    year = employment.starts_on.year
    options = subsidy_options(
        worker=worker,
        params=parameters_for(worker.municipality, year),
        year=year,
        association=employment.association,
        hours_per_week=employment.hours_per_week,
        starts_on=employment.starts_on,
        employment=employment,
    )
    first = next((o for o in options if o.applies), None)
    initial = {"starts_on": employment.starts_on, "ends_on": employment.ends_on}
    if first:
        initial.update(
            subsidy_type=first.subsidy_type,
            rate_percent=selectors.cents(first.rate_percent),
            monthly_cap=selectors.cents(first.monthly_cap),
            months=first.max_months,
        )
    return save_form(
        request,
        forms.SubsidyDecisionForm(request.POST or None, initial=initial),
        act=partial(record_subsidy_decision, employment=employment),
        done=_("The subsidy decision was saved."),
        title=_("New subsidy decision"),
        worker=worker,
        intro=str(employment),
        extra={"options": options, "year": str(year)},
    )
