"""Importing workers and their contracts from CSV or XLSX: check first, then all or nothing.

Each data row is one new worker and, when the association column is filled, their
contract. `check` converts every cell and then runs the very actions the forms use
inside a transaction that is rolled back, so the dry run finds exactly the errors the
save would; `save` repeats that for real and commits only when no row has an error.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from villages.models import Association
from workers import actions

MAX_ROWS = 2000


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    kind: str = "text"
    required: bool = False
    help: str = ""


COLUMNS = [
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
WORKER_COLUMNS = {c.name for c in COLUMNS[:10]}
CONTRACT_REQUIRED = ("starts_on", "hours_per_week", "hourly_wage")
TRUE_WORDS = {"kyllä", "k", "x", "1", "true", "yes", "ja"}
FALSE_WORDS = {"ei", "e", "0", "false", "no", "nej", ""}


class UnreadableFile(Exception):
    pass


@dataclass
class RowOutcome:
    number: int
    name: str
    association: str = ""
    errors: list[str] = field(default_factory=list)


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
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise UnreadableFile(
                _("The Excel file could not be read. Save it again as XLSX and retry.")
            ) from error
        sheet = workbook.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252")
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    rows = [row for row in rows if any(row)]
    if len(rows) > MAX_ROWS + 1:
        raise UnreadableFile(
            _("The file has more than %(max)s rows. Split it into smaller files.")
            % {"max": MAX_ROWS}
        )
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


def _apply(values: list[dict], rows: list[RowOutcome], *, actor, municipality) -> int:
    """Run the actions for every converted row; errors go to the row's outcome."""
    headers = {c.name: c.header for c in COLUMNS}
    created = 0
    for value, outcome in zip(values, rows, strict=True):
        if outcome.errors:
            continue
        worker_fields = {k: v for k, v in value.items() if k in WORKER_COLUMNS and v is not None}
        contract = {k: v for k, v in value.items() if k not in WORKER_COLUMNS and v is not None}
        for name in ("collective_agreement", "agreement_class", "tasks"):
            if contract.get(name) == "":
                contract.pop(name)
        try:
            with transaction.atomic():
                worker = actions.worker_create(
                    actor=actor, municipality=municipality, **worker_fields
                )
                if contract.get("association") is not None:
                    actions.employment_start(actor=actor, worker=worker, **contract)
            created += 1
        except ValidationError as error:
            for name, messages in getattr(error, "message_dict", {None: error.messages}).items():
                title = headers.get(name, "")
                for message in messages:
                    outcome.errors.append(
                        _("Row %(row)s, column “%(column)s”: %(message)s")
                        % {"row": outcome.number, "column": title, "message": message}
                        if title
                        else _("Row %(row)s: %(message)s")
                        % {"row": outcome.number, "message": message}
                    )
    return created


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
def save(rows: list[list[str]], *, actor, municipality) -> int:
    """Save every row or none: returns how many workers were created."""
    result = _convert_rows(rows, actor)
    if not result.ok:
        raise ValidationError(_("The file has errors: check it again before saving."))
    created = _apply(result.values, result.rows, actor=actor, municipality=municipality)
    if not result.ok:
        raise ValidationError(_("The file has errors: check it again before saving."))
    return created
