"""Synthetic workers, contracts, subsidy decisions, exits and parameter sets (ryhma/load.py).

Every contract is with an association of the worker's own municipality; contracts follow
each other without gaps or overlaps; a subsidy decision is made two weeks before its
contract starts and covers at most ten months of it. Some of the workers outside the big
crew (Scale.exit_share) leave during the last year: their last contract ends on the exit
date, and the +3 and +6 month follow-ups are recorded once they are due.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from ryhma.dates import add_months
from ryhma.load import LOAD_PASSWORD, LoadContext, bulk
from ryhma.models import Role
from workers.models import (
    Destination,
    Employment,
    Exit,
    ExitReason,
    FollowUp,
    FollowUpTimepoint,
    IndividualPlan,
    SubsidyDecision,
    SubsidyPayer,
    SubsidyType,
    Worker,
)
from workers.parameters import seed_default_parameter_set

FIRST_NAMES = (
    "Aino Eino Helmi Juho Kaisa Lauri Maija Niilo Oona Pekka Riikka Sami Tuula Urho Veera "
    "Aleksi Elina Heikki Jenni Kalle Liisa Matti Noora Olli Pirjo Reijo Sanna Timo Ulla Ville"
).split()
LAST_NAMES = (
    "Heikkinen Hyvönen Kemppainen Koivisto Korhonen Laitinen Lehtonen Mäkelä Nieminen "
    "Oikarinen Pelkonen Rantala Salo Tervo Turunen Vähäkangas Virtanen Ylitalo Kurtti Puurunen"
).split()
DESTINATIONS = [choice for choice, _label in Destination.choices]
CREW_SIZE = 30  # the first association of a municipality employs a crew this big (or all)
HOURS_PER_WEEK = Decimal("24.40")


@dataclass(frozen=True)
class Contract:
    """What the hours generator needs to know of one employment contract."""

    pk: int
    association_id: int
    starts_on: datetime.date
    last_day: datetime.date  # the last day with hours: the end, the exit or today
    worker_id: int = 0


def real_data() -> str | None:
    from ryhma.load import SYNTHETIC_PREFIX

    count = Worker.objects.exclude(municipality__slug__startswith=SYNTHETIC_PREFIX).count()
    return f"{count} workers that generate_load did not make" if count else None


def _contract_months(rng) -> int:
    return rng.choice((6, 8, 10, 12))


def generate(context: LoadContext) -> None:
    scale, rng, progress = context.scale, context.rng, context.progress
    today = timezone.localdate()
    span_start = datetime.date(scale.years[0], 1, 1)
    span_end = datetime.date(scale.years[-1], 12, 31)
    exit_window_start = datetime.date(scale.years[-1], 1, 1)
    municipalities = context.made["municipalities"]

    for municipality in municipalities:
        for year in scale.years:
            seed_default_parameter_set(municipality=municipality, year=year)

    # 1. Workers, each with a home association in their own municipality.
    total = scale.municipalities * scale.workers_per_municipality
    progress.start("workers", total)
    workers, homes = [], []
    for municipality in municipalities:
        associations = context.made["associations_by_municipality"][municipality.pk]
        crew = min(CREW_SIZE, max(1, scale.workers_per_municipality // 2))
        for number in range(scale.workers_per_municipality):
            if number < crew or len(associations) == 1:
                home = associations[0]
            else:
                home = associations[1 + (number - crew) % (len(associations) - 1)]
            workers.append(
                Worker(
                    municipality=municipality,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    birth_year=rng.randint(1960, 2003),
                    months_unemployed_last_28=rng.randint(20, 28),
                    months_unemployed_last_14=rng.randint(10, 14),
                    benefit_days=rng.randint(100, 1500),
                    reduced_work_ability=rng.random() < 0.15,
                )
            )
            homes.append((home, number < crew))
    workers = bulk(Worker, workers, progress=progress)
    progress.finish()

    # 2. Consecutive contracts from the start of the span until today or an exit.
    employments, leaving = [], {}
    for worker, (home, in_crew) in zip(workers, homes, strict=True):
        starts_on = span_start + datetime.timedelta(days=rng.randint(0, 45))
        exit_on = None
        if not in_crew and rng.random() < scale.exit_share:
            exit_on = exit_window_start + datetime.timedelta(days=rng.randint(30, 300))
            exit_on = min(exit_on, today - datetime.timedelta(days=1))
            if exit_on <= starts_on:
                exit_on = None
        while starts_on <= min(span_end, today):
            ends_on = add_months(starts_on, _contract_months(rng)) - datetime.timedelta(days=1)
            if exit_on and ends_on >= exit_on:
                ends_on = exit_on
            if span_end < today:
                ends_on = min(ends_on, span_end)
            ongoing = exit_on is None and ends_on >= today
            employments.append(
                Employment(
                    worker=worker,
                    association=home,
                    starts_on=starts_on,
                    ends_on=None if ongoing else ends_on,
                    hours_per_week=HOURS_PER_WEEK,
                    hourly_wage=Decimal(rng.choice(("12.00", "12.50", "13.00", "13.50"))),
                    collective_agreement="Kiinteistöpalvelualan työehtosopimus",
                    tasks="Kylän lähipalvelut",
                )
            )
            if ongoing or (exit_on and ends_on == exit_on):
                break
            starts_on = ends_on + datetime.timedelta(days=1)
        if exit_on:
            leaving[worker.pk] = exit_on
    progress.start("contracts", len(employments))
    employments = bulk(Employment, employments, progress=progress)
    progress.finish()

    progress.start("subsidy decisions", len(employments))
    decisions = []
    for employment in employments:
        last = employment.ends_on or add_months(employment.starts_on, 10)
        months = 10
        subsidy_end = add_months(employment.starts_on, months) - datetime.timedelta(days=1)
        decisions.append(
            SubsidyDecision(
                employment=employment,
                subsidy_type=SubsidyType.ASSOCIATION_100,
                rate_percent=Decimal("100.00"),
                months=months,
                starts_on=employment.starts_on,
                ends_on=min(subsidy_end, last),
                payer=SubsidyPayer.MUNICIPALITY,
                decision_number=f"PT-{employment.pk}",
                decided_on=employment.starts_on - datetime.timedelta(days=14),
            )
        )
    bulk(SubsidyDecision, decisions, progress=progress)

    # Every worker has an individual plan from the first contract, reviewed every 3 months.
    first_start: dict[int, datetime.date] = {}
    for employment in employments:
        first_start.setdefault(employment.worker_id, employment.starts_on)
    plans = []
    for worker_id, starts_on in first_start.items():
        review = add_months(starts_on, 3)
        while review < today:
            review = add_months(review, 3)
        plans.append(
            IndividualPlan(
                worker_id=worker_id,
                starts_on=starts_on,
                goals="Työkyvyn vahvistaminen ja polku avoimille työmarkkinoille.",
                next_review_on=review,
            )
        )
    bulk(IndividualPlan, plans)
    progress.finish()

    # 3. Exits and their follow-ups.
    last_contract = {}
    for employment in employments:
        last_contract[employment.worker_id] = employment
    exits = bulk(
        Exit,
        [
            Exit(
                worker_id=worker_pk,
                employment=last_contract[worker_pk],
                exited_on=exit_on,
                reason=rng.choice((ExitReason.CONTRACT_ENDED, ExitReason.FOUND_WORK)),
                destination=rng.choice(DESTINATIONS),
            )
            for worker_pk, exit_on in leaving.items()
        ],
    )
    follow_ups = []
    for exit_row in exits:
        for timepoint in FollowUpTimepoint:
            due_on = add_months(exit_row.exited_on, timepoint.value)
            recorded = due_on <= today
            follow_ups.append(
                FollowUp(
                    exit=exit_row,
                    timepoint=timepoint.value,
                    due_on=due_on,
                    recorded_on=due_on if recorded else None,
                    destination=rng.choice(DESTINATIONS) if recorded else "",
                )
            )
    bulk(FollowUp, follow_ups)

    _worker_logins(context, workers, homes)
    context.made["contracts"] = [
        Contract(
            pk=employment.pk,
            association_id=employment.association_id,
            starts_on=employment.starts_on,
            last_day=min(employment.ends_on or today, today),
            worker_id=employment.worker_id,
        )
        for employment in employments
    ]
    context.counts.update(
        workers=len(workers),
        employments=len(employments),
        subsidy_decisions=len(decisions),
        plans=len(plans),
        exits=len(exits),
        follow_ups=len(follow_ups),
    )


def _worker_logins(context: LoadContext, workers: list, homes: list) -> None:
    """A self-service login for the first crew worker of each municipality."""
    User = get_user_model()
    first_of: dict[int, Worker] = {}
    for worker, (_home, in_crew) in zip(workers, homes, strict=True):
        if in_crew:
            first_of.setdefault(worker.municipality_id, worker)
    slugs = {m.pk: m.slug for m in context.made["municipalities"]}
    password = make_password(LOAD_PASSWORD)
    users = bulk(
        User,
        [
            User(
                username=f"{slugs[municipality_pk]}-tyontekija",
                first_name=worker.first_name,
                last_name=worker.last_name,
                role=Role.WORKER,
                password=password,
            )
            for municipality_pk, worker in first_of.items()
        ],
    )
    for user, worker in zip(users, first_of.values(), strict=True):
        worker.user = user
    Worker.objects.bulk_update(list(first_of.values()), ["user"])
