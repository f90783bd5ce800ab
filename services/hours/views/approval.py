"""The coordinator's approval pages and the month page: approving, returning, locking."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ryhma.access import get_for_user_or_404, role_required
from ryhma.dates import add_months
from ryhma.models import Role
from services.hours import actions, selectors
from services.hours.claims import claims_for_month, claims_total
from services.hours.forms import ReturnForm
from services.hours.views.navigation import HOURS_ROLES, month_for, month_url, week_url
from services.models import WeekSheet
from workers.parameters import MissingParameter

# Waiting weeks per page of the queue: a city's month can hold a hundred of them.
APPROVAL_PAGE_SIZE = 20


@role_required(Role.COORDINATOR)
@require_POST
def week_review(request, pk):
    sheet = get_for_user_or_404(
        WeekSheet.objects.select_related("association__village"), request.user, pk=pk
    )
    form = ReturnForm(request.POST)
    try:
        if request.POST.get("decision") == "approve":
            actions.approve_week(sheet=sheet, actor=request.user)
            messages.success(request, _("The week was approved."))
        elif form.is_valid():
            actions.return_week(
                sheet=sheet, comment=form.cleaned_data["comment"], actor=request.user
            )
            messages.success(request, _("The week was returned for correction."))
        else:
            messages.error(request, form.errors["comment"][0])
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    return redirect("services:approvals")


@role_required(Role.COORDINATOR)
def approvals(request):
    """The coordinator's queue: weeks and corrections to approve, months to lock."""
    today = timezone.localdate()
    waiting = selectors.with_week_totals(selectors.waiting_sheets_queryset(request.user))
    page = Paginator(waiting, APPROVAL_PAGE_SIZE).get_page(request.GET.get("sivu"))
    return render(
        request,
        "services/approvals.html",
        {
            "page": page,
            "sheets": selectors.with_labels(page),
            "amendments": selectors.waiting_amendments(request.user),
            "months": selectors.months_to_lock(request.user, today=today),
            "return_form": ReturnForm(),
        },
    )


@role_required(*HOURS_ROLES)
def month(request, pk, year, month):
    association, first = month_for(request, pk, year, month)
    summary = selectors.month_summary(association, first)
    try:
        claims = claims_for_month(association, first, approved_hours=summary["approved_hours"])
        claims_error = None
    except MissingParameter as missing:
        claims, claims_error = [], str(missing)
    return render(
        request,
        "services/month.html",
        {
            "association": association,
            "month": first,
            "summary": summary,
            "claims": claims,
            "claim_lines": selectors.claim_lines(claims),
            "claims_error": claims_error,
            "claims_total": claims_total(claims),
            "previous_month": add_months(first, -1),
            "next_month": add_months(first, 1),
            "week_url": week_url(association, first),
        },
    )


@role_required(Role.VILLAGE_STAFF)
@require_POST
def month_submit(request, pk, year, month):
    association, first = month_for(request, pk, year, month)
    count = actions.submit_month(association=association, month=first, actor=request.user)
    messages.success(
        request, _("%(count)s entries of the month were sent for approval.") % {"count": count}
    )
    return redirect(month_url(association, first))


@role_required(Role.COORDINATOR)
@require_POST
def month_lock(request, pk, year, month):
    association, first = month_for(request, pk, year, month)
    try:
        actions.lock_month(association=association, month=first, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The month was approved and locked."))
    if request.POST.get("next") == "approvals":
        return redirect("services:approvals")
    return redirect(month_url(association, first))
