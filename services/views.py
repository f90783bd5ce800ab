from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ryhma.access import role_required
from ryhma.models import Role
from villages.models import Association


@role_required(Role.VILLAGE_STAFF)
def week(request):
    """Village staff's start page: their association's current week."""
    today = timezone.localdate()
    year, week_number, _weekday = today.isocalendar()
    associations = Association.objects.for_user(request.user).select_related("village")
    return render(
        request,
        "coming_soon.html",
        {
            "title": _("Work hours, week %(week)s/%(year)s") % {"week": week_number, "year": year},
            "subtitle": _("Your associations"),
            "items": [f"{a.name} ({a.village.name})" for a in associations],
            "notice": _(
                "Weekly hour entry for the whole crew is being built and will open on this page."
            ),
        },
    )
