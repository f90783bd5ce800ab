import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

TODAY = datetime.date(2026, 3, 16)


@pytest.fixture
def today():
    """A fixed 'today' (a Monday in spring 2026) for every date-relative rule."""
    with time_machine.travel(
        datetime.datetime(2026, 3, 16, 9, 0, tzinfo=ZoneInfo("Europe/Helsinki")), tick=False
    ):
        yield TODAY
