"""Corrections of locked months: amending hours, adding late hours, reviewing them."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ryhma.access import get_for_user_or_404, role_required
from ryhma.models import Role
from services.hours import actions, selectors
from services.hours.forms import AmendmentForm
from services.hours.models.entries import is_row_task, order_id_of
from services.hours.views.navigation import week_url
from services.hours.weeks import DAY, supported_year
from services.models import EntryStatus, ServiceOrder, Task, WorkEntry
from workers.models import Employment


@role_required(Role.VILLAGE_STAFF)
def amend(request, pk):
    entry = get_for_user_or_404(
        WorkEntry.objects.select_related("employment__worker", "employment__association__village"),
        request.user,
        pk=pk,
        status=EntryStatus.LOCKED,
        is_current=True,
    )
    form = AmendmentForm(
        request.POST or None,
        initial={"hours": selectors.decimal_text(entry.hours), "note": entry.note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.amend_entry(
                entry=entry,
                hours=form.cleaned_data["hours"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The correction was sent for approval."))
            return redirect(
                week_url(
                    entry.employment.association, entry.work_date - DAY * entry.work_date.weekday()
                )
            )
    return render(
        request,
        "services/amend.html",
        {
            "form": form,
            "worker": entry.employment.worker,
            "work_date": entry.work_date,
            "task_label": entry.get_task_display(),
            "hours": entry.hours,
        },
    )


@role_required(Role.VILLAGE_STAFF)
def add_late(request, employment, year, month, day, task):
    """Hours forgotten from a locked month, sent to the coordinator like a correction."""
    employment = get_for_user_or_404(
        Employment.objects.select_related("worker", "association__village"),
        request.user,
        pk=employment,
    )
    if not supported_year(year):
        raise Http404()
    try:
        work_date = datetime.date(year, month, day)
    except ValueError:
        raise Http404() from None
    if not is_row_task(task):
        raise Http404()
    order_id = order_id_of(task)
    if order_id is None:
        task_label = Task(task).label
    else:
        order = get_for_user_or_404(
            ServiceOrder.objects.select_related("service", "customer"),
            request.user,
            pk=order_id,
            association_id=employment.association_id,
        )
        task_label = str(order)
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_late_entry(
                employment=employment,
                work_date=work_date,
                task=task,
                hours=form.cleaned_data["hours"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The correction was sent for approval."))
            return redirect(week_url(employment.association, work_date - DAY * work_date.weekday()))
    return render(
        request,
        "services/amend.html",
        {
            "form": form,
            "worker": employment.worker,
            "work_date": work_date,
            "task_label": task_label,
            "hours": None,
        },
    )


@role_required(Role.COORDINATOR)
@require_POST
def amendment_review(request, pk):
    amendment = get_for_user_or_404(
        WorkEntry.objects.select_related("employment__association__village", "amends"),
        request.user,
        pk=pk,
        status=EntryStatus.SUBMITTED,
        reason__gt="",
    )
    if request.POST.get("decision") == "approve":
        actions.approve_amendment(amendment=amendment, actor=request.user)
        messages.success(request, _("The correction was approved."))
    else:
        try:
            actions.reject_amendment(
                amendment=amendment, comment=request.POST.get("comment", ""), actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The correction was turned down."))
    return redirect("services:approvals")
