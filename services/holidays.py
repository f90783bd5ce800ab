"""Finnish public holidays (and the eves that are days off in practice), computed.

Fixed dates plus the Easter-based ones (Gregorian Easter by the anonymous algorithm)
and the Saturday-based Midsummer and All Saints' Day. Labels are translatable.
"""

import datetime
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DAY = datetime.timedelta(days=1)


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter Sunday (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def _saturday_between(year: int, month: int, first_day: int) -> datetime.date:
    start = datetime.date(year, month, first_day)
    return start + DAY * ((5 - start.weekday()) % 7)


@cache
def holidays(year: int) -> dict[datetime.date, str | Promise]:
    """{date: label} of the year's public holidays in Finland."""
    easter = easter_sunday(year)
    midsummer_day = _saturday_between(year, 6, 20)
    return {
        datetime.date(year, 1, 1): _("New Year's Day"),
        datetime.date(year, 1, 6): _("Epiphany"),
        easter - 2 * DAY: _("Good Friday"),
        easter: _("Easter Sunday"),
        easter + DAY: _("Easter Monday"),
        datetime.date(year, 5, 1): _("May Day"),
        easter + 39 * DAY: _("Ascension Day"),
        easter + 49 * DAY: _("Whitsunday"),
        midsummer_day - DAY: _("Midsummer Eve"),
        midsummer_day: _("Midsummer Day"),
        _saturday_between(year, 10, 31): _("All Saints' Day"),
        datetime.date(year, 12, 6): _("Independence Day"),
        datetime.date(year, 12, 24): _("Christmas Eve"),
        datetime.date(year, 12, 25): _("Christmas Day"),
        datetime.date(year, 12, 26): _("Boxing Day"),
    }


def holiday_name(day: datetime.date) -> str | None:
    label = holidays(day.year).get(day)
    return str(label) if label is not None else None


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and day not in holidays(day.year)
