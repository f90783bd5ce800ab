import datetime

import pytest
from django.utils import translation

from ryhma.dates import add_months, holiday_name, holidays, is_working_day, month_bounds


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 3, 1), -11, datetime.date(2025, 4, 1)),
        (datetime.date(2026, 12, 15), 1, datetime.date(2027, 1, 15)),
        (datetime.date(2026, 5, 31), -3, datetime.date(2026, 2, 28)),
    ],
)
def test_add_months_crosses_years_leap_februaries_and_goes_back(day, months, expected):
    assert add_months(day, months) == expected


def test_month_bounds_are_the_first_and_the_last_day():
    assert month_bounds(2028, 2) == (datetime.date(2028, 2, 1), datetime.date(2028, 2, 29))
    assert month_bounds(2026, 12) == (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))


def test_midsummer_eve_and_christmas_eve_are_days_off_named_in_finnish_and_swedish():
    midsummer_eve, christmas_eve = datetime.date(2026, 6, 19), datetime.date(2026, 12, 24)
    assert not is_working_day(midsummer_eve) and not is_working_day(christmas_eve)
    with translation.override("fi"):
        assert holiday_name(midsummer_eve) == "Juhannusaatto"
        assert holiday_name(christmas_eve) == "Jouluaatto"
        assert holiday_name(datetime.date(2026, 12, 26)) == "Tapaninpäivä"
    with translation.override("sv"):
        assert holiday_name(midsummer_eve) == "Midsommarafton"
        assert holiday_name(christmas_eve) == "Julafton"
        assert holiday_name(datetime.date(2026, 12, 6)) == "Självständighetsdagen"
    with translation.override("en"):
        assert holiday_name(christmas_eve) == "Christmas Eve"


def test_the_years_holidays_are_the_same_days_in_every_language():
    with translation.override("sv"):
        swedish = set(holidays(2027))
    with translation.override("fi"):
        finnish = set(holidays(2027))
    assert swedish == finnish and len(finnish) == 15
