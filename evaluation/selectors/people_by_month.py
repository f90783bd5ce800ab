"""Who worked in which month, and what an official may see of a programme's year
(`evaluation.suppression`)."""

import datetime
from collections import defaultdict

from evaluation import figures, suppression
from evaluation.selectors.programme_economy import WorkerRow
from ryhma.dates import add_months

MIN_GROUP = suppression.MIN_GROUP  # officials never see a smaller group (domain brief §7)


def month_people(municipality, first: datetime.date, last: datetime.date) -> dict:
    """The workers employed on at least one day of each month of [first, last], keyed by
    (year, month), as sets of worker ids. One query."""
    rows = (
        figures.employments(municipality, first, last)
        .order_by()
        .values_list("worker_id", "starts_on", "ends_on")
    )
    first_index, last_index = figures.month_index(first), figures.month_index(last)
    # The workers by their run of months within [first, last], then each month's workers
    # from the runs that cover it: a set update per run and month, not one per contract.
    runs: dict[tuple[int, int], list[int]] = defaultdict(list)
    for worker_id, starts_on, ends_on in rows:
        start = max(figures.month_index(starts_on), first_index)
        stop = last_index if ends_on is None else min(figures.month_index(ends_on), last_index)
        runs[(start, stop)].append(worker_id)
    result: dict[tuple[int, int], set[int]] = defaultdict(set)
    for (start, stop), worker_ids in runs.items():
        for index in range(start, stop + 1):
            year, month = divmod(index, 12)
            result[(year, month + 1)].update(worker_ids)
    return result


def year_pattern(programme, year: int, workers: list[WorkerRow]) -> suppression.YearPattern:
    """What an official may see of the programme's `year` (`evaluation.suppression`).

    `workers`: the year's worker rows of the whole programme (`economy(...).workers`),
    which the village table groups by village."""
    villages: dict[str, set[int]] = defaultdict(set)
    for row in workers:
        villages[row.village].add(row.worker.pk)
    first = datetime.date(year, 1, 1)
    earlier_first = add_months(first, -suppression.CASH_LAG_MONTHS)
    people = month_people(programme.municipality, earlier_first, datetime.date(year, 12, 31))
    months = {month: people.get((year, month), set()) for month in range(1, 13)}
    earlier = {key: value for key, value in people.items() if key[0] < year}
    return suppression.year_pattern(year, dict(sorted(villages.items())), months, earlier)
