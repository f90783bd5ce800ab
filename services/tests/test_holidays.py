import datetime

import pytest
from dateutil.easter import easter as easter_sunday

from ryhma.dates import holiday_name, holidays, is_working_day


@pytest.mark.parametrize(
    "year, easter",
    [(2024, (3, 31)), (2025, (4, 20)), (2026, (4, 5)), (2027, (3, 28)), (2038, (4, 25))],
)
def test_easter_sunday_matches_the_calendar(year, easter):
    assert easter_sunday(year) == datetime.date(year, *easter)


def test_easter_based_and_saturday_holidays_of_2026():
    days = holidays(2026)
    assert datetime.date(2026, 4, 3) in days  # Good Friday
    assert datetime.date(2026, 4, 6) in days  # Easter Monday
    assert datetime.date(2026, 5, 14) in days  # Ascension Day
    assert datetime.date(2026, 6, 19) in days  # Midsummer Eve
    assert datetime.date(2026, 6, 20) in days  # Midsummer Day
    assert datetime.date(2026, 10, 31) in days  # All Saints' Day
    assert len(days) == 15


def test_holiday_names_are_finnish():
    assert holiday_name(datetime.date(2026, 12, 6)) == "Itsenäisyyspäivä"
    assert holiday_name(datetime.date(2026, 12, 7)) is None


def test_working_days_skip_weekends_and_holidays():
    assert is_working_day(datetime.date(2026, 12, 7))
    assert not is_working_day(datetime.date(2026, 12, 24))
    assert not is_working_day(datetime.date(2026, 12, 5))
