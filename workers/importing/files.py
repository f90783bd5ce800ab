"""Reading an uploaded CSV or XLSX file into rows of text, within limits."""

import csv
import datetime
import io
import time
import zipfile

from django.utils.translation import gettext as _

from ryhma.uploads import UnreadableCsv, csv_rows, decode_csv
from workers.importing.columns import COLUMNS, MAX_ROWS


class UnreadableFile(Exception):
    pass


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
