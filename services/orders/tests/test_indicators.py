import datetime
from decimal import Decimal

from ryhma.testing import count_queries
from services.models import OrderStatus, ServiceKind
from services.orders import actions
from services.orders.indicators import community_indicators, service_totals
from services.tests.factories import CustomerFactory, ServiceFactory, ServiceOrderFactory
from villages.models import Association
from villages.tests.factories import VillageFactory

YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def _done(association, customer, service, *, hours, rating=None, complaint="", day=None):
    return ServiceOrderFactory(
        association=association,
        customer=customer,
        service=service,
        status=OrderStatus.DONE,
        completed_on=day or datetime.date(2026, 3, 10),
        hours=Decimal(hours),
        units=Decimal(hours),
        feedback_rating=rating,
        complaint=complaint,
    )


def test_community_indicators_count_what_the_village_got(association, staff):
    snow = ServiceFactory(association=association, kind=ServiceKind.SNOW)
    hall = ServiceFactory(
        association=association, kind=ServiceKind.VILLAGE_HALL, is_own_work=True, price=0
    )
    elderly = CustomerFactory(association=association, aged_65_plus=True)
    young = CustomerFactory(
        association=association,
        village=VillageFactory(municipality=association.village.municipality),
    )
    _done(association, elderly, snow, hours="2", rating=5)
    _done(association, elderly, snow, hours="3", rating=3, complaint="Myöhässä")
    _done(association, young, snow, hours="1.5")
    _done(association, young, hall, hours="4")
    _done(association, young, snow, hours="9", day=datetime.date(2025, 12, 1))  # outside
    ServiceOrderFactory(association=association, customer=young, service=snow)  # not done
    actions.create_month_invoices(association=association, year=2026, month=3, actor=staff)

    result = community_indicators(Association.objects.filter(pk=association.pk), YEAR)
    assert result.orders_done == 4
    assert result.unique_customers == 2 and result.share_aged_65_plus == Decimal("0.5")
    assert result.villages_reached == 2
    assert (result.own_work_orders, result.sold_orders) == (1, 3)
    assert (result.own_work_hours, result.sold_hours) == (Decimal("4"), Decimal("6.5"))
    assert result.satisfaction_mean == Decimal("4") and result.satisfaction_answers == 2
    assert result.complaints == 1
    by_kind = {row.kind: row.hours for row in result.hours_by_service_type}
    assert by_kind == {"snow": Decimal("6.5"), "village_hall": Decimal("4")}
    # 2 h, 3 h and 1,5 h at 18 €/h plus 5 € travel each
    assert result.revenue == Decimal("132.00")
    scope = Association.objects.filter(pk=association.pk)
    totals = count_queries(lambda: service_totals(scope, YEAR))
    assert totals == 2
    totals = service_totals(scope, YEAR)
    assert (
        totals.revenue,
        totals.orders_done,
        totals.unique_customers,
        totals.customers_aged_65_plus,
        totals.satisfaction_mean,
        totals.satisfaction_answers,
    ) == (Decimal("132.00"), 4, 2, 1, Decimal("4"), 2)


def test_other_associations_do_not_count(association, other_association):
    _done(
        other_association,
        CustomerFactory(association=other_association),
        ServiceFactory(association=other_association),
        hours="2",
    )
    result = community_indicators(Association.objects.filter(pk=association.pk), YEAR)
    assert result.orders_done == 0 and result.share_aged_65_plus is None
    assert result.satisfaction_mean is None and result.revenue == 0


def test_community_indicators_run_a_constant_number_of_queries(association):
    scope = Association.objects.filter(pk=association.pk)
    service = ServiceFactory(association=association)
    for _ in range(3):
        _done(association, CustomerFactory(association=association), service, hours="1")
    small = count_queries(lambda: community_indicators(scope, YEAR))
    for kind in ServiceKind.values[:5]:
        other = ServiceFactory(association=association, kind=kind, name=kind)
        for _ in range(5):
            _done(association, CustomerFactory(association=association), other, hours="2", rating=4)
    assert count_queries(lambda: community_indicators(scope, YEAR)) == small == 3
