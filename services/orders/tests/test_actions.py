import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ryhma.concurrency import StaleEditError
from services.models import Invoice, OrderStatus, Recurrence, ServiceKind, ServiceOrder, Unit
from services.orders import actions
from services.orders.actions import invoices as invoice_actions
from services.orders.invoicing import is_valid_reference
from services.tests.factories import CustomerFactory, ServiceFactory, ServiceOrderFactory
from workers.tests.factories import EmploymentFactory

DAY = datetime.date(2026, 3, 10)


@pytest.fixture
def crew(association):
    return [
        EmploymentFactory(
            association=association, worker__municipality=association.village.municipality
        ).worker
        for _ in range(2)
    ]


def _done(order, staff, *, hours="3", units=None, day=DAY, **extra):
    order.refresh_from_db()
    return actions.complete_order(
        order=order,
        completed_on=day,
        hours=Decimal(hours),
        units=None if units is None else Decimal(units),
        expected_version=order.version,
        actor=staff,
        **extra,
    )


def test_order_goes_from_request_to_done_with_feedback(order, staff, crew):
    actions.schedule_order(order=order, scheduled_on=DAY, expected_version=1, actor=staff)
    assert order.status == OrderStatus.SCHEDULED
    actions.assign_order(order=order, workers=crew, expected_version=2, actor=staff)
    assert order.status == OrderStatus.ASSIGNED
    _done(order, staff, feedback_rating=5, feedback_comment="Kiitos!", materials="jätesäkit")
    order.refresh_from_db()
    assert order.status == OrderStatus.DONE
    assert order.units == Decimal("3")  # hourly service: units default to the hours worked
    assert order.feedback_rating == 5
    assert set(order.workers.all()) == set(crew)


def test_assigning_a_worker_without_a_contract_on_the_day_is_refused(order, staff, crew):
    actions.schedule_order(
        order=order, scheduled_on=datetime.date(2027, 1, 5), expected_version=1, actor=staff
    )
    with pytest.raises(ValidationError, match="työsopimusta"):
        actions.assign_order(order=order, workers=crew, expected_version=2, actor=staff)


def test_workers_of_another_association_cannot_be_assigned(order, staff, other_association):
    stranger = EmploymentFactory(
        association=other_association, worker__municipality=other_association.village.municipality
    ).worker
    actions.schedule_order(order=order, scheduled_on=DAY, expected_version=1, actor=staff)
    with pytest.raises(ValidationError):
        actions.assign_order(order=order, workers=[stranger], expected_version=2, actor=staff)


def test_a_stale_version_is_refused_and_nothing_changes(order, staff):
    actions.schedule_order(order=order, scheduled_on=DAY, expected_version=1, actor=staff)
    stale = ServiceOrder.objects.get(pk=order.pk)
    with pytest.raises(StaleEditError):
        actions.schedule_order(
            order=stale, scheduled_on=DAY.replace(day=20), expected_version=1, actor=staff
        )
    order.refresh_from_db()
    assert order.scheduled_on == DAY


def test_a_cancelled_order_cannot_be_done(order, staff):
    actions.cancel_order(order=order, reason="Asiakas perui", expected_version=1, actor=staff)
    with pytest.raises(ValidationError):
        _done(order, staff)


def test_order_with_a_customer_of_another_association_is_refused(association, staff, service):
    stranger = CustomerFactory()
    with pytest.raises(ValidationError):
        actions.create_order(
            association=association, customer=stranger, service=service, actor=staff
        )


@pytest.mark.parametrize(
    ("recurrence", "expected"),
    [
        (Recurrence.WEEKLY, ["2026-01-31", "2026-02-07", "2026-02-14", "2026-02-21", "2026-02-28"]),
        (Recurrence.BIWEEKLY, ["2026-01-31", "2026-02-14", "2026-02-28"]),
        (Recurrence.MONTHLY, ["2026-01-31", "2026-02-28"]),
    ],
)
def test_recurring_orders_generate_their_occurrences_once(
    association, customer, service, staff, recurrence, expected
):
    pattern = actions.create_order(
        association=association,
        customer=customer,
        service=service,
        actor=staff,
        scheduled_on=datetime.date(2026, 1, 31),
        recurrence=recurrence,
    )
    until = datetime.date(2026, 3, 1)
    created = actions.generate_recurring_orders(association=association, until=until, actor=staff)
    assert created == len(expected)
    assert actions.generate_recurring_orders(association=association, until=until, actor=staff) == 0
    days = [o.scheduled_on.isoformat() for o in pattern.occurrences.order_by("scheduled_on")]
    assert days == expected


def test_recurrence_stops_at_its_end_date_and_copies_the_crew(
    association, customer, service, staff, crew
):
    pattern = actions.create_order(
        association=association,
        customer=customer,
        service=service,
        actor=staff,
        scheduled_on=datetime.date(2026, 2, 2),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=datetime.date(2026, 2, 16),
    )
    actions.assign_order(order=pattern, workers=crew, expected_version=1, actor=staff)
    actions.generate_recurring_orders(
        association=association, until=datetime.date(2026, 6, 1), actor=staff
    )
    visits = list(pattern.occurrences.all())
    assert len(visits) == 3
    assert all(v.status == OrderStatus.ASSIGNED for v in visits)
    assert all(set(v.workers.all()) == set(crew) for v in visits)


def _invoiceable(association, customer, service, staff, day=DAY, hours="2"):
    order = ServiceOrderFactory(association=association, customer=customer, service=service)
    actions.schedule_order(order=order, scheduled_on=day, expected_version=1, actor=staff)
    return _done(order, staff, hours=hours, day=day)


def test_monthly_invoice_has_lines_travel_labour_share_and_a_valid_reference(
    association, customer, service, staff
):
    _invoiceable(association, customer, service, staff, hours="2")
    firewood = ServiceFactory(
        association=association,
        kind=ServiceKind.FIREWOOD,
        unit=Unit.PIECE,
        price=Decimal("60.00"),
        travel_charge=Decimal("0"),
        tax_credit_eligible=False,
    )
    order = ServiceOrderFactory(association=association, customer=customer, service=firewood)
    actions.schedule_order(order=order, scheduled_on=DAY, expected_version=1, actor=staff)
    _done(order, staff, hours="1", units="2", materials="Koivuklapi", materials_cost=Decimal("4.5"))

    [invoice] = actions.create_month_invoices(
        association=association,
        year=2026,
        month=3,
        actor=staff,
        issued_on=datetime.date(2026, 4, 1),
    )
    # 2 h × 18 € + 5 € travel = 41 €; firewood 2 × 60 € = 120 €; materials 4,50 €
    assert invoice.total == Decimal("165.50")
    assert invoice.labour_share == Decimal("41.00")
    assert invoice.due_on == datetime.date(2026, 4, 15)
    assert is_valid_reference(invoice.reference)
    assert invoice.lines.count() == 3
    assert set(ServiceOrder.objects.values_list("status", flat=True)) == {OrderStatus.INVOICED}


def test_invoicing_twice_makes_no_second_invoice(association, customer, service, staff):
    _invoiceable(association, customer, service, staff)
    first = actions.create_month_invoices(association=association, year=2026, month=3, actor=staff)
    again = actions.create_month_invoices(association=association, year=2026, month=3, actor=staff)
    assert len(first) == 1 and again == []


def test_invoice_numbers_run_per_association(
    association, other_association, service, staff, other_staff
):
    for _ in range(2):
        _invoiceable(association, CustomerFactory(association=association), service, staff)
    other_service = ServiceFactory(association=other_association)
    _invoiceable(
        other_association,
        CustomerFactory(association=other_association),
        other_service,
        other_staff,
    )
    mine = actions.create_month_invoices(association=association, year=2026, month=3, actor=staff)
    theirs = actions.create_month_invoices(
        association=other_association, year=2026, month=3, actor=other_staff
    )
    assert [i.number for i in mine] == [1, 2]
    assert [i.number for i in theirs] == [1]


def test_a_price_change_does_not_alter_an_invoice_already_made(
    association, customer, service, staff
):
    _invoiceable(association, customer, service, staff, hours="2")
    [invoice] = actions.create_month_invoices(
        association=association, year=2026, month=3, actor=staff
    )
    service.refresh_from_db()
    actions.update_service(
        service=service, expected_version=service.version, actor=staff, price=Decimal("25.00")
    )
    invoice = Invoice.objects.get(pk=invoice.pk)
    line = invoice.lines.get()
    assert line.unit_price == Decimal("18.00")
    assert invoice.total == Decimal("41.00")


def test_own_village_work_is_never_invoiced(association, customer, staff):
    hall = ServiceFactory(
        association=association, kind=ServiceKind.VILLAGE_HALL, is_own_work=True, price=0
    )
    _invoiceable(association, customer, hall, staff)
    assert (
        actions.create_month_invoices(association=association, year=2026, month=3, actor=staff)
        == []
    )


def test_feedback_and_complaint_can_be_added_after_invoicing(association, customer, service, staff):
    order = _invoiceable(association, customer, service, staff)
    actions.create_month_invoices(association=association, year=2026, month=3, actor=staff)
    order.refresh_from_db()
    actions.record_order_feedback(
        order=order,
        feedback_rating=2,
        feedback_comment="",
        complaint="Lumet jäivät pihaan",
        expected_version=order.version,
        actor=staff,
    )
    order.refresh_from_db()
    assert order.complaint == "Lumet jäivät pihaan" and order.feedback_rating == 2


def test_public_request_creates_a_consenting_customer_and_a_request(association, service):
    order = actions.submit_public_request(
        association=association,
        name="Veikko Villager",
        phone="040 123 4567",
        email="",
        address="Livontie 5",
        village=association.village,
        service=service,
        description="Pihan haravointi",
        preferred_date=None,
        aged_65_plus=True,
        holiday_home=False,
    )
    assert order.status == OrderStatus.REQUESTED and order.source == "public_form"
    assert order.customer.consent_to_contact and order.customer.consent_recorded_at
    again = actions.submit_public_request(
        association=association,
        name="veikko villager",
        phone="040 123 4567",
        email="",
        address="Livontie 5",
        village=association.village,
        service=service,
        description="Lumityöt",
        preferred_date=None,
        aged_65_plus=True,
        holiday_home=False,
    )
    assert again.customer == order.customer


@pytest.mark.django_db(transaction=True)
def test_concurrent_invoicing_never_gives_the_same_number_twice(association):
    import threading

    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs it)")
    from services.models import InvoicingProfile

    InvoicingProfile.objects.create(association=association)
    numbers, start = [], threading.Barrier(4)

    def take():
        try:
            start.wait()
            with transaction.atomic():
                numbers.append(invoice_actions._take_invoice_number(association))
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == [1, 2, 3, 4]
