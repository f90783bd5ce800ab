"""Demo data for Pudasjärvi (domain brief §8): the programme, villages, associations, users."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from ryhma.models import Role
from villages.actions import ensure_programme_phases
from villages.models import (
    Association,
    AssociationPhase,
    Competence,
    DevelopmentAction,
    Feedback,
    FundingSource,
    ImplementationStatus,
    MappingAnswer,
    Membership,
    Municipality,
    Partner,
    PayrollArrangement,
    PhaseStatus,
    ProcessRole,
    ProcessStep,
    Programme,
    RaciAssignment,
    ServiceNeed,
    ServiceOffering,
    UnemploymentFigure,
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
    seed_phases(programme, municipality, associations, coordinator)
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


# Phase data (domain brief §2, §8). Figures are plausible for Pudasjärvi, not official.
JOB_SEEKERS = {  # village: (2024, 2025) unemployed job seekers
    "Aittojärvi": (14, 12),
    "Siurua": (18, 17),
    "Kipinä": (21, 19),
    "Sarakylä": (25, 22),
    "Hetekylä": (15, 14),
    "Panuma": (16, 15),
    "Yli-Livo": (11, 10),
    "Jongunjoki": (13, 12),
    "Livo": (20, 18),
    "Korpinen": (10, 9),
}
# Households per 100 inhabitants wanting each service in the 2025 survey.
NEED_RATES = {
    "snow": 14,
    "yard": 10,
    "firewood": 8,
    "errands": 6,
    "cleaning": 5,
    "holiday_home": 4,
    "village_hall": 2,
}
FUNDING_2025 = [
    ("pay_subsidy", "TE-palvelut / kunta, palkkatuki", "310000.00"),
    ("top_up", "Pudasjärven kaupunki, kuntalisä", "86400.00"),
    ("project", "Leader Oulujärvi, kylien kehittäminen", "45000.00"),
    ("own_revenue", "Palvelumyynti, arvio", "52000.00"),
    ("bridging_loan", "Kaupungin välirahoituslaina", "30000.00"),
]
# The occupational health contract is still being tendered: phase 5 shows the gap.
PARTNERS = [
    (
        "payroll",
        "Tilipalvelu Kurenalus Oy",
        "Päivi Palkka",
        "Palkanlaskenta ja ilmoitukset tulorekisteriin",
    ),
    (
        "employment",
        "Oulun seudun työllisyysalue",
        "Tiina Työvalmentaja",
        "Palkkatukipäätökset ja asiakasohjaus",
    ),
    ("instructor", "Pudasjärven työpaja", "Ilkka Ohjaaja", "Työtoiminnan ohjaus ja perehdytys"),
    ("village", "Puhoksen kyläyhdistys", "", "Naapurikylän yhteistyö, lainakalusto"),
    ("club", "Pudasjärven Urheilijat ry", "", "Talkoot ja tapahtumat"),
    ("company", "Kurenalan Rauta", "", "Työkalut ja suojavarusteet alennuksella"),
    ("volunteer", "Kylien vapaaehtoiset", "", "Vertaistuki ja asiointiapu"),
]
ROLES = ["Koordinaattori", "Työnjohtaja", "Työntekijä", "Palkanlaskenta", "Asiakas"]
STEPS = [
    ("Tilauksen vastaanotto", "Puhelin, kylätalo, verkkolomake", "C R I - A"),
    ("Työn suunnittelu ja jako", "Työvuorot ja työparit", "I A R - I"),
    ("Työn tekeminen", "Palvelun tuottaminen asiakkaalle", "- A R - C"),
    ("Tuntien kirjaus ja hyväksyntä", "Viikoittain", "I A R C -"),
    ("Laskutus ja palkanmaksu", "Kuukausittain", "A C I R I"),
    ("Palaute ja kehittäminen", "Asiakas- ja työntekijäpalaute", "A R C - C"),
]


def seed_phases(programme, municipality, associations, coordinator) -> None:
    """Phases, checklists and the phase data of the demo programme (idempotent)."""
    programme.target_participants = 60
    programme.target_employed = 40
    programme.target_villages = 10
    programme.group_activity_plan = (
        "Viikoittainen ryhmätapaaminen kylätalolla, kuukausittainen koulutuspäivä "
        "(työturvallisuus, ensiapu, hygieniapassi) ja vertaistukiryhmä."
    )
    programme.save()
    ensure_programme_phases(programme=programme)
    phase_states = {
        1: (PhaseStatus.DONE, date(2025, 2, 28)),
        2: (PhaseStatus.DONE, date(2025, 3, 31)),
        3: (PhaseStatus.IN_PROGRESS, date(2025, 5, 31)),
        4: (PhaseStatus.IN_PROGRESS, date(2025, 6, 30)),
        5: (PhaseStatus.IN_PROGRESS, date(2025, 8, 31)),
        6: (PhaseStatus.IN_PROGRESS, date(2025, 9, 30)),
        8: (PhaseStatus.REVISIT, date(2026, 1, 31)),
    }
    for phase in programme.phases.all():
        status, due = phase_states.get(phase.number, (PhaseStatus.NOT_STARTED, None))
        phase.status, phase.due_on, phase.owner = status, due, coordinator
        phase.save()
        if status == PhaseStatus.DONE:
            phase.checklist.update(done=True)
    programme.phases.get(number=3).checklist.filter(position=0).update(done=True)

    by_village = {a.village.name: a for a in associations.values()}
    for name, (seekers_2024, seekers_2025) in JOB_SEEKERS.items():
        village = by_village[name].village
        for year, seekers in ((2024, seekers_2024), (2025, seekers_2025)):
            UnemploymentFigure.objects.update_or_create(
                programme=programme,
                village=village,
                year=year,
                defaults={"job_seekers": seekers, "long_term_unemployed": seekers * 6 // 10},
            )
        for kind, rate in NEED_RATES.items():
            ServiceNeed.objects.update_or_create(
                programme=programme,
                village=village,
                service_kind=kind,
                year=2025,
                defaults={"households": max(1, village.population * rate // 100 // 2)},
            )
    for year in (2025, 2026):
        for kind, name, amount in FUNDING_2025:
            FundingSource.objects.update_or_create(
                programme=programme,
                year=year,
                kind=kind,
                name=name,
                defaults={"amount": Decimal(amount)},
            )

    for index, association in enumerate(associations.values()):
        ready = association.name in READY
        association.capacity = "Hallitus 6 henkeä, kylätalo ja peräkärry" if ready else ""
        association.volunteer_count = 12 if ready else 4
        if ready:
            association.operating_environment = (
                f"{association.village.name}: ikääntyvä kylä, pitkät etäisyydet, "
                "paljon vapaa-ajan asuntoja."
            )
            association.goals = "Lähipalvelut kylän ikäihmisille ja työtä kylän työttömille."
            association.target_groups = "Yli 65-vuotiaat kotitaloudet, mökkiläiset, kylätalo."
            association.jobs_available = 4 + index % 3
            association.go_live_on = date(2025, 10, 1)
            association.implementation_status = (
                ImplementationStatus.LIVE if index % 2 else ImplementationStatus.PILOT
            )
        association.save()
        if not ready:
            continue
        for respondent, topic, kind, importance, notes in [
            ("customer", "need", "snow", 5, "Pihatien aurausta tarvitaan aamuisin."),
            ("customer", "wish", "errands", 4, "Kauppa- ja apteekkiasiointia kerran viikossa."),
            ("worker", "goal", "", 4, "Säännöllinen työ ja tieturvakortti."),
            ("worker", "wish", "firewood", 3, "Ulkotyötä mieluummin kuin siivousta."),
        ]:
            MappingAnswer.objects.update_or_create(
                association=association,
                respondent=respondent,
                topic=topic,
                notes=notes,
                defaults={"service_kind": kind, "importance": importance},
            )
        for kind in ("snow", "yard", "firewood", "errands"):
            ServiceOffering.objects.update_or_create(
                association=association,
                service_kind=kind,
                defaults={
                    "by_phone": True,
                    "at_village_hall": True,
                    "on_notice_board": kind == "firewood",
                },
            )
        AssociationPhase.objects.update_or_create(
            association=association,
            number=8,
            defaults={"status": PhaseStatus.IN_PROGRESS, "note": "Pilotti käynnissä"},
        )

    for kind, name, contact, partner_role in PARTNERS:
        Partner.objects.update_or_create(
            programme=programme,
            name=name,
            defaults={
                "kind": kind,
                "contact_person": contact,
                "role": partner_role,
                "agreement_starts_on": date(2025, 1, 1),
                "agreement_ends_on": date(2027, 12, 31),
            },
        )
    for name, needed, available in [
        ("Työnjohto", 10, 4),
        ("Tieturvakortti", 10, 6),
        ("Hygieniapassi", 4, 4),
        ("Moottorisahan käyttö", 6, 3),
    ]:
        Competence.objects.update_or_create(
            programme=programme, name=name, defaults={"needed": needed, "available": available}
        )
    roles = []
    for position, name in enumerate(ROLES):
        role, _ = ProcessRole.objects.update_or_create(
            programme=programme, name=name, defaults={"position": position}
        )
        roles.append(role)
    for position, (name, tasks, letters) in enumerate(STEPS, start=1):
        step, _ = ProcessStep.objects.update_or_create(
            programme=programme, name=name, defaults={"position": position, "tasks": tasks}
        )
        for role, letter in zip(roles, letters.split(), strict=True):
            if letter != "-":
                RaciAssignment.objects.update_or_create(
                    step=step, role=role, defaults={"letter": letter}
                )
    feedback, _ = Feedback.objects.update_or_create(
        programme=programme,
        text="Asiakkaat toivovat tilausmahdollisuutta myös tekstiviestillä.",
        defaults={"source": "customer", "received_on": date(2025, 11, 3), "phase": 5},
    )
    Feedback.objects.update_or_create(
        programme=programme,
        text="Työntekijät toivovat lisää yhteisiä koulutuspäiviä.",
        defaults={"source": "worker", "received_on": date(2025, 10, 20), "phase": 10},
    )
    for source, received_on, phase, text in [
        (
            "association",
            date(2025, 11, 12),
            8,
            "Palkanlaskennan aineisto kannattaisi lähettää kerran kuussa, ei viikoittain.",
        ),
        (
            "partner",
            date(2025, 11, 20),
            5,
            "Työterveyshuolto toivoo tiedon uusista työntekijöistä ennen työn alkua.",
        ),
        (
            "city",
            date(2025, 12, 1),
            9,
            "Vaikuttavuusraporttiin toivotaan kyläkohtaiset palvelutunnit.",
        ),
    ]:
        Feedback.objects.update_or_create(
            programme=programme,
            text=text,
            defaults={"source": source, "received_on": received_on, "phase": phase},
        )
    DevelopmentAction.objects.update_or_create(
        programme=programme,
        title="Kokeillaan tekstiviestitilausta kahdessa kylässä",
        defaults={
            "phase": 5,
            "feedback": feedback,
            "owner": coordinator,
            "due_on": date(2026, 3, 31),
            "status": "in_progress",
        },
    )
    DevelopmentAction.objects.update_or_create(
        programme=programme,
        title="Koulutuskalenteri keväälle",
        defaults={"phase": 10, "owner": coordinator, "due_on": date(2026, 1, 31), "status": "open"},
    )
