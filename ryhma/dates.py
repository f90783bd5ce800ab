"""Calendar arithmetic every app uses: months and Finnish public holidays.

Month arithmetic is python-dateutil's `relativedelta`; the holidays come from the
maintained `holidays` package, whose Finnish calendar includes Midsummer Eve
(Juhannusaatto) and Christmas Eve (Jouluaatto), the eves that are days off in practice.
"""

import calendar
import datetime
from functools import cache, lru_cache

import holidays as holiday_calendars
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import translation

# Our interface languages and the `holidays` package's names for Finland's languages.
HOLIDAY_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


# Cached: dashboards step thousands of contracts month by month over the same few dates.
@lru_cache(maxsize=4096)
def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    return day + relativedelta(months=months)


@lru_cache(maxsize=1024)
def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of the month."""
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, 1), datetime.date(year, month, last_day)


@cache
def _holidays(year: int, language: str) -> dict[datetime.date, str]:
    return dict(holiday_calendars.country_holidays("FI", years=year, language=language))


def holidays(year: int) -> dict[datetime.date, str]:
    """{date: name in the active language} of the year's public holidays in Finland."""
    code = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return _holidays(year, HOLIDAY_LANGUAGES.get(code, HOLIDAY_LANGUAGES["fi"]))


def holiday_name(day: datetime.date) -> str | None:
    return holidays(day.year).get(day)


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and day not in holidays(day.year)
