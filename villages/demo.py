"""Demo data for Pudasjärvi (domain brief §8): the programme, villages, associations, users."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from ryhma.models import Role
from villages.models import (
    Association,
    Membership,
    Municipality,
    PayrollArrangement,
    Programme,
    Village,
)
from villages.validators import business_id_check_digit

DEMO_PASSWORD = "ryhmademo"

# name, population, share aged 65+ (%), distance to Kurenalus (km), association
VILLAGES = [
    ("Aittojärvi", 160, "38.0", "32.0", "Aittojärven kyläyhdistys ry"),
    ("Siurua", 220, "36.5", "40.0", "Siuruan kyläyhdistys ry"),
    ("Kipinä", 250, "34.0", "24.0", "Kipinän kyläyhdistys ry"),
    ("Sarakylä", 300, "35.0", "35.0", "Sarakylän kyläyhdistys ry"),
    ("Hetekylä", 180, "40.0", "30.0", "Hetekylän kyläyhdistys ry"),
    ("Panuma", 200, "37.0", "28.0", "Panuman kyläyhdistys ry"),
    ("Yli-Livo", 150, "42.0", "55.0", "Yli-Livon kyläyhdistys ry"),
    ("Jongunjoki", 170, "39.0", "60.0", "Jongun alueen kyläyhdistys ry"),
    ("Livo", 240, "36.0", "45.0", "Livokas ry"),
    ("Korpinen", 130, "41.0", "38.0", "Korpisen kyläseura ry"),
]

# Associations that have everything in order to employ; the rest are still preparing.
READY = {
    "Livokas ry",
    "Jongun alueen kyläyhdistys ry",
    "Korpisen kyläseura ry",
    "Kipinän kyläyhdistys ry",
}


def demo_business_id(index: int) -> str:
    """A business ID with a valid check digit, unique per index (fictitious numbers)."""
    number = 3100000 + index * 37
    while business_id_check_digit(f"{number:07d}") is None:
        number += 1
    return f"{number:07d}-{business_id_check_digit(f'{number:07d}')}"


def _user(username, *, first, last, role, municipality, associations=()):
    User = get_user_model()
    user, _created = User.objects.update_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "role": role,
            "email": f"{username}@example.invalid",
            "is_active": True,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    membership, _ = Membership.objects.update_or_create(
        user=user, defaults={"municipality": municipality}
    )
    membership.associations.set(associations)
    return user


def seed(context: dict) -> None:
    municipality, _ = Municipality.objects.update_or_create(
        slug="pudasjarvi",
        defaults={
            "name": "Pudasjärvi",
            "employment_area": "Oulun seudun työllisyysalue",
            "population": 7593,
        },
    )
    associations = {}
    for index, (name, population, share65, distance, association_name) in enumerate(VILLAGES):
        village, _ = Village.objects.update_or_create(
            municipality=municipality,
            name=name,
            defaults={
                "population": population,
                "share_aged_65_plus": Decimal(share65),
                "distance_to_centre_km": Decimal(distance),
            },
        )
        ready = association_name in READY
        association, _ = Association.objects.update_or_create(
            village=village,
            name=association_name,
            defaults={
                "business_id": demo_business_id(index),
                "contact_person": f"Yhteyshenkilö, {name}",
                "payroll_arrangement": PayrollArrangement.SERVICE if ready else "",
                "accident_insurance": ready,
                "occupational_health_contract": ready,
                "work_supervisor": "Työnjohtaja " + name if ready else "",
                "tools_and_premises": ready,
                "bookkeeping": ready,
                "has_business_activity": False,
                "yearly_sales": Decimal("18000.00") if ready else Decimal("4000.00"),
            },
        )
        associations[association_name] = association

    coordinator = _user(
        "koordinaattori",
        first="Kaisa",
        last="Koordinaattori",
        role=Role.COORDINATOR,
        municipality=municipality,
    )
    staff = _user(
        "kyla",
        first="Kalle",
        last="Kylänen",
        role=Role.VILLAGE_STAFF,
        municipality=municipality,
        associations=[associations["Livokas ry"]],
    )
    staff2 = _user(
        "kyla2",
        first="Jonna",
        last="Jokela",
        role=Role.VILLAGE_STAFF,
        municipality=municipality,
        associations=[associations["Jongun alueen kyläyhdistys ry"]],
    )
    official = _user(
        "virkailija",
        first="Ville",
        last="Virkailija",
        role=Role.OFFICIAL,
        municipality=municipality,
    )
    programme, _ = Programme.objects.update_or_create(
        slug="pudasjarvi",
        defaults={
            "municipality": municipality,
            "name": "Pudasjärven kylien ryhmätyöllistäminen",
            "starts_on": date(2025, 1, 1),
            "ends_on": date(2027, 12, 31),
            "description": (
                "Kyläyhdistykset työllistävät pitkäaikaistyöttömiä palkkatuella tuottamaan "
                "lähipalveluja kyliin Laavu-mallin mukaisesti."
            ),
            "coordinator": coordinator,
        },
    )
    context.update(
        municipality=municipality,
        programme=programme,
        associations=associations,
        users={
            "koordinaattori": coordinator,
            "kyla": staff,
            "kyla2": staff2,
            "virkailija": official,
        },
    )
