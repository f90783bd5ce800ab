"""The week agenda and generating recurring orders."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ryhma.access import role_required
from ryhma.security import safe_next
from services.hours.weeks import supported_year
from services.orders import actions, selectors
from services.orders.views.common import ORDER_ROLES, first_association, get_association
from villages.models import Association


@role_required(*ORDER_ROLES)
def agenda_current(request):
    year, week, _weekday = timezone.localdate().isocalendar()
    association = first_association(request)
    return redirect("services:agenda", association_id=association.pk, year=year, week=week)


@role_required(*ORDER_ROLES)
def agenda(request, association_id, year, week):
    association = get_association(request, association_id)
    if not supported_year(year):
        raise Http404()
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
    association = get_association(request, association_id)
    until = timezone.localdate() + datetime.timedelta(weeks=RECURRING_HORIZON_WEEKS)
    created = actions.generate_recurring_orders(
        association=association, until=until, actor=request.user
    )
    messages.success(
        request,
        _("%(count)s new visits of recurring orders up to %(until)s.")
        % {"count": created, "until": date_format(until, "SHORT_DATE_FORMAT")},
    )
    return redirect(safe_next(request, reverse("services:agenda_current")))
