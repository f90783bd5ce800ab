"""Which association, week or month an hours page shows, and the links to them."""

import datetime

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from ryhma.access import get_for_user_or_404
from ryhma.models import Role
from services.hours import selectors
from services.hours.weeks import supported_year, week_code
from villages.models import Association

HOURS_ROLES = (Role.VILLAGE_STAFF, Role.COORDINATOR)


def week_url(association, week_start) -> str:
    query = urlencode({"yhdistys": association.pk, "vko": week_code(week_start)})
    return f"{reverse('services:week')}?{query}"


def month_url(association, month: datetime.date) -> str:
    return reverse("services:month", args=[association.pk, month.year, month.month])


def chosen_association(request, params):
    associations = list(selectors.staff_associations(request.user))
    wanted = params.get("yhdistys")
    if wanted:
        if not wanted.isdecimal():
            raise Http404()
        chosen = next((a for a in associations if a.pk == int(wanted)), None)
        if chosen is None:
            raise Http404()
        return chosen, associations
    return (associations[0] if associations else None), associations


def month_for(request, pk, year, month):
    association = get_for_user_or_404(
        Association.objects.select_related("village__municipality"), request.user, pk=pk
    )
    if not supported_year(year):
        raise Http404()
    try:
        first = datetime.date(year, month, 1)
    except ValueError:
        raise Http404() from None
    return association, first
