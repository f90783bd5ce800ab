"""The dry run and the save: the very actions the forms use, all rows or none."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workers.actions.contracts import start_employment
from workers.actions.workers import create_worker
from workers.importing.columns import CONTRACT_COLUMNS, WORKER_COLUMNS, convert_rows
from workers.importing.matching import (
    differing_columns,
    match_worker,
    row_error,
    same_contract_saved,
)
from workers.importing.outcomes import ContractOutcome, Result, RowOutcome, Summary, WorkerMatch


class _DryRun(Exception):
    pass


def _apply(values: list[dict], rows: list[RowOutcome], *, actor, municipality) -> Summary:
    """Run the actions for every converted row; errors go to the row's outcome."""
    summary = Summary()
    made_by_row: dict[int, int] = {}  # worker pk -> the row of this file that added them
    for value, outcome in zip(values, rows, strict=True):
        if outcome.errors:
            continue
        worker_fields = {k: v for k, v in value.items() if k in WORKER_COLUMNS and v is not None}
        contract = {k: v for k, v in value.items() if k in CONTRACT_COLUMNS and v is not None}
        for name in ("collective_agreement", "agreement_class", "tasks"):
            if contract.get(name) == "":
                contract.pop(name)
        worker = match_worker(value, outcome, municipality=municipality)
        if outcome.errors:
            continue
        try:
            with transaction.atomic():
                if worker is None:
                    worker = create_worker(actor=actor, municipality=municipality, **worker_fields)
                    made_by_row[worker.pk] = outcome.number
                    outcome.worker = WorkerMatch.NEW
                    summary.new_workers += 1
                elif worker.pk in made_by_row:
                    outcome.worker = WorkerMatch.EARLIER_ROW
                    outcome.earlier_row = made_by_row[worker.pk]
                else:
                    outcome.worker = WorkerMatch.EXISTING
                    outcome.differing = differing_columns(worker, worker_fields)
                    summary.existing_workers += 1
                outcome.worker_id = worker.pk
                if contract.get("association") is not None:
                    if same_contract_saved(worker, contract, outcome):
                        outcome.contract = "" if outcome.errors else ContractOutcome.EXISTING
                    else:
                        start_employment(actor=actor, worker=worker, **contract)
                        outcome.contract = ContractOutcome.NEW
                        summary.new_contracts += 1
        except ValidationError as error:
            for name, messages in getattr(error, "message_dict", {None: error.messages}).items():
                for message in messages:
                    row_error(outcome, message, name or "")
    return summary


def check(rows: list[list[str]], *, user, municipality=None) -> Result:
    """The dry run: every row's outcome; nothing is saved."""
    result = convert_rows(rows, user)
    if result.file_errors:
        return result
    if municipality is None:
        from villages.models import Municipality

        municipality = Municipality.objects.for_user(user).first()
    try:
        with transaction.atomic():
            _apply(result.values, result.rows, actor=user, municipality=municipality)
            raise _DryRun
    except _DryRun:
        pass
    return result


@transaction.atomic
def save(rows: list[list[str]], *, actor, municipality) -> Summary:
    """Save every row or none: returns how many workers and contracts were added."""
    result = convert_rows(rows, actor)
    if not result.ok:
        raise ValidationError(_("The file has errors: check it again before saving."))
    summary = _apply(result.values, result.rows, actor=actor, municipality=municipality)
    if not result.ok:
        raise ValidationError(_("The file has errors: check it again before saving."))
    return summary
