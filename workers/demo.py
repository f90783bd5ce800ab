"""Demo data for the workers app: parameter sets and about 40 workers at every stage.

One employed Livokas ry worker has the self-service login `tyontekija`.

Dates are relative to the day of seeding so that the demo always has people starting,
working, with a subsidy ending soon, and exited with follow-ups due or recorded.
A worker that already exists is left as it is, which keeps seeding idempotent.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from ryhma.dates import add_months
from workers.actions.consents import record_consent
from workers.actions.contracts import start_employment
from workers.actions.decisions import record_subsidy_decision
from workers.actions.exits import record_exit, record_followup
from workers.actions.group_activities import record_group_activity
from workers.actions.licences import record_licence
from workers.actions.logins import link_worker_login
from workers.actions.plans import record_plan_review, save_plan
from workers.actions.workers import create_worker
from workers.eligibility import subsidy_options
from workers.models import (
    ActivityKind,
    Destination,
    Employment,
    GroupActivity,
    LicenceKind,
    SubsidyPayer,
    SubsidyType,
    Worker,
)
from workers.parameters import parameters_for, seed_default_parameter_set
from workers.selectors import cents

DEMO_YEARS = (2024, 2025, 2026, 2027)

# association, how many workers
CREWS = [
    ("Livokas ry", 12),
    ("Jongun alueen kyläyhdistys ry", 11),
    ("Korpisen kyläseura ry", 7),
    ("Kipinän kyläyhdistys ry", 6),
    ("Sarakylän kyläyhdistys ry", 2),
]
FIRST_NAMES = [
    "Aino",
    "Eero",
    "Helmi",
    "Juha",
    "Kaija",
    "Lauri",
    "Marja",
    "Niilo",
    "Outi",
    "Pekka",
    "Riitta",
    "Sakari",
    "Tuula",
    "Ville",
    "Anneli",
    "Harri",
    "Irma",
    "Jorma",
    "Kirsi",
    "Markku",
]
LAST_NAMES = [
    "Alatalo",
    "Haapala",
    "Honkanen",
    "Jokela",
    "Kinnunen",
    "Kurttila",
    "Lehto",
    "Luokkala",
    "Määttä",
    "Niskanen",
    "Pelkonen",
    "Puhakka",
    "Riekki",
    "Rytilahti",
    "Salmela",
    "Tervo",
    "Timonen",
    "Turpeinen",
    "Vaara",
    "Ylitalo",
]
TASKS = [
    "Piha- ja lumityöt, polttopuut",
    "Kylätalon siivous ja kunnossapito",
    "Asiointiapu ja kotiapu ikäihmisille",
    "Mökkien talonmiespalvelu",
]
PREFERENCE = [
    SubsidyType.AGE_55_PLUS_70,
    SubsidyType.REDUCED_WORK_ABILITY_70,
    SubsidyType.ASSOCIATION_100,
    SubsidyType.DISADVANTAGED_50,
]
STAGES = ["active", "active", "ending", "starting", "exited", "active", "exited", "active"]


def _names():
    for index in range(len(FIRST_NAMES) * len(LAST_NAMES)):
        yield (
            FIRST_NAMES[index % len(FIRST_NAMES)],
            LAST_NAMES[(index * 7 + index // 20) % len(LAST_NAMES)],
        )


def _contract_dates(stage: str, today: datetime.date, number: int):
    if stage == "starting":
        starts = today + datetime.timedelta(days=7 + number % 14)
        return starts, add_months(starts, 10) - datetime.timedelta(days=1)
    if stage == "ending":
        ends = today + datetime.timedelta(days=5 + (number * 3) % 24)
        return add_months(ends, -10) + datetime.timedelta(days=1), ends
    if stage == "exited":
        starts = add_months(today, -14 - number % 4)
        return starts, add_months(starts, 10) - datetime.timedelta(days=1)
    starts = add_months(today, -(2 + number % 6))
    return starts, add_months(starts, 10) - datetime.timedelta(days=1)


def _seed_worker(*, actor, municipality, association, first, last, number, stage, today):
    birth_year = today.year - (57 if number % 5 == 0 else 28 + (number * 3) % 25)
    worker = create_worker(
        actor=actor,
        municipality=municipality,
        first_name=first,
        last_name=last,
        phone=f"040 {1000000 + number * 7919:07d}"[:11],
        birth_year=birth_year,
        months_unemployed_last_28=24 + number % 5,
        months_unemployed_last_14=12 + number % 3,
        benefit_days=300 + (number * 97) % 900,
        reduced_work_ability=number % 7 == 3,
        languages="suomi",
    )
    record_consent(
        actor=actor,
        worker=worker,
        purpose="data_processing",
        given_on=today - datetime.timedelta(days=400),
    )
    if association is None:
        return worker
    starts_on, ends_on = _contract_dates(stage, today, number)
    params = parameters_for(municipality, starts_on.year)
    employment = start_employment(
        actor=actor,
        worker=worker,
        association=association,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_per_week=Decimal("25.0")
        if number % 5 == 0
        else cents(params.value("default_hours_per_week")),
        hourly_wage=cents(
            params.value("default_hourly_wage") + Decimal(number % 3) * Decimal("0.50")
        ),
        collective_agreement="Kiinteistöpalvelualan TES",
        agreement_class="Vaativuusryhmä 1",
        tasks=TASKS[number % len(TASKS)],
    ).instance
    options = subsidy_options(
        worker=worker,
        params=params,
        year=starts_on.year,
        association=association,
        hours_per_week=employment.hours_per_week,
    )
    option = min((o for o in options if o.applies), key=lambda o: PREFERENCE.index(o.subsidy_type))
    record_subsidy_decision(
        actor=actor,
        employment=employment,
        subsidy_type=option.subsidy_type,
        rate_percent=cents(option.rate_percent),
        monthly_cap=cents(option.monthly_cap),
        months=10,
        starts_on=starts_on,
        ends_on=ends_on,
        payer=SubsidyPayer.MUNICIPALITY,
        decision_number=f"PT-{starts_on.year}-{100 + number:03d}",
        decided_on=starts_on - datetime.timedelta(days=10 + number % 10),
    )
    if stage != "starting":
        plan = save_plan(
            actor=actor,
            worker=worker,
            starts_on=starts_on + datetime.timedelta(days=14),
            goals="Työrytmiin pääseminen, tieturvakortti ja polku avoimille työmarkkinoille.",
            pathway="open_market" if number % 2 else "work_ability",
            support_needed="Kuljetus työmaalle, työnjohtajan tuki alussa.",
            review_interval_months=3,
        )
        review_on = add_months(plan.starts_on, 3)
        while number % 4 and review_on < min(today - datetime.timedelta(days=10), ends_on):
            record_plan_review(
                actor=actor,
                plan=plan,
                reviewed_on=review_on,
                progress="Työt sujuvat, tavoitteet pysyvät ennallaan.",
            )
            review_on = add_months(review_on, 3)
        record_licence(
            actor=actor,
            worker=worker,
            kind=[
                LicenceKind.ROAD_WORK_SAFETY,
                LicenceKind.HYGIENE_PASSPORT,
                LicenceKind.FIRST_AID,
            ][number % 3],
            obtained_on=starts_on + datetime.timedelta(days=30),
            expires_on=(today + datetime.timedelta(days=20))
            if number % 6 == 1
            else add_months(starts_on, 60),
        )
    if stage == "exited":
        exit_ = record_exit(
            actor=actor,
            worker=worker,
            exited_on=ends_on,
            reason="contract_ended" if number % 3 else "found_work",
            destination=Destination.OPEN_PART_TIME if number % 3 == 0 else Destination.UNEMPLOYED,
        )
        for follow_up in exit_.follow_ups.all():
            if follow_up.due_on < today - datetime.timedelta(days=7) and number % 2:
                record_followup(
                    actor=actor,
                    follow_up=follow_up,
                    recorded_on=follow_up.due_on + datetime.timedelta(days=3),
                    destination=[
                        Destination.OPEN_PART_TIME,
                        Destination.EDUCATION,
                        Destination.UNEMPLOYED,
                    ][number % 3],
                )
    return worker


def _seed_activities(*, actor, municipality, associations, today):
    if GroupActivity.objects.filter(municipality=municipality).exists():
        return
    active = Worker.objects.filter(
        municipality=municipality, exit__isnull=True, employments__starts_on__lte=today
    ).distinct()
    for offset, kind, title, association in (
        (40, ActivityKind.TRAINING_DAY, "Tieturva 1 -koulutus", None),
        (21, ActivityKind.PEER_SUPPORT, "Vertaistukiryhmä, Livo", associations["Livokas ry"]),
        (
            7,
            ActivityKind.PEER_SUPPORT,
            "Kahvit ja kuulumiset, Jongunjoki",
            associations["Jongun alueen kyläyhdistys ry"],
        ),
    ):
        held_on = today - datetime.timedelta(days=offset)
        attendees = [
            w
            for w in active.filter(employments__starts_on__lte=held_on)
            if association is None or w.employments.filter(association=association).exists()
        ]
        record_group_activity(
            actor=actor,
            municipality=municipality,
            workers=attendees[:8],
            kind=kind,
            title=title,
            held_on=held_on,
            duration_hours=Decimal("3.0"),
            association=association,
        )


def _seed_worker_login(*, actor, municipality, association) -> None:
    """`tyontekija`: the self-service login of one employed Livokas ry worker."""
    from ryhma.models import Role
    from villages.demo import _user

    if Worker.objects.filter(user__username="tyontekija").exists():
        return
    today = timezone.localdate()
    worker = (
        Worker.objects.filter(municipality=municipality, exit__isnull=True)
        .filter(employments__association=association, employments__starts_on__lte=today)
        .order_by("pk")
        .first()
    )
    if worker is None:
        return
    _user(
        "tyontekija",
        first=worker.first_name,
        last=worker.last_name,
        role=Role.WORKER,
        municipality=municipality,
    )
    link_worker_login(actor=actor, worker=worker, username="tyontekija")


def seed(context: dict) -> None:
    municipality = context["municipality"]
    for year in DEMO_YEARS:
        seed_default_parameter_set(municipality=municipality, year=year)
    actor = context["users"]["koordinaattori"]
    associations = context["associations"]
    today = timezone.localdate()
    names = _names()
    number = 0
    crews = [*CREWS, (None, 2)]
    for association_name, count in crews:
        association = associations[association_name] if association_name else None
        for _ in range(count):
            first, last = next(names)
            number += 1
            if Worker.objects.filter(
                municipality=municipality, first_name=first, last_name=last
            ).exists():
                continue
            _seed_worker(
                actor=actor,
                municipality=municipality,
                association=association,
                first=first,
                last=last,
                number=number,
                stage=STAGES[number % len(STAGES)],
                today=today,
            )
    _seed_activities(actor=actor, municipality=municipality, associations=associations, today=today)
    _seed_worker_login(
        actor=actor, municipality=municipality, association=associations["Livokas ry"]
    )
    workers = list(Worker.objects.filter(municipality=municipality))
    context["workers"] = workers
    context["employments"] = list(
        Employment.objects.filter(worker__in=workers).select_related("worker", "association")
    )
