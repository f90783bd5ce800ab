"""Report periods: a month, a quarter, a year or a custom range of days.

`parse_period("2026")`, `parse_period("2026-03")`, `parse_period("2026-Q1")` and
`parse_period("2026-01-01:2026-06-30")` are what the command line accepts.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from evaluation.models import PeriodKind
from ryhma.dates import add_months, month_bounds


class BadPeriod(ValueError):
    """The text does not name a period; the message says what is accepted."""


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return str(self.start.year)
        if self.kind == PeriodKind.QUARTER:
            return _("Q%(quarter)s/%(year)s") % {
                "quarter": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        if self.kind == PeriodKind.MONTH:
            return date_format(self.start, "F Y")
        return f"{date_format(self.start, 'SHORT_DATE_FORMAT')}–" + date_format(
            self.end, "SHORT_DATE_FORMAT"
        )

    def months(self) -> list[datetime.date]:
        """The first day of every month the period touches."""
        first = self.start.replace(day=1)
        result = []
        while first <= self.end:
            result.append(first)
            first = add_months(first, 1)
        return result


def month_period(year: int, month: int) -> Period:
    return Period(PeriodKind.MONTH, *month_bounds(year, month))


def quarter_period(year: int, quarter: int) -> Period:
    first_month = (quarter - 1) * 3 + 1
    start = datetime.date(year, first_month, 1)
    end = month_period(year, first_month + 2).end
    return Period(PeriodKind.QUARTER, start, end)


def year_period(year: int) -> Period:
    return Period(PeriodKind.YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def custom_period(start: datetime.date, end: datetime.date) -> Period:
    """Whole months from the month of `start` to the month of `end`: the economic model
    counts by month, so a report never splits one."""
    return Period(PeriodKind.CUSTOM, start.replace(day=1), month_period(end.year, end.month).end)


def previous_period(frequency: str, today: datetime.date) -> Period:
    """The last whole month or quarter before `today` (what a schedule reports on)."""
    if frequency == "monthly":
        last_month_end = today.replace(day=1) - datetime.timedelta(days=1)
        return month_period(last_month_end.year, last_month_end.month)
    quarter = (today.month - 1) // 3 + 1
    if quarter == 1:
        return quarter_period(today.year - 1, 4)
    return quarter_period(today.year, quarter - 1)


PERIOD_HELP = "2026, 2026-03, 2026-Q1 or 2026-01-01:2026-06-30"


def parse_period(text: str) -> Period:
    text = (text or "").strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return year_period(int(text))
        if match := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
            return quarter_period(int(match[1]), int(match[2]))
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            return month_period(int(match[1]), int(match[2]))
        if match := re.fullmatch(r"(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})", text):
            start = datetime.date.fromisoformat(match[1])
            end = datetime.date.fromisoformat(match[2])
            if end < start:
                raise BadPeriod(_("The period ends before it starts."))
            return custom_period(start, end)
    except ValueError as error:
        if isinstance(error, BadPeriod):
            raise
        raise BadPeriod(
            _("“%(text)s” is not a valid period. Use %(help)s.")
            % {"text": text, "help": PERIOD_HELP}
        ) from error
    raise BadPeriod(
        _("“%(text)s” is not a valid period. Use %(help)s.") % {"text": text, "help": PERIOD_HELP}
    )
