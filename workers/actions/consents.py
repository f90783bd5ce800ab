"""A worker's consents: record and withdraw."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ryhma.saving import save_recorded
from workers.actions import acting_user
from workers.models import Consent, Worker


@transaction.atomic
def record_consent(
    *, actor, worker: Worker, purpose: str, given_on: datetime.date, description: str = ""
) -> Consent:
    consent = Consent(
        worker=worker,
        purpose=purpose,
        given_on=given_on,
        description=description,
        recorded_by=acting_user(actor),
    )
    save_recorded(consent, actor=actor, fields=["purpose", "given_on", "description"])
    return consent


@transaction.atomic
def withdraw_consent(*, actor, consent: Consent, withdrawn_on: datetime.date) -> Consent:
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("The withdrawal date is before the consent was given.")}
        )
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_by = acting_user(actor)
    return save_recorded(
        consent,
        actor=actor,
        fields=["withdrawn_on"],
        written=["withdrawn_by"],
        before={"withdrawn_on": None},
        full_clean=False,
    )
