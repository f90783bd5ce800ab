"""Synthetic municipalities, programmes, villages, associations and users (ryhma/load.py)."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from ryhma.load import LOAD_PASSWORD, SYNTHETIC_PREFIX, LoadContext, LoadRefused, bulk
from ryhma.models import Role
from villages.actions import add_default_phases
from villages.demo import demo_business_id
from villages.models import (
    Association,
    Membership,
    Municipality,
    PayrollArrangement,
    Programme,
    Village,
)


def synthetic_slug(index: int) -> str:
    return f"{SYNTHETIC_PREFIX}{index + 1:03d}"


def real_data() -> str | None:
    real = Municipality.objects.exclude(slug__startswith=SYNTHETIC_PREFIX)
    count = real.count()
    if count:
        names = ", ".join(real.values_list("name", flat=True)[:3])
        return f"{count} municipalities that generate_load did not make ({names})"
    return None


def user_names(municipality_slug: str) -> dict[str, str]:
    """The usernames generate_load gives a municipality's users, by role."""
    return {
        "coordinator": f"{municipality_slug}-koordinaattori",
        "official": f"{municipality_slug}-virkailija",
        "staff": f"{municipality_slug}-kyla",  # + "-<association number>"
    }


def generate(context: LoadContext) -> None:
    scale, rng, progress = context.scale, context.rng, context.progress
    if Municipality.objects.filter(slug__startswith=SYNTHETIC_PREFIX).exists():
        raise LoadRefused(
            "The database already holds synthetic data from an earlier run: "
            "generate into a fresh database."
        )
    first_year = scale.years[0]
    last_year = scale.years[-1]
    progress.start("municipalities", scale.municipalities)
    municipalities = bulk(
        Municipality,
        [
            Municipality(
                name=f"Synteettinen kunta {index + 1:03d}",
                slug=synthetic_slug(index),
                employment_area=f"Synteettinen työllisyysalue {index // 10 + 1}",
                population=rng.randint(3000, 60000),
            )
            for index in range(scale.municipalities)
        ],
        progress=progress,
    )
    progress.finish()

    progress.start("villages", scale.municipalities * scale.villages_per_municipality)
    villages = bulk(
        Village,
        [
            Village(
                municipality=municipality,
                name=f"Kylä {number + 1:02d}",
                population=rng.randint(80, 600),
                share_aged_65_plus=Decimal(rng.randint(250, 450)) / 10,
                distance_to_centre_km=Decimal(rng.randint(50, 700)) / 10,
            )
            for municipality in municipalities
            for number in range(scale.villages_per_municipality)
        ],
        progress=progress,
    )
    progress.finish()

    progress.start("associations", len(villages))
    associations = bulk(
        Association,
        [
            Association(
                village=village,
                name=f"{village.name} kyläyhdistys ry",
                business_id=demo_business_id(1000 + index),
                contact_person=f"Yhteyshenkilö {index + 1}",
                payroll_arrangement=PayrollArrangement.SERVICE,
                accident_insurance=True,
                occupational_health_contract=True,
                work_supervisor=f"Työnjohtaja {index + 1}",
                tools_and_premises=True,
                bookkeeping=True,
                yearly_sales=Decimal(rng.randint(4000, 40000)),
            )
            for index, village in enumerate(villages)
        ],
        progress=progress,
    )
    progress.finish()
    by_municipality: dict[int, list[Association]] = {m.pk: [] for m in municipalities}
    for association in associations:
        by_municipality[association.village.municipality_id].append(association)

    users = _users(context, municipalities, by_municipality)
    # With their phases, as a programme made on its form has them: the board's first view
    # would otherwise write them (a GET writes nothing but the audit trail and session).
    programmes = Programme.objects.bulk_create(
        Programme(
            municipality=municipality,
            name=f"{municipality.name}: kylien ryhmätyöllistäminen",
            slug=municipality.slug,
            starts_on=date(first_year, 1, 1),
            ends_on=date(last_year, 12, 31),
            coordinator=users[municipality.pk]["coordinator"],
        )
        for municipality in municipalities
    )
    add_default_phases(programmes=programmes)
    context.made.update(
        municipalities=municipalities,
        associations_by_municipality=by_municipality,
        users=users,
    )
    context.counts.update(
        municipalities=len(municipalities), villages=len(villages), associations=len(associations)
    )


def _users(context, municipalities, by_municipality) -> dict[int, dict]:
    """A coordinator and an official per municipality, and staff for its first associations."""
    User = get_user_model()
    password = make_password(LOAD_PASSWORD)
    specs = []
    for municipality in municipalities:
        names = user_names(municipality.slug)
        specs.append((municipality, "coordinator", names["coordinator"], Role.COORDINATOR, None))
        specs.append((municipality, "official", names["official"], Role.OFFICIAL, None))
        staffed = by_municipality[municipality.pk][: context.scale.staff_per_municipality]
        for number, association in enumerate(staffed, start=1):
            specs.append(
                (
                    municipality,
                    "staff",
                    f"{names['staff']}-{number}",
                    Role.VILLAGE_STAFF,
                    association,
                )
            )
    context.progress.start("users", len(specs))
    made = bulk(
        User,
        [
            User(
                username=username,
                first_name="Kuorma",
                last_name=kind,
                email=f"{username}@example.invalid",
                role=role,
                password=password,
            )
            for _municipality, kind, username, role, _association in specs
        ],
        progress=context.progress,
    )
    context.progress.finish()
    memberships = bulk(
        Membership,
        [
            Membership(user=user, municipality=spec[0])
            for user, spec in zip(made, specs, strict=True)
        ],
    )
    Through = Membership.associations.through
    Through.objects.bulk_create(
        Through(membership=membership, association=spec[4])
        for membership, spec in zip(memberships, specs, strict=True)
        if spec[4] is not None
    )
    users: dict[int, dict] = {m.pk: {"staff": []} for m in municipalities}
    for user, (municipality, kind, _username, _role, association) in zip(made, specs, strict=True):
        if kind == "staff":
            users[municipality.pk]["staff"].append((user, association))
        else:
            users[municipality.pk][kind] = user
    return users
