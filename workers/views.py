"""Worker pages: thin views that fetch through the user's scope and call one action."""

import json
from collections.abc import Callable, Iterable
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ryhma.access import get_for_user_or_404, role_required
from ryhma.concurrency import StaleEditError
from ryhma.models import Role
from villages.models import Association, Municipality
from workers import actions, exports, forms, importing, selectors
from workers.eligibility import subsidy_options
from workers.models import Consent, Employment, FollowUp, GroupActivity, IndividualPlan, Worker
from workers.parameters import MissingParameter, parameters_for

STAFF = (Role.COORDINATOR, Role.VILLAGE_STAFF)
ACTIVITIES_URL = reverse_lazy("workers:activities")
PAGE_SIZE = 25


def _worker(request, pk) -> Worker:
    return get_for_user_or_404(
        Worker.objects.select_related("municipality", "user"), request.user, pk=pk
    )


def _form_page(request, form, *, title, worker=None, intro="", extra=None, status=200):
    context = {"form": form, "title": title, "worker": worker, "intro": intro, **(extra or {})}
    return render(request, "workers/form_page.html", context, status=status)


def _stale(form, error: StaleEditError, fields) -> list[tuple[str, object]]:
    """The other person's saved values, to show beside what this user typed."""
    form.take_version(error.current.version)
    form.add_error(None, str(error))
    return [
        (form.fields[name].label, getattr(error.current, name))
        for name in fields
        if name in form.fields and getattr(error.current, name) != form.cleaned_data.get(name)
    ]


def _show_warnings(request, warnings) -> None:
    for warning in warnings:
        messages.warning(request, warning)


def _save_form(
    request,
    form,
    *,
    act: Callable[..., object],
    done: str,
    title: str,
    worker: Worker | None = None,
    success_url: str | None = None,
    stale_fields: Iterable[str] = (),
    also_theirs: Callable[[], list[tuple[str, object]]] | None = None,
    intro: str = "",
    extra: dict | None = None,
):
    """The body of a form page: on a valid POST run `act(actor=user, **values)`, say `done`
    (and the warnings of an `actions.Outcome`) and go to `success_url`, by default the
    worker's page.

    A refused save shows the form again with the reason. A stale one (someone else saved
    first) shows it with the other person's values of `stale_fields` beside this user's,
    and the rows `also_theirs()` adds.
    """
    theirs = []
    if request.method == "POST" and form.is_valid():
        try:
            outcome = act(actor=request.user, **form.values())
        except ValidationError as error:
            form.add_action_error(error)
        except StaleEditError as error:
            theirs = _stale(form, error, stale_fields) + (also_theirs() if also_theirs else [])
        else:
            messages.success(request, done)
            if isinstance(outcome, actions.Outcome):
                _show_warnings(request, outcome.warnings)
            # Without a success_url the form is about a worker.
            return redirect(success_url or reverse("workers:detail", kwargs={"pk": worker.pk}))  # type: ignore[union-attr]
    context = {**(extra or {}), "theirs": theirs}
    return _form_page(request, form, title=title, worker=worker, intro=intro, extra=context)


def _user_municipality(user) -> Municipality:
    municipality = Municipality.objects.for_user(user).first()
    if municipality is None:
        raise Http404()
    return municipality


# --- List and detail ------------------------------------------------------------------------


@role_required(*STAFF)
def worker_list(request):
    today = timezone.localdate()
    filters = forms.WorkerFilterForm(request.GET or None, user=request.user)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    workers = selectors.worker_list(
        request.user,
        today=today,
        search=criteria.get("q") or "",
        association=criteria.get("association"),
        status=criteria.get("status") or "",
        subsidy_ending=bool(criteria.get("subsidy_ending")),
    )
    page = Paginator(workers, PAGE_SIZE).get_page(request.GET.get("sivu"))
    query = request.GET.copy()
    query.pop("sivu", None)
    rows = selectors.worker_list_rows(request.user, page)
    return render(
        request,
        "workers/worker_list.html",
        {
            "filters": filters,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "today": today,
        },
    )


@role_required(*STAFF)
def worker_detail(request, pk):
    today = timezone.localdate()
    worker = selectors.worker_for_page(request.user, pk, today)
    if worker is None:
        raise Http404()
    actions.worker_viewed(actor=request.user, worker=worker)
    return render(
        request,
        "workers/worker_detail.html",
        {
            "worker": worker,
            "status": dict(selectors.Status.choices())[selectors.status_of(worker)],
            "timeline": selectors.worker_timeline(worker, request.user),
            "plan": selectors.related_or_none(worker, "plan"),
            "exit": selectors.related_or_none(worker, "exit"),
            "today": today,
            "is_coordinator": request.user.is_superuser or request.user.is_coordinator,
        },
    )


# --- Worker create and edit -----------------------------------------------------------------


@role_required(Role.COORDINATOR)
def worker_create(request):
    municipality = _user_municipality(request.user)
    form = forms.WorkerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            worker = actions.worker_create(
                actor=request.user, municipality=municipality, **form.values()
            )
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(request, _("The worker %(name)s was added.") % {"name": worker})
            return redirect("workers:detail", pk=worker.pk)
    return _form_page(request, form, title=_("Add a worker"))


@role_required(*STAFF)
def worker_edit(request, pk):
    worker = _worker(request, pk)
    form = forms.WorkerForm(request.POST or None, instance=worker)
    return _save_form(
        request,
        form,
        act=lambda **values: actions.worker_update(
            worker=Worker.objects.get(pk=worker.pk),
            expected_version=form.cleaned_data["version"] or 0,
            **values,
        ),
        done=_("The worker's details were saved."),
        stale_fields=actions.WORKER_FIELDS,
        title=_("Edit %(name)s") % {"name": worker},
        worker=worker,
    )


@role_required(Role.COORDINATOR)
@require_POST
def worker_delete(request, pk):
    worker = _worker(request, pk)
    try:
        actions.worker_delete(actor=request.user, worker=worker)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workers:detail", pk=worker.pk)
    messages.success(request, _("The worker was deleted."))
    return redirect("workers:list")


# --- Contracts and subsidy decisions --------------------------------------------------------


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
    worker = _worker(request, pk)
    form = forms.EmploymentForm(
        request.POST or None, user=request.user, initial=_employment_initial(worker)
    )
    return _save_form(
        request,
        form,
        act=partial(actions.employment_start, worker=worker),
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
    return _save_form(
        request,
        form,
        act=lambda **values: actions.employment_update(
            employment=Employment.objects.select_related("worker", "association").get(
                pk=employment.pk
            ),
            expected_version=form.cleaned_data["version"] or 0,
            **values,
        ),
        done=_("The employment contract was saved."),
        stale_fields=actions.EMPLOYMENT_FIELDS,
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
    return _save_form(
        request,
        forms.SubsidyDecisionForm(request.POST or None, initial=initial),
        act=partial(actions.subsidy_decision_record, employment=employment),
        done=_("The subsidy decision was saved."),
        title=_("New subsidy decision"),
        worker=worker,
        intro=str(employment),
        extra={"options": options, "year": str(year)},
    )


# --- Plan, licences, consents ---------------------------------------------------------------


@role_required(*STAFF)
def plan_edit(request, pk):
    worker = _worker(request, pk)
    plan = IndividualPlan.objects.filter(worker=worker).first()
    form = forms.PlanForm(request.POST or None, instance=plan)
    return _save_form(
        request,
        form,
        act=lambda **values: actions.plan_save(
            worker=worker,
            expected_version=form.cleaned_data["version"] if plan else None,
            **values,
        ),
        done=_("The individual plan was saved."),
        stale_fields=actions.PLAN_FIELDS,
        title=_("Individual plan"),
        worker=worker,
    )


@role_required(*STAFF)
def plan_review_create(request, pk):
    worker = _worker(request, pk)
    plan = IndividualPlan.objects.filter(worker=worker).first()
    if plan is None:
        messages.info(request, _("Make the individual plan first, then record its reviews."))
        return redirect("workers:plan", pk=worker.pk)
    return _save_form(
        request,
        forms.PlanReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()}),
        act=partial(actions.plan_review_record, plan=plan),
        done=_("The review was saved."),
        title=_("Plan review"),
        worker=worker,
    )


@role_required(*STAFF)
def licence_create(request, pk):
    worker = _worker(request, pk)
    return _save_form(
        request,
        forms.LicenceForm(request.POST or None),
        act=partial(actions.licence_record, worker=worker),
        done=_("The licence or training was saved."),
        title=_("New licence or training"),
        worker=worker,
    )


@role_required(*STAFF)
def consent_create(request, pk):
    worker = _worker(request, pk)
    return _save_form(
        request,
        forms.ConsentForm(request.POST or None, initial={"given_on": timezone.localdate()}),
        act=partial(actions.consent_record, worker=worker),
        done=_("The consent was recorded."),
        title=_("New consent"),
        worker=worker,
    )


@role_required(*STAFF)
@require_POST
def consent_withdraw(request, pk):
    consent = get_for_user_or_404(Consent.objects.select_related("worker"), request.user, pk=pk)
    try:
        actions.consent_withdraw(
            actor=request.user, consent=consent, withdrawn_on=timezone.localdate()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The consent was withdrawn."))
    return redirect("workers:detail", pk=consent.worker_id)


# --- Exit and follow-ups --------------------------------------------------------------------


@role_required(*STAFF)
def worker_exit(request, pk):
    worker = _worker(request, pk)
    return _save_form(
        request,
        forms.ExitForm(request.POST or None, initial={"exited_on": timezone.localdate()}),
        act=partial(actions.worker_exit, worker=worker),
        done=_("The exit was recorded. Follow-ups at 3 and 6 months are now on the task list."),
        title=_("Exit from the programme"),
        worker=worker,
    )


@role_required(*STAFF)
def followup_record(request, pk):
    follow_up = get_for_user_or_404(
        FollowUp.objects.select_related("exit__worker"), request.user, pk=pk
    )
    worker = follow_up.exit.worker
    return _save_form(
        request,
        forms.FollowUpForm(
            request.POST or None,
            instance=follow_up,
            initial={"recorded_on": follow_up.recorded_on or timezone.localdate()},
        ),
        act=partial(actions.followup_record, follow_up=follow_up),
        done=_("The follow-up was recorded."),
        title=_("Follow-up, %(timepoint)s") % {"timepoint": follow_up.get_timepoint_display()},
        worker=worker,
    )


# --- Group activities -----------------------------------------------------------------------


@role_required(*STAFF)
def activity_list(request):
    activities = (
        GroupActivity.objects.for_user(request.user)
        .select_related("association")
        .prefetch_related("attendances")
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("sivu"))
    return render(request, "workers/activity_list.html", {"page": page})


@role_required(*STAFF)
def activity_create(request):
    municipality = _user_municipality(request.user)
    form = forms.GroupActivityForm(request.POST or None, user=request.user)
    return _save_form(
        request,
        form,
        act=lambda **values: actions.group_activity_record(
            municipality=municipality,
            workers=list(form.cleaned_data["workers"]),
            **values,
        ),
        done=_("The group activity was saved."),
        success_url=ACTIVITIES_URL,
        title=_("New group activity"),
        extra={"cancel_url": ACTIVITIES_URL},
    )


@role_required(*STAFF)
def activity_edit(request, pk):
    activity = get_for_user_or_404(
        GroupActivity.objects.select_related("association"), request.user, pk=pk
    )
    form = forms.GroupActivityForm(request.POST or None, instance=activity, user=request.user)

    def save(**values):
        add, remove = form.attendance_changes()
        return actions.group_activity_update(
            activity=GroupActivity.objects.get(pk=activity.pk),
            expected_version=form.cleaned_data["version"] or 0,
            add=add,
            remove=remove,
            **values,
        )

    def attendees_saved():
        # Only the attendees the user may see: an activity can have workers of other
        # associations, whose names are not theirs to read.
        attending = Worker.objects.for_user(request.user).filter(attendances__activity=activity)
        return [(form.fields["workers"].label, ", ".join(str(w) for w in attending) or "–")]

    return _save_form(
        request,
        form,
        act=save,
        done=_("The group activity was saved."),
        success_url=ACTIVITIES_URL,
        stale_fields=actions.ACTIVITY_FIELDS,
        also_theirs=attendees_saved,
        title=_("Edit the group activity"),
        intro=str(activity),
        extra={"cancel_url": ACTIVITIES_URL},
    )


# --- The worker's own login -----------------------------------------------------------------


@role_required(*STAFF)
def worker_login(request, pk):
    worker = _worker(request, pk)
    candidates = list(actions.login_candidates(worker)[:200])
    form = forms.LoginLinkForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            actions.worker_link_user(
                actor=request.user, worker=worker, username=form.cleaned_data["username"]
            )
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(
                request,
                _("The login %(username)s was linked to %(name)s.")
                % {"username": worker.user.username, "name": worker},
            )
            return redirect("workers:detail", pk=worker.pk)
    return render(
        request,
        "workers/worker_login.html",
        {"worker": worker, "form": form, "candidates": candidates},
    )


@role_required(*STAFF)
@require_POST
def worker_login_unlink(request, pk):
    worker = _worker(request, pk)
    try:
        actions.worker_unlink_user(actor=request.user, worker=worker)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The login was unlinked from %(name)s.") % {"name": worker})
    return redirect("workers:login", pk=worker.pk)


# --- Personal data: audit trail, export, anonymise ------------------------------------------


@role_required(Role.COORDINATOR)
def worker_audit(request, pk):
    worker = _worker(request, pk)
    events = actions.worker_audit_events(worker).select_related("content_type")
    page = Paginator(events, 50).get_page(request.GET.get("sivu"))
    return render(request, "workers/worker_audit.html", {"worker": worker, "page": page})


@role_required(Role.COORDINATOR)
def worker_export(request, pk):
    worker = _worker(request, pk)
    data = exports.worker_data(worker)
    actions.worker_export_recorded(actor=request.user, worker=worker)
    return render(request, "workers/worker_export.html", {"worker": worker, "data": data})


@role_required(Role.COORDINATOR)
def worker_export_json(request, pk):
    worker = _worker(request, pk)
    data = exports.worker_data_json(worker)
    actions.worker_export_recorded(actor=request.user, worker=worker)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="tyontekija-{worker.pk}.json"'
    return response


@role_required(Role.COORDINATOR)
def worker_anonymise(request, pk):
    worker = _worker(request, pk)
    form = forms.AnonymiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.worker_anonymise(
                actor=request.user, worker=worker, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The worker was anonymised."))
            return redirect("workers:detail", pk=worker.pk)
    return _form_page(
        request,
        form,
        title=_("Anonymise %(name)s") % {"name": worker},
        worker=worker,
        intro=_(
            "Name, contact details, languages and free-text notes are removed, also from the "
            "audit trail. Contracts, subsidy decisions, hours, birth year and outcomes stay, "
            "so that the statistics remain right. This cannot be undone."
        ),
    )


# --- Import ---------------------------------------------------------------------------------

IMPORT_SESSION_KEY = "workers_import"


@role_required(Role.COORDINATOR)
def worker_import(request):
    municipality = _user_municipality(request.user)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and "save" in request.POST:
        rows = request.session.get(IMPORT_SESSION_KEY)
        if not rows:
            messages.error(request, _("Check the file first, then save."))
            return redirect("workers:import")
        try:
            summary = importing.save(rows, actor=request.user, municipality=municipality)
        except ValidationError:
            result = importing.check(rows, user=request.user, municipality=municipality)
            form = forms.ImportForm()
        else:
            del request.session[IMPORT_SESSION_KEY]
            messages.success(
                request,
                _(
                    "Imported: %(new)s new workers, %(existing)s already saved; "
                    "%(contracts)s new contracts."
                )
                % {
                    "new": summary.new_workers,
                    "existing": summary.existing_workers,
                    "contracts": summary.new_contracts,
                },
            )
            return redirect("workers:list")
    elif request.method == "POST" and form.is_valid():
        try:
            rows = importing.read(form.cleaned_data["file"])
        except importing.UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            result = importing.check(rows, user=request.user, municipality=municipality)
            request.session[IMPORT_SESSION_KEY] = rows if result.ok else None
    return render(
        request,
        "workers/worker_import.html",
        {"form": form, "result": result, "columns": importing.COLUMNS},
    )


# --- The worker's own page ------------------------------------------------------------------


@role_required(Role.WORKER)
def me(request):
    worker = (
        Worker.objects.for_user(request.user)
        .select_related("plan")
        .prefetch_related("employments__association", "licences")
        .first()
    )
    return render(request, "workers/me.html", {"worker": worker})
