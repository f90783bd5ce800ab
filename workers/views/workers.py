"""The worker list, a worker's page, adding, editing and deleting a worker, and the
worker's own page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ryhma.access import role_required
from ryhma.models import Role
from workers import forms, selectors
from workers.actions.personal_data import record_worker_view
from workers.actions.workers import WORKER_FIELDS, create_worker, delete_worker, update_worker
from workers.models import Worker
from workers.views.common import (
    PAGE_SIZE,
    STAFF,
    form_page,
    get_worker,
    save_form,
    user_municipality,
)


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
    record_worker_view(actor=request.user, worker=worker)
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


@role_required(Role.COORDINATOR)
def worker_create(request):
    municipality = user_municipality(request.user)
    form = forms.WorkerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            worker = create_worker(actor=request.user, municipality=municipality, **form.values())
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(request, _("The worker %(name)s was added.") % {"name": worker})
            return redirect("workers:detail", pk=worker.pk)
    return form_page(request, form, title=_("Add a worker"))


@role_required(*STAFF)
def worker_edit(request, pk):
    worker = get_worker(request, pk)
    form = forms.WorkerForm(request.POST or None, instance=worker)
    return save_form(
        request,
        form,
        act=lambda **values: update_worker(
            worker=Worker.objects.get(pk=worker.pk),
            expected_version=form.cleaned_data["version"] or 0,
            **values,
        ),
        done=_("The worker's details were saved."),
        stale_fields=WORKER_FIELDS,
        title=_("Edit %(name)s") % {"name": worker},
        worker=worker,
    )


@role_required(Role.COORDINATOR)
@require_POST
def worker_delete(request, pk):
    worker = get_worker(request, pk)
    try:
        delete_worker(actor=request.user, worker=worker)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workers:detail", pk=worker.pk)
    messages.success(request, _("The worker was deleted."))
    return redirect("workers:list")


@role_required(Role.WORKER)
def me(request):
    worker = (
        Worker.objects.for_user(request.user)
        .select_related("plan")
        .prefetch_related("employments__association", "licences")
        .first()
    )
    return render(request, "workers/me.html", {"worker": worker})
