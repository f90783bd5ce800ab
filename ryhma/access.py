"""The one way a view reaches a row: through the user's scope.

Every model with data that is not public has a QuerySet with `for_user(user)`;
views fetch single rows with `get_for_user_or_404`, lists start from
`Model.objects.for_user(user)`. Rows outside the scope are indistinguishable from
rows that do not exist (404), so that their existence leaks nothing.
"""

from collections.abc import Iterable
from functools import wraps
from typing import Self, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from ryhma.roles import Role


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


# How a user reaches a municipality and an association: villages.Membership, named by its
# related names so that this module needs none of the apps.
MUNICIPALITY_MEMBER = "memberships__user"
ASSOCIATION_STAFF = "staff_memberships__user"


def _lookup(*parts: str) -> str:
    return "__".join(part for part in parts if part)


def _model_at(model: type[models.Model], path: str) -> type[models.Model]:
    for name in path.split("__"):
        model = cast(type[models.Model], model._meta.get_field(name).related_model)
    return model


def _crosses_many(model: type[models.Model], path: str) -> bool:
    """Whether following `path` from `model` can reach one row from several."""
    for name in path.split("__") if path else ():
        field = model._meta.get_field(name)
        if field.one_to_many or field.many_to_many:
            return True
        model = cast(type[models.Model], field.related_model)
    return False


class ScopedQuerySet(models.QuerySet):
    """Base for querysets that hold data not everyone may see.

    A subclass says who sees a row by naming lookup paths from the row:

    - `municipality_path` leads to the row's municipality ("" on Municipality itself);
      members of it whose role is in `municipality_roles` see the row. Coordinators and
      officials by default; rows with personal data leave officials out (they see
      aggregates only).
    - `association_path` leads to the row's association ("" on Association itself); its
      village staff see the row.
    - `user_path` leads to a user: workers see the rows that lead to themselves.
    - `scope_through` leads to a row of another scoped model: whoever may see that row
      sees this one (the other model's `for_user` decides; the paths above are unused).

    Superusers see every row of a model that declares a scope. A special case overrides
    `for_role`. A subclass that declares nothing shows nothing, rather than everything.
    """

    municipality_path: str | None = None
    municipality_roles: tuple[str, ...] = (Role.COORDINATOR, Role.OFFICIAL)
    association_path: str | None = None
    user_path: str | None = None
    scope_through: str | None = None

    def for_user(self, user) -> Self:
        if self.scope_through is not None:
            other = cast(
                ScopedQuerySet, _model_at(self.model, self.scope_through)._default_manager.all()
            )
            return self.filter(**{f"{self.scope_through}__in": other.for_user(user)})
        if not getattr(user, "is_authenticated", False) or not self._declares_scope():
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.for_role(user)

    def for_role(self, user) -> Self:
        """The rows of a signed-in user who is not a superuser, by the declared paths."""
        if user.role == Role.VILLAGE_STAFF and self.association_path is not None:
            rows = self._reached(self.association_path, ASSOCIATION_STAFF, user)
            # Through a to-many relation a row is reached once per association of the user.
            return rows.distinct() if _crosses_many(self.model, self.association_path) else rows
        if user.role in self.municipality_roles and self.municipality_path is not None:
            return self._reached(self.municipality_path, MUNICIPALITY_MEMBER, user)
        if user.role == Role.WORKER and self.user_path is not None:
            return self.filter(**{self.user_path: user})
        return self.none()

    def _reached(self, path: str, member: str, user) -> Self:
        """Rows whose municipality or association (at `path`) has `user` as a member.

        The municipalities or associations are a subquery on the row's foreign key, not
        joins up to the membership: with the row's own joins (a list page reads its
        customers, villages and services too) PostgreSQL spent longer planning the joined
        form than running it.
        """
        if not path:
            return self.filter(**{member: user})
        scope = _model_at(self.model, path)._default_manager.filter(**{member: user})
        return self.filter(**{f"{path}__in": scope.values("pk")})

    def _declares_scope(self) -> bool:
        paths = (self.municipality_path, self.association_path, self.user_path)
        overridden = type(self).for_role is not ScopedQuerySet.for_role
        return overridden or any(path is not None for path in paths)


def ids(rows: Iterable[models.Model]) -> list[int]:
    return [row.pk for row in rows]
