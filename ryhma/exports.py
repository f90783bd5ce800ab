"""Files people open in Excel: CSV the Finnish way, with formulas neutralised.

Every export (CSV and XLSX) passes each cell through `safe_cell`, so that a name typed as
`=HYPERLINK(...)` or `+358...` is shown as text instead of running as a formula when the
file is opened (CSV/formula injection). `finnish_csv` writes what a Finnish Excel opens
with a double click: UTF-8 with a byte-order mark, semicolons, decimal commas.

    response = csv_response("tunnit-2026-03.csv", header, rows)
"""

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse

# A spreadsheet treats a cell starting with one of these as a formula (or DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value):
    """`value` made harmless for a spreadsheet; numbers and dates stay what they are.

    Text that a spreadsheet would read as a formula gets a leading apostrophe, which Excel and
    LibreOffice show as text. Leading spaces do not hide a formula: they are looked through.
    """
    if value is None or isinstance(value, bool | int | float | Decimal | date | datetime):
        return value
    text = str(value)
    # A value's own leading apostrophe would be read as that text marker and vanish:
    # it gets one in front too.
    if text.lstrip(" ").startswith(FORMULA_STARTS) or text.startswith("'"):
        return "'" + text
    return text


def finnish_number(value) -> str:
    """A number as Finnish Excel reads it: decimal comma, no thousands separator."""
    return str(value).replace(".", ",")


def _csv_cell(value) -> str:
    value = safe_cell(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "kyllä" if value else "ei"
    if isinstance(value, Decimal | float):
        return finnish_number(value)
    # Dates as on the pages and in the PDFs (28.11.2026, 3.2.2026), which Excel reads too.
    if isinstance(value, datetime):
        return f"{value.day}.{value.month}.{value.year} {value:%H:%M}"
    if isinstance(value, date):
        return f"{value.day}.{value.month}.{value.year}"
    return str(value)


def finnish_csv(rows: Iterable[Iterable]) -> str:
    """The rows as CSV text for Finnish Excel (semicolon, decimal comma, BOM, CRLF)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue()


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A download of `header` and `rows` as a Finnish Excel CSV file."""
    response = HttpResponse(
        finnish_csv([list(header), *rows]).encode("utf-8"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def safe_row(values: Iterable) -> list:
    """`safe_cell` on each value: for openpyxl rows (`sheet.append(safe_row(row))`)."""
    return [safe_cell(value) for value in values]
