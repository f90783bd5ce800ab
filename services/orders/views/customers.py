"""The customer pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ryhma.access import get_for_user_or_404, role_required
from ryhma.concurrency import StaleEditError
from services.models import Customer
from services.orders import actions, selectors
from services.orders.forms import CustomerForm
from services.orders.views.common import (
    ORDER_ROLES,
    PAGE_SIZE,
    add_form_errors,
    first_association,
    get_association,
    stale_response,
)


@role_required(*ORDER_ROLES)
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
            get_association(request, association_id)
            if association_id and str(association_id).isdecimal()
            else first_association(request)
        )
    form = CustomerForm(request.POST or None, instance=customer, association=association)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            if customer is None:
                customer = actions.create_customer(
                    association=association, actor=request.user, **data
                )
            else:
                actions.update_customer(
                    customer=Customer.objects.select_related("association__village").get(
                        pk=customer.pk
                    ),
                    expected_version=form.cleaned_data["version"] or 0,
                    actor=request.user,
                    **data,
                )
        except StaleEditError as stale:
            return stale_response(request, form, stale, "services/customer_form.html", association)
        except ValidationError as error:
            add_form_errors(error, form)
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
