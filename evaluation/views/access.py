"""Who may read and assess, and the objects of a request's scope (404 outside it)."""

from ryhma.access import get_for_user_or_404
from ryhma.models import Role
from villages.models import Programme
from workers.models import Worker

READERS = (Role.COORDINATOR, Role.OFFICIAL)
ASSESSORS = (Role.COORDINATOR, Role.VILLAGE_STAFF)


def is_official_user(user) -> bool:
    """An official (not a superuser): whole years, no small group (evaluation.suppression)."""
    return user.role == Role.OFFICIAL and not user.is_superuser


def get_worker(request, worker_id):
    return get_for_user_or_404(
        Worker.objects.select_related("municipality"), request.user, pk=worker_id
    )


def get_programme(request, slug):
    return get_for_user_or_404(
        Programme.objects.select_related("municipality"), request.user, slug=slug
    )
