"""Licences and trainings a worker has obtained."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ryhma.saving import save_recorded
from workers.models import Licence, Worker


@transaction.atomic
def record_licence(
    *,
    actor,
    worker: Worker,
    kind: str,
    obtained_on: datetime.date,
    expires_on: datetime.date | None = None,
    name: str = "",
    gained_in_programme: bool = True,
) -> Licence:
    licence = Licence(
        worker=worker,
        kind=kind,
        name=name,
        obtained_on=obtained_on,
        expires_on=expires_on,
        gained_in_programme=gained_in_programme,
    )
    if expires_on and expires_on < obtained_on:
        raise ValidationError(
            {"expires_on": _("The expiry date is before the date obtained. Check both dates.")}
        )
    if kind == "training" and not name.strip():
        raise ValidationError({"name": _("Give the name of the training.")})
    save_recorded(licence, actor=actor, fields=["kind", "name", "obtained_on", "expires_on"])
    return licence
