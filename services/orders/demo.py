"""Demo service orders: a realistic year for the demo associations (domain brief §8).

Snow clearing and firewood in winter, yard work and holiday-home caretaking in summer,
errands all year, the village hall cleaned monthly (a recurring order) and the
association's own village-hall work. Past months are done (most with feedback) and
invoiced; the coming weeks are scheduled. Idempotent: an association that already has
orders is left as it is.
"""

import datetime
import random
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from ryhma.dates import add_months
from services.models import (
    Customer,
    CustomerKind,
    InvoicingProfile,
    OrderSource,
    OrderStatus,
    Recurrence,
    Service,
    ServiceKind,
    ServiceOrder,
    Unit,
)
from services.orders import actions
from villages.models import Village
from workers.models import Employment

DEMO_ASSOCIATIONS = (
    "Livokas ry",
    "Jongun alueen kyläyhdistys ry",
    "Korpisen kyläseura ry",
    "Kipinän kyläyhdistys ry",
)

# kind, unit, price, travel, household tax credit, own work. The demo services carry no
# name of their own: they show the shared type's name in the reader's language.
CATALOGUE = [
    (ServiceKind.SNOW, Unit.HOUR, "18.00", "5.00", True, False),
    (ServiceKind.YARD, Unit.HOUR, "17.00", "5.00", True, False),
    (ServiceKind.FIREWOOD, Unit.HOUR, "16.00", "5.00", True, False),
    (ServiceKind.ERRANDS, Unit.PIECE, "12.00", "0.00", True, False),
    (ServiceKind.CARETAKING, Unit.HOUR, "17.00", "8.00", True, False),
    (ServiceKind.CLEANING, Unit.MONTH, "250.00", "0.00", False, False),
    (ServiceKind.VILLAGE_HALL, Unit.HOUR, "0.00", "0.00", False, True),
]

FIRST = [
    "Aino",
    "Eino",
    "Helmi",
    "Toivo",
    "Lyyli",
    "Veikko",
    "Martta",
    "Oiva",
    "Hilja",
    "Tauno",
    "Saima",
    "Reino",
    "Elli",
    "Arvo",
    "Impi",
    "Pekka",
    "Anneli",
    "Jouni",
    "Sari",
    "Timo",
]
LAST = [
    "Kokko",
    "Tervo",
    "Kurtti",
    "Puurunen",
    "Ylitalo",
    "Honkanen",
    "Pätsi",
    "Illikainen",
    "Kinnunen",
    "Jurmu",
    "Rautio",
    "Nikula",
    "Paasovaara",
    "Riekki",
    "Kumpula",
    "Törmänen",
]
FEEDBACK = [
    (5, "Kiitos, tosi siisti tuli!"),
    (5, "Reipas porukka, tulivat sovitusti."),
    (4, "Hyvin tehty."),
    (4, ""),
    (3, "Vähän myöhässä, mutta työ hyvä."),
]
COMPLAINTS = ["Pihatien reunat jäivät auraamatta.", "Tulivat päivän myöhässä ilmoittamatta."]


def _catalogue(association) -> dict:
    services = {}
    for kind, unit, price, travel, credit, own in CATALOGUE:
        services[kind], _created = Service.objects.get_or_create(
            association=association,
            kind=kind,
            name="",
            defaults={
                "unit": unit,
                "price": Decimal(price),
                "travel_charge": Decimal(travel),
                "tax_credit_eligible": credit,
                "is_own_work": own,
            },
        )
    return services


def _customers(association, rng) -> tuple[list, Customer, Customer]:
    village = association.village
    neighbours = list(
        Village.objects.filter(municipality_id=village.municipality_id).exclude(pk=village.pk)
    )
    households = []
    for i in range(14):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        home = village if i % 5 else rng.choice(neighbours)
        customer, _created = Customer.objects.get_or_create(
            association=association,
            name=name,
            defaults={
                "village": home,
                "address": f"{home.name}ntie {rng.randint(1, 120)}",
                "postal_code": "93100",
                "post_office": "Pudasjärvi",
                "phone": f"040 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                "aged_65_plus": i % 5 in (0, 1, 2),
                "holiday_home": i % 7 == 3,
                "consent_to_contact": True,
                "consent_recorded_at": timezone.now(),
            },
        )
        households.append(customer)
    hall_owner, _created = Customer.objects.get_or_create(
        association=association,
        name=f"{village.name}n nuorisoseura ry",
        defaults={"village": village, "kind": CustomerKind.ORGANISATION},
    )
    own, _created = Customer.objects.get_or_create(
        association=association,
        name=association.name,
        defaults={"village": village, "kind": CustomerKind.ORGANISATION},
    )
    return households, hall_owner, own


def _weekdays_of(month_start: datetime.date):
    day = month_start
    while day.month == month_start.month:
        if day.weekday() < 5:
            yield day
        day += datetime.timedelta(days=1)


def _month_plan(month: int) -> list[tuple[str, int]]:
    """(service kind, orders in the month): winter, summer and all-year work."""
    plan: list[tuple[str, int]] = [(ServiceKind.ERRANDS, 3), (ServiceKind.VILLAGE_HALL, 2)]
    if month in (12, 1, 2, 3):
        plan.append((ServiceKind.SNOW, 14))
    if month in (10, 11, 12, 1, 2):
        plan.append((ServiceKind.FIREWOOD, 3))
    if month in (5, 6, 7, 8, 9):
        plan += [(ServiceKind.YARD, 9), (ServiceKind.CARETAKING, 2)]
    if month in (4, 11):
        plan.append((ServiceKind.YARD, 2))
    return plan


def _crew(association, rng, day, workers_by_association):
    """Two of the association's workers employed on `day` (and not yet gone): nobody who
    has left is sent to an order."""
    crew = [
        worker
        for worker, periods in workers_by_association.get(association.pk, {}).items()
        if any(
            starts_on <= day and (ends_on is None or day <= ends_on)
            for starts_on, ends_on in periods
        )
        and not (hasattr(worker, "exit") and worker.exit.exited_on < day)
    ]
    return rng.sample(crew, min(2, len(crew))) if crew else []


def _orders(association, services, households, own, rng, today, workers_by_association):
    first_month = (today.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    orders, crews = [], []
    month = first_month
    while month <= today + datetime.timedelta(days=21):
        days = list(_weekdays_of(month))
        for kind, count in _month_plan(month.month):
            service = services[kind]
            for _ in range(count):
                day = rng.choice(days)
                if kind == ServiceKind.VILLAGE_HALL:
                    customer = own
                elif kind == ServiceKind.CARETAKING:
                    customer = rng.choice([c for c in households if c.holiday_home] or households)
                elif kind == ServiceKind.SNOW:
                    customer = rng.choice([c for c in households if c.aged_65_plus])
                else:
                    customer = rng.choice(households)
                order = ServiceOrder(
                    association=association,
                    customer=customer,
                    service=service,
                    source=rng.choice([OrderSource.PHONE, OrderSource.PHONE, OrderSource.WALK_IN]),
                    requested_on=day - datetime.timedelta(days=rng.randint(1, 10)),
                    scheduled_on=day,
                )
                hours = Decimal(rng.choice(["1.5", "2", "2.5", "3", "4"]))
                if day < today - datetime.timedelta(days=3):
                    if rng.random() < 0.03:
                        order.status = OrderStatus.CANCELLED
                        order.cancel_reason = "Asiakas perui."
                    else:
                        order.status = OrderStatus.DONE
                        order.completed_on = day
                        order.hours = hours
                        order.units = hours if service.unit == Unit.HOUR else Decimal("1")
                        if rng.random() < 0.6:
                            order.feedback_rating, order.feedback_comment = rng.choice(FEEDBACK)
                        if rng.random() < 0.03:
                            order.feedback_rating, order.complaint = 2, rng.choice(COMPLAINTS)
                else:
                    order.status = OrderStatus.SCHEDULED
                crew = _crew(association, rng, day, workers_by_association)
                if crew and order.status == OrderStatus.SCHEDULED:
                    order.status = OrderStatus.ASSIGNED
                orders.append(order)
                crews.append(crew if order.status != OrderStatus.CANCELLED else [])
        month = add_months(month, 1)
    created = ServiceOrder.objects.bulk_create(orders)
    through = ServiceOrder.workers.through
    through.objects.bulk_create(
        through(serviceorder_id=order.pk, worker_id=worker.pk)
        for order, crew in zip(created, crews, strict=True)
        for worker in crew
    )
    return first_month


def _hall_cleaning(association, services, hall_owner, first_month, today, staff):
    """The monthly village-hall cleaning: a recurring order and its visits."""
    pattern = actions.create_order(
        association=association,
        customer=hall_owner,
        service=services[ServiceKind.CLEANING],
        actor=staff,
        requested_on=first_month,
        scheduled_on=first_month + datetime.timedelta(days=(4 - first_month.weekday()) % 7),
        recurrence=Recurrence.MONTHLY,
        description="Kylätalon perussiivous kerran kuussa.",
    )
    actions.generate_recurring_orders(
        association=association, until=today + datetime.timedelta(weeks=8), actor=staff
    )
    pattern.occurrences.filter(scheduled_on__lt=today - datetime.timedelta(days=3)).update(
        status=OrderStatus.DONE,
        completed_on=F("scheduled_on"),
        hours=Decimal("4"),
        units=Decimal("1"),
    )


def _invoice_past_months(association, first_month, today, staff):
    month = first_month
    this_month = today.replace(day=1)
    while month < this_month:
        next_month = add_months(month, 1)
        actions.create_month_invoices(
            association=association,
            year=month.year,
            month=month.month,
            actor=staff,
            issued_on=next_month,
        )
        month = next_month


def seed(context: dict) -> None:
    associations = context.get("associations", {})
    staff = context.get("users", {}).get("kyla")
    today = timezone.localdate()
    # Each association's workers with their contracts' periods, in a stable order.
    workers_by_association: dict[int, dict] = {}
    employments = (
        Employment.objects.filter(association__name__in=DEMO_ASSOCIATIONS)
        .select_related("worker__exit")
        .order_by("association_id", "worker_id", "starts_on", "pk")
    )
    for employment in employments:
        crew = workers_by_association.setdefault(employment.association_id, {})
        crew.setdefault(employment.worker, []).append((employment.starts_on, employment.ends_on))
    for name in DEMO_ASSOCIATIONS:
        association = associations.get(name)
        if association is None:
            continue
        InvoicingProfile.objects.get_or_create(
            association=association,
            defaults={
                "iban": "FI49 5000 9420 0287 30",
                "bic": "OKOYFIHH",
                "address": f"{association.village.name}ntie 1, 93100 Pudasjärvi",
                "vat_note": "Yhdistys ei ole arvonlisäverovelvollinen.",
            },
        )
        services = _catalogue(association)
        rng = random.Random(name)
        households, hall_owner, own = _customers(association, rng)
        if ServiceOrder.objects.filter(association=association).exists():
            continue
        first_month = _orders(
            association, services, households, own, rng, today, workers_by_association
        )
        _hall_cleaning(association, services, hall_owner, first_month, today, staff)
        _invoice_past_months(association, first_month, today, staff)
