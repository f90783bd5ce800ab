"""The service catalogue pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ryhma.access import role_required
from ryhma.concurrency import StaleEditError
from services.models import Service
from services.orders import actions, selectors
from services.orders.forms import ServiceForm
from services.orders.views.common import (
    ORDER_ROLES,
    add_form_errors,
    get_association,
    stale_response,
)


@role_required(*ORDER_ROLES)
def catalogue(request, association_id):
    association = get_association(request, association_id)
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
    association = get_association(request, association_id)
    service = (
        get_object_or_404(Service.objects.filter(association=association), pk=pk) if pk else None
    )
    form = ServiceForm(request.POST or None, instance=service, association=association)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            if service is None:
                actions.create_service(association=association, actor=request.user, **data)
            else:
                actions.update_service(
                    service=Service.objects.get(pk=service.pk),
                    expected_version=form.cleaned_data["version"] or 0,
                    actor=request.user,
                    **data,
                )
        except StaleEditError as stale:
            return stale_response(request, form, stale, "services/service_form.html", association)
        except ValidationError as error:
            add_form_errors(error, form)
        else:
            messages.success(request, _("The catalogue was saved."))
            return redirect("services:catalogue", association_id=association.pk)
    return render(
        request,
        "services/service_form.html",
        {"form": form, "association": association, "service": service},
        status=400 if form.errors else 200,
    )
