"""The service order pages: the list, a new order and an order's steps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ryhma.access import get_for_user_or_404, role_required
from ryhma.concurrency import StaleEditError
from services.hours.weeks import week_code
from services.models import Customer, OrderStatus, ServiceOrder
from services.orders import actions, selectors
from services.orders.forms import (
    AssignForm,
    CancelForm,
    CompleteForm,
    FeedbackForm,
    OrderCreateForm,
    ScheduleForm,
)
from services.orders.views.common import ORDER_ROLES, PAGE_SIZE, add_form_errors


@role_required(*ORDER_ROLES)
def order_list(request):
    status = request.GET.get("tila", "open")
    if status not in {"open", "", *OrderStatus.values}:
        status = "open"
    orders = selectors.orders_for_list(request.user, status=status)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("sivu"))
    return render(
        request,
        "services/order_list.html",
        {
            "page": page,
            "orders": selectors.with_worker_names(page),
            "status": status,
            "statuses": OrderStatus.choices,
            "associations": selectors.associations_for_orders(request.user),
        },
    )


@role_required(*ORDER_ROLES)
def order_create(request):
    initial = {}
    if request.GET.get("asiakas", "").isdecimal():
        customer = Customer.objects.for_user(request.user).filter(pk=request.GET["asiakas"]).first()
        if customer:
            initial = {"customer": customer, "association": customer.association}
    form = OrderCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = actions.create_order(
                association=data["association"],
                customer=data["customer"],
                service=data["service"],
                actor=request.user,
                source=data["source"],
                description=data["description"],
                preferred_date=data["preferred_date"],
                scheduled_on=data["scheduled_on"],
                recurrence=data["recurrence"] or "",
                recurrence_until=data["recurrence_until"],
            )
        except ValidationError as error:
            add_form_errors(error, form)
        else:
            messages.success(request, _("The order was saved."))
            return redirect("services:order_detail", pk=order.pk)
    return render(
        request, "services/order_create.html", {"form": form}, status=400 if form.errors else 200
    )


def _order(request, pk) -> ServiceOrder:
    return get_for_user_or_404(
        ServiceOrder.objects.with_list_data().select_related(
            "association__village", "recurrence_parent"
        ),
        request.user,
        pk=pk,
    )


def _order_forms(order: ServiceOrder, bound=None, logged_hours=None) -> dict:
    version = {"version": order.version}
    today = timezone.localdate()
    forms = {
        "schedule_form": ScheduleForm(
            initial={**version, "scheduled_on": order.scheduled_on or order.preferred_date}
        ),
        "assign_form": AssignForm(
            initial={**version, "workers": list(order.workers.all())}, order=order
        ),
        "complete_form": CompleteForm(
            initial={
                **version,
                "completed_on": min(order.scheduled_on or today, today),
                "hours": order.hours if order.hours is not None else logged_hours,
            }
        ),
        "feedback_form": FeedbackForm(
            initial={
                **version,
                "feedback_rating": order.feedback_rating,
                "feedback_comment": order.feedback_comment,
                "complaint": order.complaint,
            }
        ),
        "cancel_form": CancelForm(initial=version),
    }
    if bound:
        forms.update(bound)
    return forms


@role_required(*ORDER_ROLES)
def order_detail(request, pk):
    order = _order(request, pk)
    return _render_order(request, order)


def _render_order(request, order, bound=None, status=200):
    occurrences = (
        order.occurrences.order_by("scheduled_on").only("pk", "scheduled_on", "status")[:60]
        if order.recurrence and order.recurrence_parent_id is None
        else []
    )
    invoice_lines = order.invoice_lines.select_related("invoice")
    logged_hours = selectors.order_logged_hours(order)
    day = order.completed_on or order.scheduled_on
    grid_url = None
    if day is not None:
        query = urlencode({"yhdistys": order.association_id, "vko": week_code(day)})
        grid_url = f"{reverse('services:week')}?{query}"
    return render(
        request,
        "services/order_detail.html",
        {
            "order": order,
            "grid_url": grid_url,
            "occurrences": occurrences,
            "invoice_lines": invoice_lines,
            "logged_hours": logged_hours,
            **_order_forms(order, bound, logged_hours),
        },
        status=status,
    )


def _order_step(request, pk, form_class, form_key, action, success_message):
    """Bind the step's form, call `action` with its fields, show problems on the order page.

    The form's field names are the action's keyword arguments (plus `version`).
    """
    order = _order(request, pk)
    extra = {"order": order} if form_class is AssignForm else {}
    form = form_class(request.POST, **extra)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            action(order=order, expected_version=version, actor=request.user, **data)
        except StaleEditError as stale:
            form.add_error(None, str(stale))
            return _render_order(request, _order(request, pk), {form_key: form}, status=409)
        except ValidationError as error:
            add_form_errors(error, form)
        else:
            messages.success(request, success_message)
            return redirect("services:order_detail", pk=order.pk)
    return _render_order(request, order, {form_key: form}, status=400)


@require_POST
@role_required(*ORDER_ROLES)
def order_schedule(request, pk):
    return _order_step(
        request,
        pk,
        ScheduleForm,
        "schedule_form",
        actions.schedule_order,
        _("The order was scheduled."),
    )


@require_POST
@role_required(*ORDER_ROLES)
def order_assign(request, pk):
    return _order_step(
        request,
        pk,
        AssignForm,
        "assign_form",
        actions.assign_order,
        _("The workers were assigned."),
    )


@require_POST
@role_required(*ORDER_ROLES)
def order_complete(request, pk):
    return _order_step(
        request,
        pk,
        CompleteForm,
        "complete_form",
        actions.complete_order,
        _("The order was marked done."),
    )


@require_POST
@role_required(*ORDER_ROLES)
def order_feedback(request, pk):
    return _order_step(
        request,
        pk,
        FeedbackForm,
        "feedback_form",
        actions.record_order_feedback,
        _("The feedback was saved."),
    )


@require_POST
@role_required(*ORDER_ROLES)
def order_cancel(request, pk):
    return _order_step(
        request, pk, CancelForm, "cancel_form", actions.cancel_order, _("The order was cancelled.")
    )
