"""A worker's consents: record and withdraw."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ryhma.models import AuditAction
from workers.actions import _audit, _save_new, _user
from workers.models import (
    Consent,
    Worker,
)


@transaction.atomic
def consent_record(
    *, actor, worker: Worker, purpose: str, given_on: datetime.date, description: str = ""
) -> Consent:
    consent = Consent(
        worker=worker,
        purpose=purpose,
        given_on=given_on,
        description=description,
        recorded_by=_user(actor),
    )
    _save_new(consent, actor=actor, worker=worker, fields=["purpose", "given_on", "description"])
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, withdrawn_on: datetime.date) -> Consent:
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("The withdrawal date is before the consent was given.")}
        )
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_by = _user(actor)
    consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
    _audit(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=consent,
        worker=consent.worker,
        changes={"withdrawn_on": [None, withdrawn_on.isoformat()]},
    )
    return consent
