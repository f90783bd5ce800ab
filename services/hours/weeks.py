"""Calendar helpers for weeks and months, shared by the grid, the actions and the exports."""

import datetime

from ryhma.dates import add_months

DAY = datetime.timedelta(days=1)
# The years a page can show: a date in a URL outside them is "not found", not a 500 when
# the page computes the week or month before or after (year 1 or 9999 overflows).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def supported_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def monday_of(day: datetime.date) -> datetime.date:
    return day - DAY * day.weekday()


def week_days(week_start: datetime.date) -> list[datetime.date]:
    return [week_start + DAY * offset for offset in range(7)]


def parse_week(text: str | None, *, default: datetime.date) -> datetime.date:
    """'2026-W48' -> the Monday of that ISO week; anything unreadable -> `default`'s week."""
    if text:
        try:
            year, week = text.upper().split("-W")
            return datetime.date.fromisocalendar(int(year), int(week), 1)
        except ValueError:
            pass
    return monday_of(default)


def week_code(week_start: datetime.date) -> str:
    year, week, _day = week_start.isocalendar()
    return f"{year}-W{week:02d}"


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """First days of the months that [first, last] touches."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months
