"""Phase 1 CSV import of unemployed job seekers: parse and check every row first (dry run);
saving is all-or-nothing (villages.actions.import_unemployment_figures)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ryhma.uploads import UnreadableCsv, csv_rows
from villages.models import Programme, Village

# Accepted header names (lower case) for each column.
COLUMNS = {
    "village": ("kylä", "kyla", "village", "by"),
    "area": ("alue", "area", "område"),
    "year": ("vuosi", "year", "år"),
    "job_seekers": ("työnhakijat", "tyonhakijat", "työttömät työnhakijat", "job seekers"),
    "long_term_unemployed": (
        "pitkäaikaistyöttömät",
        "pitkaaikaistyottomat",
        "long-term unemployed",
        "långtidsarbetslösa",
    ),
}
REQUIRED = ("year", "job_seekers")
MAX_ROWS = 2000


@dataclass
class ParsedRow:
    line: int
    village: Village | None
    area: str
    year: int
    job_seekers: int
    long_term_unemployed: int | None


def _column_names(header: list[str]) -> tuple[dict[str, int], list[str]]:
    index, unknown = {}, []
    for position, name in enumerate(header):
        key = name.strip().lower()
        for column, aliases in COLUMNS.items():
            if key in aliases:
                index[column] = position
                break
        else:
            if key:
                unknown.append(name.strip())
    return index, unknown


def _number(text: str, *, line: int, column: str, errors: list, minimum: int = 0):
    text = text.strip().replace("\xa0", "").replace(" ", "")
    if not text:
        return None
    if not text.isdecimal() or int(text) < minimum:
        errors.append(
            _("Row %(line)s, column “%(column)s”: “%(value)s” is not a whole number.")
            % {"line": line, "column": column, "value": text}
        )
        return None
    return int(text)


@dataclass
class ParseResult:
    rows: list[ParsedRow]
    errors: list[str]
    notices: list[str]


def parse_unemployment_csv(text: str, programme: Programme) -> ParseResult:
    """Every row checked; errors name the row and the column in the user's language."""
    try:
        return _parse(text, programme)
    except UnreadableCsv as error:
        return ParseResult([], [str(error)], [])


def _parse(text: str, programme: Programme) -> ParseResult:
    errors: list[str] = []
    notices: list[str] = []
    sample = text[:2048]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = iter(csv_rows(text, delimiter=delimiter))
    try:
        header = next(reader)
    except StopIteration:
        return ParseResult([], [_("The file is empty. Put the column names on the first row.")], [])
    index, unknown = _column_names(header)
    missing = [c for c in REQUIRED if c not in index]
    if "village" not in index and "area" not in index:
        missing.append("village")
    if missing:
        expected = "; ".join(COLUMNS[c][0] for c in COLUMNS)
        message = _(
            "The first row must name the columns. Missing: %(missing)s. "
            "Expected columns: %(expected)s."
        ) % {"missing": ", ".join(COLUMNS[c][0] for c in missing), "expected": expected}
        return ParseResult([], [message], [])
    if unknown:
        notices.append(_("Unknown columns ignored: %(names)s.") % {"names": ", ".join(unknown)})
    villages = {
        v.name.lower(): v for v in Village.objects.filter(municipality=programme.municipality)
    }
    seen: dict[tuple[int | str, int], int]
    rows, seen = [], {}
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if line > MAX_ROWS + 1:
            errors.append(_("The file has too many rows: at most %(max)s.") % {"max": MAX_ROWS})
            break

        def value(column, record=record):
            position = index.get(column)
            return (
                record[position].strip() if position is not None and position < len(record) else ""
            )

        row_errors: list[str] = []
        village_name, area = value("village"), value("area")
        village = None
        if village_name:
            village = villages.get(village_name.lower())
            if village is None:
                row_errors.append(
                    _(
                        "Row %(line)s, column “%(column)s”: no village called “%(value)s” in "
                        "%(municipality)s. Add the village first or fix the name."
                    )
                    % {
                        "line": line,
                        "column": header[index["village"]].strip(),
                        "value": village_name,
                        "municipality": programme.municipality.name,
                    }
                )
        elif not area:
            column = header[index["village" if "village" in index else "area"]].strip()
            row_errors.append(
                _("Row %(line)s, column “%(column)s” is empty: write the village or area.")
                % {"line": line, "column": column}
            )
        year_column = header[index["year"]].strip()
        year = _number(value("year"), line=line, column=year_column, errors=row_errors)
        if year is None and not any(year_column in e for e in row_errors):
            row_errors.append(
                _("Row %(line)s, column “%(column)s”: the year is missing.")
                % {"line": line, "column": year_column}
            )
        elif year is not None and not 2000 <= year <= 2100:
            row_errors.append(
                _(
                    "Row %(line)s, column “%(column)s”: %(value)s is not a year "
                    "between 2000 and 2100."
                )
                % {"line": line, "column": year_column, "value": year}
            )
        seekers_column = header[index["job_seekers"]].strip()
        seekers = _number(value("job_seekers"), line=line, column=seekers_column, errors=row_errors)
        if seekers is None and not any(seekers_column in e for e in row_errors):
            row_errors.append(
                _("Row %(line)s, column “%(column)s”: the number is missing.")
                % {"line": line, "column": seekers_column}
            )
        long_term = None
        if "long_term_unemployed" in index:
            long_term_column = header[index["long_term_unemployed"]].strip()
            long_term = _number(
                value("long_term_unemployed"),
                line=line,
                column=long_term_column,
                errors=row_errors,
            )
            if long_term is not None and seekers is not None and long_term > seekers:
                row_errors.append(
                    _(
                        "Row %(line)s, column “%(column)s”: %(value)s is more than all "
                        "job seekers (%(total)s)."
                    )
                    % {
                        "line": line,
                        "column": long_term_column,
                        "value": long_term,
                        "total": seekers,
                    }
                )
        key = (village.pk if village else area.lower(), year)
        if not row_errors and key in seen:
            row_errors.append(
                _("Row %(line)s repeats row %(other)s (same village or area and year).")
                % {"line": line, "other": seen[key]}
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        seen[key] = line
        rows.append(
            ParsedRow(
                line=line,
                village=village,
                area="" if village else area,
                year=year,
                job_seekers=seekers,
                long_term_unemployed=long_term,
            )
        )
    if not rows and not errors:
        errors.append(_("The file has no data rows."))
    return ParseResult(rows, errors, notices)
