"""The columns of an import file and the conversion of its cells to values."""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from villages.models import Association
from workers.actions.workers import WORKER_FIELDS
from workers.importing.outcomes import Result, RowOutcome

MAX_ROWS = 2000


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    kind: str = "text"
    required: bool = False
    help: str | Promise = ""


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
WORKER_COLUMNS = set(WORKER_FIELDS)
CONTRACT_COLUMNS = {c.name for c in COLUMNS} - WORKER_COLUMNS - {"worker_number"}
HEADERS = {c.name: c.header for c in COLUMNS}
CONTRACT_REQUIRED = ("starts_on", "hours_per_week", "hourly_wage")
TRUE_WORDS = {"kyllä", "k", "x", "1", "true", "yes", "ja"}
FALSE_WORDS = {"ei", "e", "0", "false", "no", "nej", ""}


def _header_map(header: list[str]) -> tuple[dict[int, Column], list[str]]:
    by_name: dict[str, Column] = {}
    column: Column | None
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


def convert_rows(rows: list[list[str]], user) -> Result:
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
