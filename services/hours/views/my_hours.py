"""A worker's own hours page."""

import datetime

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from ryhma.access import role_required
from ryhma.dates import add_months
from ryhma.models import Role
from services.hours import selectors
from workers.models import Worker


@role_required(Role.WORKER)
def my_hours(request):
    """A worker's own hours, month by month and week by week, with their status."""
    worker = Worker.objects.for_user(request.user).first()
    today = timezone.localdate()
    month = today.replace(day=1)
    wanted = request.GET.get("kk", "")
    if wanted:
        try:
            month = datetime.date.fromisoformat(f"{wanted}-01")
        except ValueError:
            raise Http404() from None
    context = {
        "worker": worker,
        "month": month,
        "previous_month": add_months(month, -1),
        "next_month": add_months(month, 1),
    }
    if worker is not None:
        context.update(selectors.own_hours(worker, month))
    return render(request, "services/my_hours.html", context)
