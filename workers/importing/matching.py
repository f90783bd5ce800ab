"""Matching a row to a worker already saved, and the row's errors."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from workers.importing.columns import HEADERS
from workers.importing.outcomes import RowOutcome
from workers.models import Employment, Worker


def row_error(outcome: RowOutcome, message, column: str = "") -> None:
    title = HEADERS.get(column, "")
    outcome.errors.append(
        _("Row %(row)s, column “%(column)s”: %(message)s")
        % {"row": outcome.number, "column": title, "message": message}
        if title
        else _("Row %(row)s: %(message)s") % {"row": outcome.number, "message": message}
    )


def _numbers(workers) -> str:
    return ", ".join(str(worker.pk) for worker in workers)


def match_worker(value: dict, outcome: RowOutcome, *, municipality) -> Worker | None:
    """The saved worker the row is about, None for a new one; ambiguity is a row error."""
    workers = Worker.objects.filter(municipality=municipality, anonymised_at__isnull=True)
    first, last = value.get("first_name") or "", value.get("last_name") or ""
    number = value.get("worker_number")
    if number is not None:
        worker = workers.filter(pk=number).first()
        if worker is None:
            row_error(
                outcome,
                _(
                    "no worker has the number %(number)s. Check the number on the worker's "
                    "page, or leave the cell empty for a new worker."
                )
                % {"number": number},
                "worker_number",
            )
        elif (worker.first_name.lower(), worker.last_name.lower()) != (
            first.lower(),
            last.lower(),
        ):
            row_error(
                outcome,
                _(
                    "number %(number)s is %(saved)s, but the row names %(row_name)s. "
                    "Check the number."
                )
                % {"number": number, "saved": worker, "row_name": f"{first} {last}"},
                "worker_number",
            )
            worker = None
        return worker
    same = list(
        workers.filter(
            first_name__iexact=first,
            last_name__iexact=last,
            birth_year=value.get("birth_year"),
        ).order_by("pk")
    )
    if len(same) > 1 and value.get("association") is not None:
        at_association = set(
            Employment.objects.filter(
                worker__in=same, association=value["association"]
            ).values_list("worker_id", flat=True)
        )
        narrowed = [worker for worker in same if worker.pk in at_association]
        same = narrowed or same
    if not same:
        # Not the same person by the key, but worth a look: the birth year may be missing.
        outcome.namesakes = list(
            workers.filter(first_name__iexact=first, last_name__iexact=last).order_by("pk")[:5]
        )
    if len(same) > 1:
        row_error(
            outcome,
            _(
                "%(count)s saved workers are called %(name)s, born %(year)s (numbers "
                "%(numbers)s). Write the right one's number in the column “numero”."
            )
            % {
                "count": len(same),
                "name": f"{first} {last}",
                "year": value.get("birth_year") or "–",
                "numbers": _numbers(same),
            },
        )
        return None
    return same[0] if same else None


def differing_columns(worker: Worker, worker_fields: dict) -> list[str]:
    """Headers of the columns whose value differs from the saved worker's (not changed)."""
    return [
        HEADERS[name]
        for name, value in worker_fields.items()
        if value not in (None, "")
        and name not in ("first_name", "last_name")
        and getattr(worker, name) != value
    ]


def same_contract_saved(worker: Worker, contract: dict, outcome: RowOutcome) -> bool:
    """Whether the row's contract is already saved; a different one from the same start
    at the same association is a row error (it would overlap)."""
    saved = Employment.objects.filter(
        worker=worker, association=contract["association"], starts_on=contract["starts_on"]
    ).first()
    if saved is None:
        return False
    if (saved.ends_on, saved.hours_per_week, saved.hourly_wage) == (
        contract.get("ends_on"),
        contract["hours_per_week"],
        contract["hourly_wage"],
    ):
        return True
    row_error(
        outcome,
        _(
            "%(name)s already has a contract at %(association)s from %(start)s with other "
            "terms (ends %(end)s, %(hours)s h a week, %(wage)s €/h). Change that contract on "
            "the worker's page, or correct the row."
        )
        % {
            "name": worker,
            "association": saved.association,
            "start": date_format(saved.starts_on, "SHORT_DATE_FORMAT"),
            "end": date_format(saved.ends_on, "SHORT_DATE_FORMAT") if saved.ends_on else "–",
            "hours": saved.hours_per_week,
            "wage": saved.hourly_wage,
        },
        "starts_on",
    )
    return True
