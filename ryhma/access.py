"""The one way a view reaches a row: through the user's scope.

Every model with data that is not public has a QuerySet with `for_user(user)`;
views fetch single rows with `get_for_user_or_404`, lists start from
`Model.objects.for_user(user)`. Rows outside the scope are indistinguishable from
rows that do not exist (404), so that their existence leaks nothing.
"""

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404


def get_for_user_or_404(model_or_queryset, user, **lookup):
    queryset = (
        model_or_queryset._default_manager.all()
        if isinstance(model_or_queryset, type)
        else model_or_queryset
    )
    return get_object_or_404(queryset.for_user(user), **lookup)


def role_required(*roles: str, hide: bool = True):
    """Allow the view to users with one of `roles` (superusers always).

    With `hide` (the default) others get 404, for pages whose existence is itself
    a detail of another role's work; with `hide=False` they get 403.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not (user.is_superuser or user.role in roles):
                raise Http404() if hide else PermissionDenied()
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = tuple(roles)
        return wrapped

    return decorator


class ScopedQuerySet(models.QuerySet):
    """Base for querysets that hold data not everyone may see.

    Subclasses implement `for_user`; the default denies everything, so a model that
    forgets to say who may see it shows nothing rather than everything.
    """

    def for_user(self, user) -> "ScopedQuerySet":
        if user is None or not user.is_authenticated:
            return self.none()
        return self.none()


def ids(rows: Iterable[models.Model]) -> list[int]:
    return [row.pk for row in rows]
