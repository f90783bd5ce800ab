"""Changes in the workers' assessment scores: each worker's start assessment paired with
their latest later one, and the mean change per instrument."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from evaluation.economy import ZERO
from evaluation.models import Assessment, Instrument, Respondent, Timepoint
from workers.money import money


@dataclass
class ScoreChange:
    instrument: Instrument
    pairs: int
    mean_start: Decimal | None
    mean_latest: Decimal | None
    mean_change: Decimal | None


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return money(sum(values, ZERO) / len(values))


def latest_pairs(assessments) -> dict[tuple[int, int], tuple[Assessment, Assessment]]:
    """{(worker, instrument): (start, latest later assessment)} for the paired workers."""
    start: dict[tuple[int, int], Assessment] = {}
    latest: dict[tuple[int, int], Assessment] = {}
    for assessment in assessments:
        key = (assessment.worker_id, assessment.instrument_id)
        if assessment.timepoint == Timepoint.START:
            start[key] = assessment
        elif key not in latest or assessment.assessed_on >= latest[key].assessed_on:
            latest[key] = assessment
    return {key: (start[key], latest[key]) for key in start.keys() & latest.keys()}


@dataclass(frozen=True)
class ScorePairs:
    """The municipality's worker instruments, and for each worker and instrument with both
    a start and a later assessment: (worker, instrument, start score, latest later score)."""

    instruments: list[Instrument]
    pairs: list[tuple[int, int, Decimal, Decimal]]


def score_pairs(municipality) -> ScorePairs:
    """Two queries; the latest later assessment is found by the database (the latest date,
    the last recorded of one day), not by reading every assessment of the city."""
    # By name: the model's order within one municipality, without joining it to sort by
    # its name.
    instruments = list(
        Instrument.objects.filter(municipality=municipality, respondent=Respondent.WORKER).order_by(
            "name"
        )
    )
    later = (
        Assessment.objects.done()
        .filter(worker_id=OuterRef("worker_id"), instrument_id=OuterRef("instrument_id"))
        .exclude(timepoint=Timepoint.START)
        .order_by("-assessed_on", "-pk")
    )
    rows = (
        Assessment.objects.done()
        .filter(instrument__in=instruments, timepoint=Timepoint.START)
        .annotate(latest=Subquery(later.values("score")[:1]))
        .order_by()
        .values_list("worker_id", "instrument_id", "score", "latest")
    )
    return ScorePairs(instruments, [row for row in rows if row[3] is not None])


def score_changes(municipality, worker_ids=None, *, pairs: ScorePairs | None = None):
    """Mean change per instrument over workers with both a start and a later assessment
    (of `worker_ids` only, when given). `pairs`: the municipality's `score_pairs`, when the
    caller already has them."""
    if pairs is None:
        pairs = score_pairs(municipality)
    wanted = None if worker_ids is None else set(worker_ids)
    by_instrument: dict[int, list[tuple[Decimal, Decimal]]] = defaultdict(list)
    for worker_id, instrument_id, start, latest in pairs.pairs:
        if wanted is None or worker_id in wanted:
            by_instrument[instrument_id].append((start, latest))
    changes = []
    for instrument in pairs.instruments:
        own = by_instrument[instrument.pk]
        changes.append(
            ScoreChange(
                instrument,
                len(own),
                _mean([start for start, _l in own]),
                _mean([latest for _s, latest in own]),
                _mean([latest - start for start, latest in own]),
            )
        )
    return changes
