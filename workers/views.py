from django.shortcuts import render
from django.utils.translation import gettext as _

from ryhma.access import role_required
from ryhma.models import Role


@role_required(Role.WORKER)
def me(request):
    return render(
        request,
        "coming_soon.html",
        {
            "title": _("My work"),
            "notice": _("Your own hours, plan and self-assessments will be shown on this page."),
        },
    )
