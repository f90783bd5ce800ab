from django.db.models import Count, Prefetch

from villages.models import Association, Programme, Village


def programmes_for_user(user):
    return Programme.objects.for_user(user).select_related("municipality", "coordinator")


def programme_villages(programme: Programme, user):
    """The programme's villages in the user's scope, each with its associations."""
    associations = Association.objects.for_user(user).order_by("name")
    return (
        Village.objects.for_user(user)
        .filter(municipality_id=programme.municipality_id)
        .annotate(association_count=Count("associations", distinct=True))
        .prefetch_related(Prefetch("associations", queryset=associations))
        .order_by("name")
    )
