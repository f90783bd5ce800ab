"""Subsidy decisions of an employment contract."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ryhma.saving import save_recorded
from workers import signals
from workers.actions import Outcome
from workers.actions.contracts import short_date, starts_before_decision_warning
from workers.models import Employment, SubsidyDecision

DECISION_FIELDS = [
    "subsidy_type",
    "rate_percent",
    "monthly_cap",
    "months",
    "starts_on",
    "ends_on",
    "payer",
    "decision_number",
    "decided_on",
]


@transaction.atomic
def record_subsidy_decision(
    *,
    actor,
    employment: Employment,
    subsidy_type: str,
    rate_percent: Decimal,
    months: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    decided_on: datetime.date,
    monthly_cap: Decimal | None = None,
    payer: str = "municipality",
    decision_number: str = "",
) -> Outcome:
    decision = SubsidyDecision(
        employment=employment,
        subsidy_type=subsidy_type,
        rate_percent=rate_percent,
        monthly_cap=monthly_cap,
        months=months,
        starts_on=starts_on,
        ends_on=ends_on,
        payer=payer,
        decision_number=decision_number,
        decided_on=decided_on,
    )
    errors = {}
    if ends_on and starts_on and ends_on < starts_on:
        errors["ends_on"] = _(
            "The subsidy ends before it starts. Give an end date on or after %(start)s."
        ) % {"start": short_date(starts_on)}
    if rate_percent is not None and not (0 < rate_percent <= 100):
        errors["rate_percent"] = _("The rate is a percentage: give a number from 1 to 100.")
    if months is not None and not (1 <= months <= 24):
        errors["months"] = _("A decision covers 1 to 24 months. Check the number of months.")
    if errors:
        raise ValidationError(errors)
    save_recorded(
        decision,
        actor=actor,
        fields=DECISION_FIELDS,
        municipality_id=employment.worker.municipality_id,
    )
    signals.announce_employments([employment], min(starts_on, employment.starts_on))
    warnings = []
    if employment.starts_on < decided_on:
        warnings.append(starts_before_decision_warning(employment, decided_on))
    return Outcome(decision, warnings)
