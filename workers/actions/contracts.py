"""Employment contracts: start and change, with the warnings worth a second look."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ryhma.audit import snapshot
from ryhma.saving import save_recorded
from villages.models import Association
from workers import employment_checks, signals
from workers.actions import Outcome, acting_user
from workers.models import Employment, Worker

EMPLOYMENT_FIELDS = [
    "association",
    "starts_on",
    "ends_on",
    "hours_per_week",
    "hourly_wage",
    "collective_agreement",
    "agreement_class",
    "tasks",
]
# The audit names the association by its id, as a snapshot stores it.
EMPLOYMENT_AUDIT_FIELDS = [f if f != "association" else "association_id" for f in EMPLOYMENT_FIELDS]


MAX_HOURS_PER_WEEK = Decimal("40")


def _validate_employment(employment: Employment) -> None:
    errors: dict[str, Any] = {}  # a message or messages by field
    if employment.ends_on and employment.starts_on and employment.ends_on < employment.starts_on:
        errors["ends_on"] = _(
            "The end date is before the start date. Give an end date on or after %(start)s."
        ) % {"start": short_date(employment.starts_on)}
    hours = employment.hours_per_week
    if hours is not None and not (Decimal("0") < hours <= MAX_HOURS_PER_WEEK):
        errors["hours_per_week"] = _(
            "Hours per week must be more than 0 and at most 40. Give the contract's weekly hours."
        )
    if employment.hourly_wage is not None and employment.hourly_wage < 0:
        errors["hourly_wage"] = _("The hourly wage cannot be negative.")
    if not errors and employment.starts_on and employment.association_id:
        overlapping = (
            Employment.objects.filter(
                worker_id=employment.worker_id, association_id=employment.association_id
            )
            .overlapping(employment.starts_on, employment.ends_on)
            .exclude(pk=employment.pk)
            .first()
        )
        if overlapping:
            errors["starts_on"] = _(
                "The worker already has a contract at this association for %(period)s. "
                "Change the dates so that the contracts do not overlap, or edit the "
                "existing contract."
            ) % {"period": _period(overlapping.starts_on, overlapping.ends_on)}
    if not errors:
        errors = employment_checks.problems(employment)
    if errors:
        raise ValidationError(errors)
    employment.full_clean()


def short_date(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _period(starts_on, ends_on) -> str:
    end = short_date(ends_on) if ends_on else _("until further notice")
    return f"{short_date(starts_on)}–{end}"


def employment_warnings(employment: Employment) -> list[str]:
    """What is worth a second look but does not stop the contract."""
    warnings = []
    missing = employment.association.readiness_missing()
    if missing:
        warnings.append(
            _("%(association)s is not ready as an employer yet. Missing: %(missing)s.")
            % {"association": employment.association, "missing": ", ".join(missing)}
        )
    decisions = [d for d in employment.subsidy_decisions.all() if d.decided_on]
    if decisions and employment.starts_on < min(d.decided_on for d in decisions):
        warnings.append(
            starts_before_decision_warning(employment, min(d.decided_on for d in decisions))
        )
    return warnings


def starts_before_decision_warning(employment: Employment, decided_on: datetime.date) -> str:
    return _(
        "The employment starts on %(start)s, before the subsidy decision of %(decided)s. "
        "Employment must not start before the decision."
    ) % {
        "start": short_date(employment.starts_on),
        "decided": short_date(decided_on),
    }


@transaction.atomic
def start_employment(
    *,
    actor,
    worker: Worker,
    association: Association,
    starts_on: datetime.date,
    hours_per_week: Decimal,
    hourly_wage: Decimal,
    ends_on: datetime.date | None = None,
    collective_agreement: str = "",
    agreement_class: str = "",
    tasks: str = "",
) -> Outcome:
    employment = Employment(
        worker=worker,
        association=association,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_per_week=hours_per_week,
        hourly_wage=hourly_wage,
        collective_agreement=collective_agreement,
        agreement_class=agreement_class,
        tasks=tasks,
        created_by=acting_user(actor),
    )
    save_recorded(
        employment,
        actor=actor,
        fields=EMPLOYMENT_FIELDS,
        check=_validate_employment,
        full_clean=False,
        municipality_id=worker.municipality_id,
    )
    signals.announce_employments([employment], starts_on)
    return Outcome(employment, employment_warnings(employment))


@transaction.atomic
def update_employment(*, actor, employment: Employment, expected_version: int, **fields) -> Outcome:
    """Raises StaleEditError when someone saved the contract after `expected_version`."""
    # The months between the stored and a new start change too (a form may already have
    # set the new values on the instance).
    stored_start = Employment.objects.filter(pk=employment.pk).values_list("starts_on", flat=True)
    before = snapshot(employment, EMPLOYMENT_AUDIT_FIELDS)
    for name, value in fields.items():
        setattr(employment, name, value)
    save_recorded(
        employment,
        actor=actor,
        fields=EMPLOYMENT_FIELDS,
        written=fields,
        expected_version=expected_version,
        before=before,
        check=_validate_employment,
        full_clean=False,
        municipality_id=employment.worker.municipality_id,
    )
    signals.announce_employments([employment], min([employment.starts_on, *stored_start]))
    return Outcome(employment, employment_warnings(employment))
