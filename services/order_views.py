"""Pages of the service side: catalogue, customers, orders, week agenda, invoices,
and the public request form. Views are thin: scope, form, one action, redirect."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ryhma.access import get_for_user_or_404, role_required
from ryhma.concurrency import StaleEditError
from ryhma.models import Role
from ryhma.pagecache import cached_page
from services import order_actions as actions
from services import selectors
from services.invoicing import invoices_csv, invoices_xlsx, render_invoices_pdf
from services.models import Customer, Invoice, OrderStatus, Service, ServiceOrder
from services.order_forms import (
    AssignForm,
    CancelForm,
    CompleteForm,
    CustomerForm,
    FeedbackForm,
    OrderCreateForm,
    ScheduleForm,
    ServiceForm,
)
from services.weeks import week_code
from villages.models import Association

ORDER_ROLES = (Role.VILLAGE_STAFF, Role.COORDINATOR)
PAGE_SIZE = 50


def _association(request, association_id) -> Association:
    return get_for_user_or_404(
        Association.objects.select_related("village"), request.user, pk=association_id
    )


def _first_association(request) -> Association:
    association = Association.objects.for_user(request.user).order_by("name").first()
    if association is None:
        raise Http404()
    return association


def _form_errors(error: ValidationError, form) -> None:
    """Put an action's validation errors onto the form that was submitted."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- Catalogue ---------------------------------------------------------------------------


@role_required(*ORDER_ROLES)
def catalogue(request, association_id):
    association = _association(request, association_id)
    return render(
        request,
        "services/catalogue.html",
        {
            "association": association,
            "services": selectors.catalogue(association),
            "public_form": selectors.takes_public_requests(association),
        },
    )


@role_required(*ORDER_ROLES)
def service_edit(request, association_id, pk=None):
    association = _association(request, association_id)
    service = (
        get_object_or_404(Service.objects.filter(association=association), pk=pk) if pk else None
    )
    form = ServiceForm(request.POST or None, instance=service, association=association)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            if service is None:
                actions.service_create(association=association, actor=request.user, **data)
            else:
                actions.service_update(
                    service=Service.objects.get(pk=service.pk),
                    expected_version=form.cleaned_data["version"] or 0,
                    actor=request.user,
                    **data,
                )
        except StaleEditError as stale:
            return _stale(request, form, stale, "services/service_form.html", association)
        except ValidationError as error:
            _form_errors(error, form)
        else:
            messages.success(request, _("The catalogue was saved."))
            return redirect("services:catalogue", association_id=association.pk)
    return render(
        request,
        "services/service_form.html",
        {"form": form, "association": association, "service": service},
        status=400 if form.errors else 200,
    )


def _stale(request, form, stale: StaleEditError, template: str, association):
    """Show the other person's saved values next to the typed ones; save nothing."""
    current = stale.current
    others = [
        (form.fields[name].label, _display(current, name))
        for name in form.fields
        if name != "version" and hasattr(current, name)
    ]
    form.data = form.data.copy()
    form.data["version"] = current.version
    form.add_error(None, str(stale))
    return render(
        request,
        template,
        {"form": form, "association": association, "stale_values": others},
        status=409,
    )


def _display(instance, name):
    getter = getattr(instance, f"get_{name}_display", None)
    return getter() if getter else getattr(instance, name)


# --- Customers ---------------------------------------------------------------------------


@role_required(*ORDER_ROLES)
@cached_page
def customer_list(request):
    search = request.GET.get("q", "")[:100]
    page = Paginator(selectors.customers_for_list(request.user, search=search), PAGE_SIZE)
    return render(
        request,
        "services/customer_list.html",
        {"page": page.get_page(request.GET.get("sivu")), "search": search},
    )


@role_required(*ORDER_ROLES)
def customer_edit(request, pk=None):
    if pk:
        customer = get_for_user_or_404(
            Customer.objects.select_related("association__village"), request.user, pk=pk
        )
        association = customer.association
    else:
        customer = None
        association_id = request.GET.get("yhdistys") or request.POST.get("association")
        association = (
            _association(request, association_id)
            if association_id and str(association_id).isdecimal()
            else _first_association(request)
        )
    form = CustomerForm(request.POST or None, instance=customer, association=association)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            if customer is None:
                customer = actions.customer_create(
                    association=association, actor=request.user, **data
                )
            else:
                actions.customer_update(
                    customer=Customer.objects.select_related("association__village").get(
                        pk=customer.pk
                    ),
                    expected_version=form.cleaned_data["version"] or 0,
                    actor=request.user,
                    **data,
                )
        except StaleEditError as stale:
            return _stale(request, form, stale, "services/customer_form.html", association)
        except ValidationError as error:
            _form_errors(error, form)
        else:
            messages.success(request, _("The customer was saved."))
            return redirect("services:customer_list")
    orders = (
        customer.orders.select_related("service").order_by("-requested_on")[:20] if customer else []
    )
    return render(
        request,
        "services/customer_form.html",
        {"form": form, "association": association, "customer": customer, "orders": orders},
        status=400 if form.errors else 200,
    )


# --- Orders ------------------------------------------------------------------------------


@role_required(*ORDER_ROLES)
@cached_page
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
            order = actions.order_create(
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
            _form_errors(error, form)
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
            _form_errors(error, form)
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
        actions.order_schedule,
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
        actions.order_assign,
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
        actions.order_complete,
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
        actions.order_record_feedback,
        _("The feedback was saved."),
    )


@require_POST
@role_required(*ORDER_ROLES)
def order_cancel(request, pk):
    return _order_step(
        request, pk, CancelForm, "cancel_form", actions.order_cancel, _("The order was cancelled.")
    )


# --- Week agenda and recurring orders ----------------------------------------------------


@role_required(*ORDER_ROLES)
def agenda_current(request):
    year, week, _weekday = timezone.localdate().isocalendar()
    association = _first_association(request)
    return redirect("services:agenda", association_id=association.pk, year=year, week=week)


@role_required(*ORDER_ROLES)
@cached_page
def agenda(request, association_id, year, week):
    association = _association(request, association_id)
    try:
        monday = datetime.date.fromisocalendar(year, week, 1)
    except ValueError as error:
        raise Http404() from error
    previous = (monday - datetime.timedelta(days=7)).isocalendar()
    following = (monday + datetime.timedelta(days=7)).isocalendar()
    return render(
        request,
        "services/agenda.html",
        {
            "association": association,
            "associations": Association.objects.for_user(request.user).order_by("name"),
            "days": selectors.week_agenda(association, monday),
            "year": year,
            "week": week,
            "monday": monday,
            "sunday": monday + datetime.timedelta(days=6),
            "previous": (previous[0], previous[1]),
            "following": (following[0], following[1]),
            "today": timezone.localdate(),
        },
    )


RECURRING_HORIZON_WEEKS = 8


@require_POST
@role_required(*ORDER_ROLES)
def recurring_generate(request, association_id):
    association = _association(request, association_id)
    until = timezone.localdate() + datetime.timedelta(weeks=RECURRING_HORIZON_WEEKS)
    created = actions.recurring_generate(association=association, until=until, actor=request.user)
    messages.success(
        request,
        _("%(count)s new visits of recurring orders up to %(until)s.")
        % {"count": created, "until": until.strftime("%d.%m.%Y")},
    )
    return redirect(request.POST.get("next") or reverse("services:agenda_current"))


# --- Invoices ----------------------------------------------------------------------------


def _month(year: int, month: int) -> tuple[int, int]:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404()
    return year, month


@role_required(*ORDER_ROLES)
def invoices_current(request):
    today = timezone.localdate()
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    association = _first_association(request)
    return redirect(
        "services:invoice_list",
        association_id=association.pk,
        year=previous.year,
        month=previous.month,
    )


def _month_invoices(association, year, month):
    return (
        Invoice.objects.filter(association=association)
        .for_month(year, month)
        .select_related("association__village", "association__invoicing_profile")
        .prefetch_related("lines")
        .order_by("number")
    )


@role_required(*ORDER_ROLES)
def invoice_list(request, association_id, year, month):
    association = _association(request, association_id)
    year, month = _month(year, month)
    start, end = actions.month_bounds(year, month)
    waiting = (
        ServiceOrder.objects.filter(
            association=association,
            status=OrderStatus.DONE,
            completed_on__range=(start, end),
            service__is_own_work=False,
        )
        .select_related("customer", "service")
        .order_by("completed_on", "pk")
    )
    previous = start - datetime.timedelta(days=1)
    following = end + datetime.timedelta(days=1)
    return render(
        request,
        "services/invoice_list.html",
        {
            "association": association,
            "associations": Association.objects.for_user(request.user).order_by("name"),
            "invoices": _month_invoices(association, year, month),
            "waiting": waiting,
            "year": year,
            "month": month,
            "month_start": start,
            "previous": previous,
            "following": following,
        },
    )


@require_POST
@role_required(*ORDER_ROLES)
def invoices_create(request, association_id, year, month):
    association = _association(request, association_id)
    year, month = _month(year, month)
    invoices = actions.invoices_create_for_month(
        association=association, year=year, month=month, actor=request.user
    )
    messages.success(request, _("%(count)s invoices were made.") % {"count": len(invoices)})
    return redirect("services:invoice_list", association_id=association.pk, year=year, month=month)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(*ORDER_ROLES)
def invoice_pdf(request, association_id, pk):
    association = _association(request, association_id)
    invoice = get_object_or_404(
        Invoice.objects.filter(association=association)
        .select_related("association__village", "association__invoicing_profile")
        .prefetch_related("lines"),
        pk=pk,
    )
    pdf = render_invoices_pdf([invoice], request=request)
    return _attachment(pdf, "application/pdf", f"lasku-{invoice.number}.pdf")


@role_required(*ORDER_ROLES)
def invoice_month_export(request, association_id, year, month, fmt):
    association = _association(request, association_id)
    year, month = _month(year, month)
    invoices = list(_month_invoices(association, year, month))
    name = f"laskut-{year}-{month:02d}"
    if fmt == "pdf":
        if not invoices:
            raise Http404()
        return _attachment(
            render_invoices_pdf(invoices, request=request), "application/pdf", f"{name}.pdf"
        )
    if fmt == "csv":
        return _attachment(invoices_csv(invoices), "text/csv; charset=utf-8", f"{name}.csv")
    if fmt == "xlsx":
        return _attachment(
            invoices_xlsx(invoices),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{name}.xlsx",
        )
    raise Http404()
