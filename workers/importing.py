"""Importing workers and their contracts from CSV or XLSX: check first, then all or nothing.

Each data row is a worker and, when the association column is filled, their contract.
`check` converts every cell and then runs the very actions the forms use inside a
transaction that is rolled back, so the dry run finds exactly the errors the save
would; `save` repeats that for real and commits only when no row has an error.

A row is matched to a worker already saved, so that importing the same file twice adds
no one twice (there is no personal identity code to match on, on purpose):
1. by the worker number (the "numero" column: the number on the worker's page), or
2. by first name, last name and birth year within the municipality; when several
   workers share those, by a contract at the row's association as well. Still more
   than one is an error of the row that asks for the worker number.
A matched worker's saved details are not changed (the row says which differ); the
row's contract is added to them, unless the very same contract is already saved.
"""

import csv
import datetime
import io
import time
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ryhma.uploads import UnreadableCsv, csv_rows, decode_csv
from villages.models import Association
from workers import actions
from workers.models import Employment, Worker

MAX_ROWS = 2000


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    kind: str = "text"
    required: bool = False
    help: str = ""


COLUMNS = [
    Column(
        "worker_number",
        "numero",
        "int",
        help=gettext_lazy("the worker number on the worker's page; empty for a new worker"),
    ),
    Column("first_name", "etunimi", required=True),
    Column("last_name", "sukunimi", required=True),
    Column("email", "sähköposti"),
    Column("phone", "puhelin"),
    Column("birth_year", "syntymävuosi", "int"),
    Column("months_unemployed_last_28", "työttömänä 28 kk aikana", "int"),
    Column("months_unemployed_last_14", "työttömänä 14 kk aikana", "int"),
    Column("benefit_days", "etuuspäivät", "int"),
    Column("reduced_work_ability", "alentunut työkyky", "bool", help="kyllä / ei"),
    Column("languages", "kielet"),
    Column("association", "yhdistys", "association", help=gettext_lazy("name or business ID")),
    Column("starts_on", "alkaa", "date", help="pp.kk.vvvv"),
    Column("ends_on", "päättyy", "date", help="pp.kk.vvvv"),
    Column("hours_per_week", "tuntia viikossa", "decimal"),
    Column("hourly_wage", "tuntipalkka", "decimal"),
    Column("collective_agreement", "tes"),
    Column("agreement_class", "palkkaluokka"),
    Column("tasks", "tehtävät"),
]
# The columns that describe the worker (the rest describe the contract).
WORKER_COLUMNS = set(actions.WORKER_FIELDS)
CONTRACT_COLUMNS = {c.name for c in COLUMNS} - WORKER_COLUMNS - {"worker_number"}
HEADERS = {c.name: c.header for c in COLUMNS}
CONTRACT_REQUIRED = ("starts_on", "hours_per_week", "hourly_wage")
TRUE_WORDS = {"kyllä", "k", "x", "1", "true", "yes", "ja"}
FALSE_WORDS = {"ei", "e", "0", "false", "no", "nej", ""}


class UnreadableFile(Exception):
    pass


class WorkerMatch:
    NEW = "new"
    EXISTING = "existing"
    EARLIER_ROW = "earlier_row"


class ContractOutcome:
    NONE = ""
    NEW = "new"
    EXISTING = "existing"


@dataclass
class RowOutcome:
    number: int
    name: str
    association: str = ""
    errors: list[str] = field(default_factory=list)
    worker: str = ""  # a WorkerMatch
    worker_id: int | None = None
    earlier_row: int | None = None
    contract: str = ContractOutcome.NONE
    differing: list[str] = field(default_factory=list)  # column headers
    namesakes: list[Worker] = field(default_factory=list)  # for a new worker: same name


@dataclass
class Summary:
    new_workers: int = 0
    existing_workers: int = 0
    new_contracts: int = 0


@dataclass
class Result:
    rows: list[RowOutcome]
    values: list[dict]
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.file_errors and not any(r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(r.errors) for r in self.rows)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read(upload) -> list[list[str]]:
    """The file's rows as lists of strings (header first)."""
    content = upload.read()
    if upload.name.lower().endswith(".xlsx"):
        rows = _xlsx_rows(content)
    else:
        try:
            text = decode_csv(content)
        except UnreadableCsv as error:
            raise UnreadableFile(str(error)) from error
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
        try:
            rows = [[c.strip() for c in row] for row in csv_rows(text, dialect=dialect)]
        except UnreadableCsv as error:
            raise UnreadableFile(str(error)) from error
    rows = [row for row in rows if any(row)]
    if len(rows) > MAX_ROWS + 1:
        raise _too_many_rows()
    return rows


# An XLSX is a ZIP of XML: a file of a few kilobytes can declare or hold a sheet of
# billions of cells. It is read row by row (openpyxl's read-only mode), its declared
# <dimension> is ignored (it made openpyxl pad every row to 16,384 cells), and the
# limits below are checked while reading, so one import stays within some tens of
# megabytes and seconds whatever the file claims.
MAX_COLUMNS = len(COLUMNS) + 30  # columns further right are not read
MAX_SHEET_ROWS = MAX_ROWS * 5  # rows read at all, blank ones included
MAX_UNPACKED_BYTES = 10 * 1024 * 1024  # a full 2,000-row file unpacks to about 2 MB
MAX_READ_SECONDS = 15


def _too_many_rows() -> UnreadableFile:
    return UnreadableFile(
        _("The file has more than %(max)s rows. Split it into smaller files.") % {"max": MAX_ROWS}
    )


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    unreadable = _("The Excel file could not be read. Save it again as XLSX and retry.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise UnreadableFile(unreadable) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFile(
            _(
                "The Excel file is too large when unpacked (over %(mb)s MB). Save only the"
                " worker rows in a new file, or save the sheet as CSV."
            )
            % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise UnreadableFile(unreadable) from error
    rows: list[list[str]] = []
    started = time.monotonic()
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the file's own <dimension> is not believed
        for index, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)):
            if index >= MAX_SHEET_ROWS:
                raise _too_many_rows()
            if time.monotonic() - started > MAX_READ_SECONDS:
                raise UnreadableFile(
                    _("Reading the Excel file took too long. Save the sheet as CSV and retry.")
                )
            cells = [_cell(value) for value in row]
            if any(cells):
                rows.append(cells)
                if len(rows) > MAX_ROWS + 1:
                    raise _too_many_rows()
    except UnreadableFile:
        raise
    except Exception as error:  # a broken sheet inside a sound ZIP
        raise UnreadableFile(unreadable) from error
    finally:
        workbook.close()
    return rows


def _header_map(header: list[str]) -> tuple[dict[int, Column], list[str]]:
    by_name = {}
    for column in COLUMNS:
        by_name[column.header.lower()] = column
        by_name[column.name.lower()] = column
    mapping, errors = {}, []
    for index, title in enumerate(header):
        key = title.strip().lower()
        if not key:
            continue
        column = by_name.get(key)
        if column is None:
            errors.append(
                _(
                    "Column %(column)s (“%(title)s”) is not known. Use the column names listed "
                    "below or remove the column."
                )
                % {"column": index + 1, "title": title}
            )
        else:
            mapping[index] = column
    present = {c.name for c in mapping.values()}
    for column in COLUMNS:
        if column.required and column.name not in present:
            errors.append(
                _("The column “%(title)s” is missing. Add it to the first row.")
                % {"title": column.header}
            )
    return mapping, errors


def _convert(column: Column, text: str, associations: dict):
    """The cell's value, or raise ValueError with a message for people."""
    if column.kind == "text":
        return text
    if text == "":
        return None
    if column.kind == "int":
        try:
            return int(text.replace(" ", ""))
        except ValueError:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text}) from None
    if column.kind == "decimal":
        try:
            return Decimal(text.replace(" ", "").replace("\xa0", "").replace(",", "."))
        except InvalidOperation:
            raise ValueError(
                _("“%(value)s” is not a number. Use a comma or a point for decimals.")
                % {"value": text}
            ) from None
    if column.kind == "date":
        for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
            try:
                return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date. Write it as dd.mm.yyyy, e.g. 1.3.2026.") % {"value": text}
        )
    if column.kind == "bool":
        word = text.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(_("“%(value)s” is not yes or no. Write kyllä or ei.") % {"value": text})
    if column.kind == "association":
        association = associations.get(text.lower())
        if association is None:
            raise ValueError(
                _("No association “%(value)s” of yours was found. Use its name or business ID.")
                % {"value": text}
            )
        return association
    raise ValueError(text)


def _associations(user) -> dict:
    found = {}
    for association in Association.objects.for_user(user):
        found[association.name.lower()] = association
        if association.business_id:
            found[association.business_id.lower()] = association
    return found


class _DryRun(Exception):
    pass


def _row_error(outcome: RowOutcome, message, column: str = "") -> None:
    title = HEADERS.get(column, "")
    outcome.errors.append(
        _("Row %(row)s, column “%(column)s”: %(message)s")
        % {"row": outcome.number, "column": title, "message": message}
        if title
        else _("Row %(row)s: %(message)s") % {"row": outcome.number, "message": message}
    )


def _numbers(workers) -> str:
    return ", ".join(str(worker.pk) for worker in workers)


def _match(value: dict, outcome: RowOutcome, *, municipality) -> Worker | None:
    """The saved worker the row is about, None for a new one; ambiguity is a row error."""
    workers = Worker.objects.filter(municipality=municipality, anonymised_at__isnull=True)
    first, last = value.get("first_name") or "", value.get("last_name") or ""
    number = value.get("worker_number")
    if number is not None:
        worker = workers.filter(pk=number).first()
        if worker is None:
            _row_error(
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
            _row_error(
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
        _row_error(
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


def _differing(worker: Worker, worker_fields: dict) -> list[str]:
    """Headers of the columns whose value differs from the saved worker's (not changed)."""
    return [
        HEADERS[name]
        for name, value in worker_fields.items()
        if value not in (None, "")
        and name not in ("first_name", "last_name")
        and getattr(worker, name) != value
    ]


def _same_contract(worker: Worker, contract: dict, outcome: RowOutcome) -> bool:
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
    _row_error(
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
        worker = _match(value, outcome, municipality=municipality)
        if outcome.errors:
            continue
        try:
            with transaction.atomic():
                if worker is None:
                    worker = actions.worker_create(
                        actor=actor, municipality=municipality, **worker_fields
                    )
                    made_by_row[worker.pk] = outcome.number
                    outcome.worker = WorkerMatch.NEW
                    summary.new_workers += 1
                elif worker.pk in made_by_row:
                    outcome.worker = WorkerMatch.EARLIER_ROW
                    outcome.earlier_row = made_by_row[worker.pk]
                else:
                    outcome.worker = WorkerMatch.EXISTING
                    outcome.differing = _differing(worker, worker_fields)
                    summary.existing_workers += 1
                outcome.worker_id = worker.pk
                if contract.get("association") is not None:
                    if _same_contract(worker, contract, outcome):
                        outcome.contract = "" if outcome.errors else ContractOutcome.EXISTING
                    else:
                        actions.employment_start(actor=actor, worker=worker, **contract)
                        outcome.contract = ContractOutcome.NEW
                        summary.new_contracts += 1
        except ValidationError as error:
            for name, messages in getattr(error, "message_dict", {None: error.messages}).items():
                for message in messages:
                    _row_error(outcome, message, name or "")
    return summary


def _convert_rows(rows: list[list[str]], user) -> Result:
    if not rows:
        return Result([], [], [_("The file is empty. Put the column names on the first row.")])
    mapping, file_errors = _header_map(rows[0])
    associations = _associations(user)
    values, outcomes = [], []
    for number, row in enumerate(rows[1:], start=2):
        value, errors = {}, []
        for index, column in mapping.items():
            text = row[index] if index < len(row) else ""
            try:
                value[column.name] = _convert(column, text, associations)
            except ValueError as error:
                errors.append(
                    _("Row %(row)s, column “%(column)s”: %(message)s")
                    % {"row": number, "column": column.header, "message": error}
                )
        for column in COLUMNS:
            if column.required and not value.get(column.name):
                errors.append(
                    _("Row %(row)s, column “%(column)s”: this value is required.")
                    % {"row": number, "column": column.header}
                )
        if value.get("association") is not None:
            for name in CONTRACT_REQUIRED:
                if value.get(name) is None:
                    header = next(c.header for c in COLUMNS if c.name == name)
                    errors.append(
                        _("Row %(row)s, column “%(column)s”: needed when an association is given.")
                        % {"row": number, "column": header}
                    )
        name = f"{value.get('first_name') or ''} {value.get('last_name') or ''}".strip()
        association = value.get("association")
        outcomes.append(RowOutcome(number, name, str(association or ""), errors))
        values.append(value)
    return Result(outcomes, values, file_errors)


def check(rows: list[list[str]], *, user, municipality=None) -> Result:
    """The dry run: every row's outcome; nothing is saved."""
    result = _convert_rows(rows, user)
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
    result = _convert_rows(rows, actor)
    if not result.ok:
        raise ValidationError(_("The file has errors: check it again before saving."))
    summary = _apply(result.values, result.rows, actor=actor, municipality=municipality)
    if not result.ok:
        raise ValidationError(_("The file has errors: check it again before saving."))
    return summary
