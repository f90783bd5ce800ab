"""A worker's details: add, edit, delete."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from ryhma.audit import delete_recorded, snapshot
from ryhma.saving import save_recorded
from workers import signals
from workers.models import Worker

WORKER_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_year",
    "months_unemployed_last_28",
    "months_unemployed_last_14",
    "benefit_days",
    "reduced_work_ability",
    "languages",
]


def _validate_worker(worker: Worker) -> None:
    errors = {}
    if (
        worker.months_unemployed_last_14 is not None
        and worker.months_unemployed_last_28 is not None
    ):
        if worker.months_unemployed_last_14 > worker.months_unemployed_last_28:
            errors["months_unemployed_last_14"] = _(
                "Months unemployed in the last 14 months cannot be more than in the last 28 "
                "months. Check both numbers."
            )
    this_year = timezone.localdate().year
    if worker.birth_year is not None and not (
        this_year - 100 <= worker.birth_year <= this_year - 15
    ):
        errors["birth_year"] = _(
            "Birth year must be between %(first)s and %(last)s. Give the year with four digits."
        ) % {"first": this_year - 100, "last": this_year - 15}
    if errors:
        raise ValidationError(errors)
    worker.full_clean()


@transaction.atomic
def create_worker(*, actor, municipality, **fields) -> Worker:
    worker = Worker(municipality=municipality, **fields)
    return save_recorded(
        worker, actor=actor, fields=WORKER_FIELDS, check=_validate_worker, full_clean=False
    )


@transaction.atomic
def update_worker(*, actor, worker: Worker, expected_version: int, **fields) -> Worker:
    """Raises StaleEditError when someone saved the worker after `expected_version`."""
    before = snapshot(worker, WORKER_FIELDS)
    for name, value in fields.items():
        setattr(worker, name, value)
    save_recorded(
        worker,
        actor=actor,
        fields=WORKER_FIELDS,
        written=[*fields, "updated_at"],
        expected_version=expected_version,
        before=before,
        check=_validate_worker,
        full_clean=False,
    )
    if "benefit_days" in fields:
        signals.announce_worker(worker)
    return worker


@transaction.atomic
def delete_worker(*, actor, worker: Worker) -> None:
    """Delete a worker entered by mistake. Refused once hours exist: anonymise instead."""
    employments = list(worker.employments.all())
    try:
        for employment in employments:
            employment.subsidy_decisions.all().delete()
            employment.delete()
        pk = worker.pk
        delete_recorded(
            actor=actor, instance=worker, municipality_id=worker.municipality_id, changes={}
        )
        worker.pk = pk
    except ProtectedError as error:
        raise ValidationError(
            _(
                "The worker has recorded work hours, so the data cannot be deleted. "
                "Anonymise the worker instead: hours and outcomes stay in the statistics."
            )
        ) from error
