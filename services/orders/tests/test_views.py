import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ryhma.models import AuditEvent
from ryhma.testing import count_queries
from services.models import Customer, OrderStatus, ServiceOrder
from services.orders import actions
from services.tests.factories import CustomerFactory, ServiceFactory, ServiceOrderFactory
from workers.tests.factories import EmploymentFactory

DAY = datetime.date(2026, 3, 10)


@pytest.fixture
def invoice(association, order, staff):
    actions.schedule_order(order=order, scheduled_on=DAY, expected_version=1, actor=staff)
    actions.complete_order(
        order=order,
        completed_on=DAY,
        hours=Decimal("2"),
        units=None,
        expected_version=2,
        actor=staff,
    )
    [invoice] = actions.create_month_invoices(
        association=association, year=2026, month=3, actor=staff
    )
    return invoice


def _pages(association, order, customer, service, invoice):
    """Every GET page of the order side, by the objects it shows."""
    a = association.pk
    return [
        reverse("services:order_detail", args=[order.pk]),
        reverse("services:customer_edit", args=[customer.pk]),
        reverse("services:catalogue", args=[a]),
        reverse("services:service_create", args=[a]),
        reverse("services:service_edit", args=[a, service.pk]),
        reverse("services:agenda", args=[a, 2026, 11]),
        reverse("services:invoice_list", args=[a, 2026, 3]),
        reverse("services:invoice_pdf", args=[a, invoice.pk]),
        reverse("services:invoice_month_export", args=[a, 2026, 3, "csv"]),
        reverse("services:invoice_month_export", args=[a, 2026, 3, "xlsx"]),
        reverse("services:invoice_month_export", args=[a, 2026, 3, "pdf"]),
    ]


def _posts(association, order):
    a = association.pk
    return [
        reverse("services:order_schedule", args=[order.pk]),
        reverse("services:order_assign", args=[order.pk]),
        reverse("services:order_complete", args=[order.pk]),
        reverse("services:order_feedback", args=[order.pk]),
        reverse("services:order_cancel", args=[order.pk]),
        reverse("services:recurring_generate", args=[a]),
        reverse("services:invoices_create", args=[a, 2026, 3]),
    ]


def test_own_staff_open_every_page(client, staff, association, order, customer, service, invoice):
    client.force_login(staff)
    for url in _pages(association, order, customer, service, invoice):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("user_fixture", ["other_staff", "outsider", "official", "worker_user"])
def test_outsiders_get_404_on_every_page_and_action(
    client, request, user_fixture, association, order, customer, service, invoice
):
    client.force_login(request.getfixturevalue(user_fixture))
    for url in _pages(association, order, customer, service, invoice):
        assert client.get(url).status_code == 404, url
    for url in _posts(association, order):
        assert client.post(url, {"version": 1, "reason": "x"}).status_code == 404, url
    order.refresh_from_db()
    assert order.status == OrderStatus.INVOICED


@pytest.mark.parametrize("name", ["order_list", "order_create", "customer_list", "customer_create"])
@pytest.mark.parametrize("user_fixture", ["official", "worker_user"])
def test_roles_without_orders_get_404_on_the_lists(client, request, user_fixture, name):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse(f"services:{name}")).status_code == 404


@pytest.mark.parametrize("name", ["agenda_current", "invoices_current"])
def test_outsider_without_associations_gets_404_on_the_start_pages(client, db, name, request):
    from ryhma.models import Role
    from villages.tests.factories import MunicipalityFactory, make_user

    lonely = make_user("yksin", Role.VILLAGE_STAFF, MunicipalityFactory())
    client.force_login(lonely)
    assert client.get(reverse(f"services:{name}")).status_code == 404


def test_anonymous_is_sent_to_login(client, order):
    response = client.get(reverse("services:order_detail", args=[order.pk]))
    assert response.status_code == 302 and "/kirjaudu/" in response["Location"]


def test_staff_see_only_their_own_associations_orders_and_customers(
    client, staff, order, other_order
):
    client.force_login(staff)
    text = client.get(reverse("services:order_list")).content.decode()
    assert order.customer.name in text and other_order.customer.name not in text
    text = client.get(reverse("services:customer_list")).content.decode()
    assert order.customer.name in text and other_order.customer.name not in text


def test_coordinator_sees_the_municipalitys_orders_but_not_another(
    client, coordinator, order, other_order, foreign_association
):
    foreign = ServiceOrderFactory(association=foreign_association)
    client.force_login(coordinator)
    text = client.get(reverse("services:order_list")).content.decode()
    assert order.customer.name in text and other_order.customer.name in text
    assert foreign.customer.name not in text
    assert client.get(reverse("services:order_detail", args=[foreign.pk])).status_code == 404


def test_action_pages_are_post_only(client, staff, order):
    client.force_login(staff)
    assert client.get(reverse("services:order_schedule", args=[order.pk])).status_code == 405


def test_staff_takes_a_phone_order_and_schedules_it(client, staff, association, customer, service):
    client.force_login(staff)
    response = client.post(
        reverse("services:order_create"),
        {
            "association": association.pk,
            "customer": customer.pk,
            "service": service.pk,
            "source": "phone",
            "description": "Lumityöt pihalta",
        },
    )
    order = ServiceOrder.objects.get()
    assert response.status_code == 302
    response = client.post(
        reverse("services:order_schedule", args=[order.pk]),
        {"version": order.version, "scheduled_on": "2026-03-12"},
        follow=True,
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.SCHEDULED and order.scheduled_on == datetime.date(
        2026, 3, 12
    )
    assert "12.3.2026" in response.content.decode()


def test_order_of_another_associations_customer_is_refused_with_a_message(
    client, staff, association, service, other_order
):
    client.force_login(staff)
    response = client.post(
        reverse("services:order_create"),
        {
            "association": association.pk,
            "customer": other_order.customer.pk,
            "service": service.pk,
            "source": "phone",
        },
    )
    assert response.status_code == 400
    assert not ServiceOrder.objects.filter(association=association).exists()


def test_staff_assigns_two_workers_and_marks_done(client, staff, association, order):
    workers = [
        EmploymentFactory(
            association=association, worker__municipality=association.village.municipality
        ).worker
        for _ in range(2)
    ]
    client.force_login(staff)
    client.post(
        reverse("services:order_schedule", args=[order.pk]),
        {"version": 1, "scheduled_on": "2026-03-12"},
    )
    response = client.post(
        reverse("services:order_assign", args=[order.pk]),
        {"version": 2, "workers": [w.pk for w in workers]},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("services:order_complete", args=[order.pk]),
        {
            "version": 3,
            "completed_on": "2026-03-12",
            "hours": "3,5",
            "feedback_rating": "4",
            "feedback_comment": "Hyvää työtä",
        },
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.DONE and order.hours == Decimal("3.5")
    assert order.feedback_rating == 4 and order.workers.count() == 2


def test_a_stale_form_shows_a_conflict_and_keeps_the_stored_date(client, staff, order):
    client.force_login(staff)
    client.post(
        reverse("services:order_schedule", args=[order.pk]),
        {"version": 1, "scheduled_on": "2026-03-12"},
    )
    response = client.post(
        reverse("services:order_schedule", args=[order.pk]),
        {"version": 1, "scheduled_on": "2026-03-20"},
    )
    assert response.status_code == 409
    assert "2026-03-20" in response.content.decode()  # the typed value is kept
    order.refresh_from_db()
    assert order.scheduled_on == datetime.date(2026, 3, 12)


def test_bad_completion_input_is_a_400_naming_the_field(client, staff, order):
    client.force_login(staff)
    response = client.post(
        reverse("services:order_complete", args=[order.pk]),
        {"version": 1, "completed_on": "ei päivä", "hours": "-1", "feedback_rating": "9"},
    )
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.status == OrderStatus.REQUESTED


def test_customer_edit_is_audited_and_a_stale_edit_shows_the_other_values(client, staff, customer):
    client.force_login(staff)
    url = reverse("services:customer_edit", args=[customer.pk])
    data = {
        "kind": "household",
        "name": "Helmi Heikkinen",
        "village": customer.village_id,
        "phone": "040 999 8888",
        "aged_65_plus": "on",
        "consent_to_contact": "on",
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    assert AuditEvent.objects.filter(object_id=str(customer.pk), action="update").exists()
    response = client.post(url, {**data, "phone": "050 111 2222"})
    assert response.status_code == 409
    text = response.content.decode()
    assert "040 999 8888" in text and "050 111 2222" in text
    assert Customer.objects.get(pk=customer.pk).phone == "040 999 8888"


def test_staff_add_a_customer_and_a_service(client, staff, association):
    client.force_login(staff)
    response = client.post(
        reverse("services:customer_create"),
        {
            "association": association.pk,
            "kind": "household",
            "name": "Uusi Asiakas",
            "village": association.village_id,
        },
    )
    assert response.status_code == 302
    assert Customer.objects.filter(association=association, name="Uusi Asiakas").exists()
    response = client.post(
        reverse("services:service_create", args=[association.pk]),
        {"kind": "other", "name": "", "unit": "hour", "price": "15", "travel_charge": "0"},
    )
    assert response.status_code == 400  # own service type needs a name


def test_staff_cannot_add_a_customer_to_another_association(client, staff, other_association):
    client.force_login(staff)
    response = client.post(
        reverse("services:customer_create") + f"?yhdistys={other_association.pk}",
        {"kind": "household", "name": "X", "village": other_association.village_id},
    )
    assert response.status_code == 404


def test_agenda_shows_the_weeks_visits_by_day(client, staff, association, order):
    order.scheduled_on = datetime.date(2026, 3, 11)
    order.status = OrderStatus.SCHEDULED
    order.save()
    client.force_login(staff)
    text = client.get(reverse("services:agenda", args=[association.pk, 2026, 11])).content.decode()
    assert order.customer.name in text
    text = client.get(reverse("services:agenda", args=[association.pk, 2026, 12])).content.decode()
    assert order.customer.name not in text


def test_invoice_month_page_makes_invoices_and_exports(client, staff, association, order):
    order.scheduled_on = order.completed_on = DAY
    order.status, order.units, order.hours = OrderStatus.DONE, Decimal("2"), Decimal("2")
    order.save()
    client.force_login(staff)
    url = reverse("services:invoices_create", args=[association.pk, 2026, 3])
    assert client.post(url).status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.INVOICED
    response = client.get(
        reverse("services:invoice_month_export", args=[association.pk, 2026, 3, "csv"])
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "Helmi Heikkinen" in response.content.decode("utf-8-sig")


def _make_orders(association, count):
    customers = [CustomerFactory(association=association) for _ in range(3)]
    services = [ServiceFactory(association=association) for _ in range(2)]
    worker = EmploymentFactory(
        association=association, worker__municipality=association.village.municipality
    ).worker
    for i in range(count):
        ServiceOrderFactory(
            association=association,
            customer=customers[i % 3],
            service=services[i % 2],
            scheduled_on=datetime.date(2026, 3, 9) + datetime.timedelta(days=i % 7),
            status=OrderStatus.ASSIGNED,
            workers=[worker],
        )


@pytest.mark.parametrize(
    "url_for",
    [
        lambda a: reverse("services:order_list") + "?tila=",
        lambda a: reverse("services:agenda", args=[a.pk, 2026, 11]),
        lambda a: reverse("services:customer_list"),
    ],
)
def test_list_pages_run_the_same_queries_at_20_and_200_orders(client, staff, association, url_for):
    client.force_login(staff)
    url = url_for(association)

    def page():
        assert client.get(url).status_code == 200

    _make_orders(association, 20)
    small = count_queries(page)
    _make_orders(association, 180)
    assert count_queries(page) == small


def test_agenda_runs_the_same_queries_for_an_empty_week_and_names_the_workers(
    client, staff, association
):
    client.force_login(staff)
    url = reverse("services:agenda", args=[association.pk, 2026, 11])

    def page():
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    empty = count_queries(page)
    _make_orders(association, 5)
    assert count_queries(page) == empty
    worker = association.service_orders.first().workers.get()
    assert str(worker) in page()


def test_ids_in_forms_have_no_thousands_separator(client, municipality):
    """Finnish number format would write 12345 as '12 345' and break the posted id."""
    from ryhma.models import Role
    from villages.tests.factories import AssociationFactory, VillageFactory, make_user

    big = AssociationFactory(pk=12345, village=VillageFactory(municipality=municipality))
    client.force_login(make_user("iso", Role.VILLAGE_STAFF, municipality, [big]))
    form = client.get(reverse("services:customer_create")).content.decode()
    assert 'name="association" value="12345"' in form
    grid = client.get(reverse("services:week")).content.decode()
    assert 'name="yhdistys" value="12345"' in grid


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://evil.example/", "/palvelut/viikko-ohjelma/"),
        ("//evil.example/x", "/palvelut/viikko-ohjelma/"),
        ("/palvelut/tilaukset/", "/palvelut/tilaukset/"),
    ],
)
def test_recurring_orders_return_only_to_a_page_of_this_site(
    client, staff, association, given, expected
):
    client.force_login(staff)
    url = reverse("services:recurring_generate", args=[association.pk])
    response = client.post(url, {"next": given})
    assert response.status_code == 302
    assert response.url == expected


def test_every_invoice_download_is_an_audit_event(client, staff, association, invoice):
    client.force_login(staff)
    a = association.pk
    urls = [
        reverse("services:invoice_pdf", args=[a, invoice.pk]),
        *(
            reverse("services:invoice_month_export", args=[a, 2026, 3, fmt])
            for fmt in ("csv", "xlsx", "pdf")
        ),
    ]
    for url in urls:
        assert client.get(url).status_code == 200
    events = AuditEvent.objects.filter(action="export", actor=staff).order_by("id")
    assert [e.changes["export"][1] for e in events] == [
        f"lasku-{invoice.number}.pdf",
        "laskut-2026-03.csv",
        "laskut-2026-03.xlsx",
        "laskut-2026-03.pdf",
    ]
