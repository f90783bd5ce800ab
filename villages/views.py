from django.shortcuts import redirect, render

from ryhma.access import get_for_user_or_404, role_required
from ryhma.models import Role
from villages import selectors
from villages.models import Programme

PROGRAMME_READERS = (Role.COORDINATOR, Role.OFFICIAL)


@role_required(*PROGRAMME_READERS)
def programme_overview(request):
    """The coordinator's start page: their programme, or a choice when there are several."""
    programmes = list(selectors.programmes_for_user(request.user)[:2])
    if len(programmes) == 1:
        return redirect("villages:programme_detail", slug=programmes[0].slug)
    return redirect("villages:programme_list")


@role_required(*PROGRAMME_READERS)
def programme_list(request):
    programmes = selectors.programmes_for_user(request.user)
    return render(request, "villages/programme_list.html", {"programmes": programmes})


@role_required(*PROGRAMME_READERS)
def programme_detail(request, slug):
    programme = get_for_user_or_404(
        Programme.objects.select_related("municipality", "coordinator"), request.user, slug=slug
    )
    villages = selectors.programme_villages(programme, request.user)
    return render(
        request,
        "villages/programme_detail.html",
        {"programme": programme, "villages": villages},
    )
