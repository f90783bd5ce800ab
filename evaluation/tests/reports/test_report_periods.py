import datetime

import pytest

from evaluation.reports.periods import BadPeriod, parse_period, previous_period


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("2026", (2026, 1, 1), (2026, 12, 31), "year"),
        ("2026-02", (2026, 2, 1), (2026, 2, 28), "month"),
        ("2026-Q4", (2026, 10, 1), (2026, 12, 31), "quarter"),
        ("2026-03-15:2026-04-14", (2026, 3, 1), (2026, 4, 30), "custom"),
        ("2025-11-01:2026-02-28", (2025, 11, 1), (2026, 2, 28), "custom"),
    ],
)
def test_periods_parse_from_the_command_line(text, start, end, kind):
    period = parse_period(text)
    assert (period.start, period.end, period.kind) == (
        datetime.date(*start),
        datetime.date(*end),
        kind,
    )


@pytest.mark.parametrize("text", ["", "26", "2026-13", "2026-Q5", "2026-05-01:2026-04-01"])
def test_bad_periods_are_refused_with_a_message(text):
    with pytest.raises(BadPeriod):
        parse_period(text)


def test_schedules_report_the_last_whole_month_or_quarter():
    assert previous_period("monthly", datetime.date(2026, 1, 3)).start == datetime.date(2025, 12, 1)
    quarter = previous_period("quarterly", datetime.date(2026, 8, 20))
    assert (quarter.start, quarter.end) == (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
