"""Synthetic evaluation data (ryhma/load.py): the demo's SROI proxies and this year's
metrics for every programme, the default instruments of every municipality and,
for each worker, the start assessment at their first contract and one every three months
after it up to today (at most the 12-month one), each with its answers and score.

Scores drift upwards a little over time, as the demo's do, so that score changes show.
Answers go in with PostgreSQL COPY.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from evaluation import kept_figures
from evaluation.demo import METRICS, PROXIES, seed_instruments
from evaluation.models import Answer, Assessment, AssessmentStatus, Metric, Respondent, SroiProxy
from evaluation.models.instruments import TIMEPOINT_MONTHS
from ryhma.dates import add_months
from ryhma.load import LoadContext, bulk, insert_rows
from villages.models import Programme
from workers.load import Contract
from workers.models import SourceStatus

TIMEPOINTS = [(timepoint, months) for timepoint, months in TIMEPOINT_MONTHS.items() if months <= 12]


def generate(context: LoadContext) -> None:
    progress, today = context.progress, timezone.localdate()
    rng = random.Random(context.rng.random())
    municipalities = context.made["municipalities"]
    progress.start("instruments", len(municipalities))
    instruments = {}
    for municipality in municipalities:
        own = seed_instruments(municipality)
        instruments[municipality.pk] = [
            (instrument, list(instrument.items.order_by("order")))
            for instrument in own.values()
            if instrument.respondent == Respondent.WORKER
        ]
        progress.advance()
    progress.finish()

    _metrics_and_proxies(municipalities, instruments, today)

    municipality_of = {
        association.pk: municipality_pk
        for municipality_pk, associations in context.made["associations_by_municipality"].items()
        for association in associations
    }
    first_contract: dict[int, Contract] = {}
    for contract in sorted(context.made["contracts"], key=lambda c: c.starts_on):
        first_contract.setdefault(contract.worker_id, contract)
    assessments, answers = [], []
    for worker_id, contract in first_contract.items():
        for instrument, items in instruments[municipality_of[contract.association_id]]:
            span = instrument.scale_max - instrument.scale_min
            base = [instrument.scale_min + span * 2 // 5 + rng.randint(0, 2) for _ in items]
            for step, (timepoint, months) in enumerate(TIMEPOINTS):
                day = add_months(
                    contract.starts_on.replace(day=min(contract.starts_on.day, 28)), months
                )
                if day > min(contract.last_day, today):
                    break
                values = [min(instrument.scale_max, v + step // 2) for v in base]
                assessments.append(
                    Assessment(
                        worker_id=worker_id,
                        instrument=instrument,
                        timepoint=timepoint,
                        assessed_on=day,
                        status=AssessmentStatus.DONE,
                        score=instrument.score(values, items),
                    )
                )
                answers.append(
                    [(item.pk, value) for item, value in zip(items, values, strict=True)]
                )
    progress.start("assessments", len(assessments))
    made = bulk(Assessment, assessments, progress=progress)
    progress.finish()
    progress.start("answers", sum(len(a) for a in answers))
    count = insert_rows(
        Answer,
        ["assessment_id", "item_id", "value"],
        (
            (assessment.pk, item_id, value)
            for assessment, pairs in zip(made, answers, strict=True)
            for item_id, value in pairs
        ),
        progress=progress,
    )
    progress.finish()
    context.counts.update(assessments=len(made), answers=count)
    # Contracts, hours and decisions were inserted in bulk: keep every municipality's figures.
    progress.start("kept figures", len(municipalities))
    rows = 0
    for municipality in municipalities:
        rows += kept_figures.refresh_municipality(municipality)
        progress.advance()
    progress.finish()
    context.counts.update(kept_worker_months=rows)


def _metrics_and_proxies(municipalities, instruments, today: datetime.date) -> None:
    """The demo's SROI proxies and metrics (this year's targets) for every programme."""
    bulk(
        SroiProxy,
        [
            SroiProxy(
                municipality=municipality,
                name=name,
                name_sv=name_sv,
                name_en=name_en,
                quantity_source=source,
                value_per_unit=Decimal(value),
                duration_years=years,
                source=note,
                status=SourceStatus.GUESS,
            )  # fmt: skip
            for municipality in municipalities
            for (name, name_sv, name_en), source, value, years, note in PROXIES
        ],
    )
    by_code = {
        pk: {instrument.code: instrument for instrument, _items in own}
        for pk, own in instruments.items()
    }
    bulk(
        Metric,
        [
            Metric(
                programme=programme,
                key=key,
                target=Decimal(target),
                period_start=datetime.date(today.year, 1, 1),
                period_end=datetime.date(today.year, 12, 31),
                instrument=by_code[programme.municipality_id].get(code) if code else None,
            )  # fmt: skip
            for programme in Programme.objects.filter(municipality__in=municipalities)
            for key, target, code in METRICS
            if not code or code in by_code[programme.municipality_id]
        ],
    )
