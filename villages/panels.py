"""Home-page panels of the villages app (registered in VillagesConfig.ready())."""

from ryhma import panels
from ryhma.models import Role
from villages.models import Association, Programme


def my_association_context(request):
    """Village staff: a link to their own association's programme data (phases 3–4)."""
    programme = Programme.objects.for_user(request.user).order_by("-starts_on").first()
    if programme is None:
        return None
    associations = list(
        Association.objects.for_user(request.user)
        .filter(village__municipality_id=programme.municipality_id)
        .select_related("village")
    )
    if not associations:
        return None
    return {"programme": programme, "associations": associations}


def register() -> None:
    panels.register(
        "villages.my_association",
        roles={Role.VILLAGE_STAFF},
        template="villages/_panel_my_association.html",
        context=my_association_context,
        order=10,
    )
