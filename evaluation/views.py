from django.shortcuts import render
from django.utils.translation import gettext as _

from ryhma.access import role_required
from ryhma.models import Role
from villages.models import Programme


@role_required(Role.OFFICIAL, Role.COORDINATOR)
def dashboard(request):
    programmes = Programme.objects.for_user(request.user).select_related("municipality")
    return render(
        request,
        "coming_soon.html",
        {
            "title": _("Dashboards and impact reports"),
            "subtitle": _("Programmes you can follow"),
            "items": [f"{p.name} ({p.municipality.name})" for p in programmes],
            "notice": _(
                "Dashboards and PDF impact reports are being built and will appear on this page."
            ),
        },
    )
