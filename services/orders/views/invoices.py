"""The invoice pages: a month's invoices, making them, and their files."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ryhma.access import role_required
from ryhma.dates import month_bounds
from services.hours.weeks import supported_year
from services.models import Invoice, OrderStatus, ServiceOrder
from services.orders import actions
from services.orders.invoicing import invoices_csv, invoices_xlsx, render_invoices_pdf
from services.orders.views.common import ORDER_ROLES, first_association, get_association
from villages.models import Association


def _month(year: int, month: int) -> tuple[int, int]:
    if not (supported_year(year) and 1 <= month <= 12):
        raise Http404()
    return year, month


@role_required(*ORDER_ROLES)
def invoices_current(request):
    today = timezone.localdate()
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    association = first_association(request)
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
    association = get_association(request, association_id)
    year, month = _month(year, month)
    start, end = month_bounds(year, month)
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
    association = get_association(request, association_id)
    year, month = _month(year, month)
    invoices = actions.create_month_invoices(
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
    association = get_association(request, association_id)
    invoice = get_object_or_404(
        Invoice.objects.filter(association=association)
        .select_related("association__village", "association__invoicing_profile")
        .prefetch_related("lines"),
        pk=pk,
    )
    pdf = render_invoices_pdf([invoice], request=request)
    filename = f"lasku-{invoice.number}.pdf"
    actions.record_invoice_export(
        instance=invoice, association=association, filename=filename, actor=request.user
    )
    return _attachment(pdf, "application/pdf", filename)


@role_required(*ORDER_ROLES)
def invoice_month_export(request, association_id, year, month, fmt):
    association = get_association(request, association_id)
    year, month = _month(year, month)
    invoices = list(_month_invoices(association, year, month))
    name = f"laskut-{year}-{month:02d}"
    if fmt not in ("pdf", "csv", "xlsx") or (fmt == "pdf" and not invoices):
        raise Http404()
    actions.record_invoice_export(
        instance=association, association=association, filename=f"{name}.{fmt}", actor=request.user
    )
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
