"""The assessments due now: who should be assessed with which instrument, and when."""

import datetime
import operator
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce

from django.db.models import Count, Max, Min, Q
from django.utils.functional import Promise

from evaluation.models import Assessment, AssessmentStatus, Instrument, Respondent, Timepoint
from evaluation.models.instruments import TIMEPOINT_MONTHS
from ryhma.dates import add_months
from workers.models import Worker


@dataclass
class DueAssessment:
    """One assessment due: the worker by id and name (a page lists hundreds of them)."""

    worker_id: int
    first_name: str
    last_name: str
    instrument: Instrument
    timepoint: str
    due_on: datetime.date

    @property
    def worker_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def worker(self) -> Worker:
        """The worker as a model instance with its id and name (not read again)."""
        return Worker(pk=self.worker_id, first_name=self.first_name, last_name=self.last_name)

    @property
    def timepoint_label(self) -> str | Promise:
        return Timepoint(self.timepoint).label


def _current_timepoint(
    first_start: datetime.date, last_end: datetime.date | None, horizon: datetime.date
) -> tuple[str, datetime.date] | None:
    """The latest timepoint due by `horizon`: exit once the last contract has ended by
    then, else the last of start and every 3 months on or before it, if any."""
    if last_end is not None and last_end <= horizon:
        return Timepoint.EXIT, last_end
    for timepoint, months in reversed(TIMEPOINT_MONTHS.items()):
        day = add_months(first_start, months)
        # A timepoint on or after the last contract's end gives way to the exit.
        if day <= horizon and (last_end is None or day < last_end):
            return timepoint, day
    return None


def due_assessments(user, today: datetime.date, *, window_days: int = 14) -> list[DueAssessment]:
    """The assessment each visible worker should do now (at most one per instrument).

    Start at the first contract's start, then every 3 months, and exit when the last
    contract ends; due from 14 days before, until recorded. Three queries: the visible
    workers with their contracts' first start and last end, the assessments done at each
    worker's current timepoint only, and the instruments.
    """
    horizon = today + datetime.timedelta(days=window_days)
    forgotten = today - datetime.timedelta(days=60)
    # Per worker in name order: the first contract's start and the last one's end (None
    # while one is open). Plain values: a city's coordinator sees hundreds of workers.
    workers = (
        Worker.objects.for_user(user)
        .annotate(
            first_start=Min("employments__starts_on"),
            last_end=Max("employments__ends_on"),
            open_contracts=Count("employments", filter=Q(employments__ends_on__isnull=True)),
        )
        .filter(first_start__lte=horizon)
        .order_by("last_name", "first_name", "pk")
        .values_list(
            "pk",
            "municipality_id",
            "first_name",
            "last_name",
            "first_start",
            "last_end",
            "open_contracts",
        )
    )
    current = []
    for *worker, first_start, last_end, open_contracts in workers:
        last_end = None if open_contracts else last_end
        if last_end is not None and last_end < forgotten:
            continue
        due_now = _current_timepoint(first_start, last_end, horizon)
        if due_now is not None:
            current.append((worker, *due_now))
    if not current:
        return []
    by_timepoint = defaultdict(list)
    for (worker_id, *_names), timepoint, _day in current:
        by_timepoint[timepoint].append(worker_id)
    recorded = set(
        Assessment.objects.filter(
            reduce(
                operator.or_,
                # The ids as one array each (`any_of`): a city's 300 as `IN (%s, ...)`
                # cost about 0.4 ms of Python.
                (Q(timepoint=tp, worker_id__any_of=ids) for tp, ids in by_timepoint.items()),
            ),
            status=AssessmentStatus.DONE,
        )
        .order_by()
        .values_list("worker_id", "instrument_id", "timepoint")
    )
    instruments = defaultdict(list)
    for instrument in (
        Instrument.objects.active()
        .filter(
            respondent=Respondent.WORKER,
            municipality__in={worker[1] for worker, _tp, _day in current},
        )
        .only("municipality_id", "name", "translations", "version")
    ):
        instruments[instrument.municipality_id].append((instrument.pk, instrument))
    due = []
    for (worker_id, municipality_id, first_name, last_name), timepoint, day in current:
        for instrument_id, instrument in instruments[municipality_id]:
            if (worker_id, instrument_id, timepoint) not in recorded:
                due.append(
                    DueAssessment(worker_id, first_name, last_name, instrument, timepoint, day)
                )
    return due
