"""The worker's own login: link and unlink."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ryhma.models import Role
from ryhma.saving import save_recorded
from villages.models import Membership
from workers.models import Worker


def login_candidates(worker: Worker):
    """Worker logins of the worker's municipality that no worker uses yet (for the picker)."""
    return (
        get_user_model()
        .objects.filter(
            role=Role.WORKER,
            is_active=True,
            membership__municipality_id=worker.municipality_id,
            worker_profile__isnull=True,
        )
        .order_by("username")
    )


def _login_for(worker: Worker, username: str):
    """The worker login `username` if it belongs to the worker's municipality or to none
    yet. Anything else, a login of another municipality or of another role, is reported
    as not found, so as to reveal nothing of other people's logins and roles."""
    User = get_user_model()
    user = (
        User.objects.select_related("membership", "worker_profile")
        .filter(username=username, role=Role.WORKER, is_superuser=False)
        .filter(Q(membership__isnull=True) | Q(membership__municipality_id=worker.municipality_id))
        .first()
    )
    if user is None:
        raise ValidationError(
            {
                "username": _(
                    "No login “%(username)s” was found. Check the spelling, or ask the "
                    "administrator to make the worker a login."
                )
                % {"username": username}
            }
        )
    return user


@transaction.atomic
def link_worker_login(*, actor, worker: Worker, username: str) -> Worker:
    """Link the worker's own login (role "worker"), so they see their own page.

    Refused for a login of another role, one not in use and one already linked to
    another worker. A login without a municipality becomes one of the worker's.
    """
    username = username.strip()
    if worker.anonymised_at is not None:
        raise ValidationError(_("An anonymised worker cannot be given a login."))
    user = _login_for(worker, username)
    if not user.is_active:
        raise ValidationError(
            {
                "username": _(
                    "The login “%(username)s” is not in use. Ask the administrator to "
                    "activate it first."
                )
                % {"username": username}
            }
        )
    linked = getattr(user, "worker_profile", None)
    if linked is not None and linked.pk != worker.pk:
        raise ValidationError({"username": _already_linked(username)})
    if linked is not None:
        return worker
    before = worker.user.username if worker.user is not None else None
    worker.user = user
    try:
        with transaction.atomic():
            _save_login(worker, actor=actor, changes={"user_id": [before, user.username]})
    except IntegrityError:
        raise ValidationError({"username": _already_linked(username)}) from None
    if not hasattr(user, "membership"):
        Membership.objects.create(user=user, municipality_id=worker.municipality_id)
    return worker


def _save_login(worker: Worker, *, actor, changes: dict) -> None:
    """Write the worker's login link, audited by the login's name (not its id)."""
    save_recorded(
        worker,
        actor=actor,
        fields=[],
        written=["user"],
        expected_version=worker.version,
        full_clean=False,
        changes=changes,
    )


def _already_linked(username: str) -> str:
    return _(
        "The login “%(username)s” is already linked to another worker. Unlink it on that "
        "worker's page first, or give another login."
    ) % {"username": username}


@transaction.atomic
def unlink_worker_login(*, actor, worker: Worker) -> Worker:
    """Remove the worker's login link; the login itself stays (the administrator's)."""
    if worker.user_id is None:
        raise ValidationError(_("The worker has no linked login."))
    assert worker.user is not None  # linked: checked above
    before = worker.user.username
    worker.user = None
    _save_login(worker, actor=actor, changes={"user_id": [before, None]})
    return worker
