"""In the browser: the week grid in the field. A save that needs a confirmation says so at
the top on a phone and keeps everything; two people saving one week keep each other's
cells; leaving with unsaved cells asks first; days to come are not sent; an order's hours
are the crew's entries, once; a worker sees their own hours and assessments."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import browser_login
from ryhma.models import Role
from services.hours import actions, exports
from services.hours.models.entries import order_row_task
from services.hours.weeks import DAY, monday_of, week_code
from services.models import EntryStatus, OrderStatus, Task, WeekSheet, WorkEntry
from services.tests.factories import ServiceOrderFactory
from villages.demo import _user
from workers.tests.factories import EmploymentFactory, WorkerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(demo_seed):
    context = demo_seed
    association = context["associations"]["Livokas ry"]
    today = timezone.localdate()
    employment = EmploymentFactory(
        worker=WorkerFactory(
            municipality=context["municipality"], first_name="Eetu", last_name="Testaaja"
        ),
        association=association,
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=60),
        hours_per_week=Decimal("10"),
        hourly_wage=Decimal("12.00"),
    )
    return context, association, employment, today


def week_page(page, week_start=None):
    page.goto(
        f"{page.base_url}/palvelut/viikko/?vko={week_code(week_start or timezone.localdate())}"
    )


def cell(page, employment, day, task=Task.GENERAL):
    return page.locator(f'[name="{actions.cell_name(employment.pk, task, day)}"]')


def test_over_contract_save_on_a_phone_says_so_at_the_top_and_loses_nothing(phone_page, demo):
    _context, _association, employment, today = demo
    monday = monday_of(today)
    browser_login(phone_page, "kyla", "ryhmademo")
    week_page(phone_page)
    for index in range(3):
        phone_page.locator(f'.day-picker button[data-day="{index}"]').click()
        cell(phone_page, employment, monday + DAY * index).fill("7,5")
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Tallenna viikko").last.click()
    alert = phone_page.locator("#errors")
    assert "Tunteja ei tallennettu: ne tarvitsevat vahvistuksesi" in alert.inner_text()
    # At the top: in the first screenful of the page as it opens.
    assert phone_page.evaluate("window.scrollY") == 0
    assert alert.bounding_box()["y"] < 740
    assert not WorkEntry.objects.filter(employment=employment).exists()
    for index in range(3):
        assert cell(phone_page, employment, monday + DAY * index).input_value() == "7,5"
    assert phone_page.locator("td.unsaved").count() == 3
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    # The day tabs are touch targets of at least 44 × 44 px.
    for box in phone_page.locator(".day-picker button").evaluate_all(
        "buttons => buttons.map(b => b.getBoundingClientRect().toJSON())"
    ):
        assert box["width"] >= 44 and box["height"] >= 44, box
    # The confirmation sits beside the save button, both at the top.
    alert.get_by_label("Vahvistan sopimuksen ylittävät tunnit").check()
    with phone_page.expect_navigation():
        alert.get_by_role("button", name="Tallenna viikko").click()
    assert "Viikon tunnit tallennettiin." in phone_page.content()
    hours = WorkEntry.objects.filter(employment=employment).values_list("hours", flat=True)
    assert sorted(hours) == [Decimal("7.5")] * 3


@pytest.fixture
def second_staff(demo):
    context, association, _employment, _today = demo
    return _user(
        "kyla3",
        first="Toinen",
        last="Työnohjaaja",
        role=Role.VILLAGE_STAFF,
        municipality=context["municipality"],
        associations=[association],
    )


def test_two_people_saving_different_cells_keep_both(page, phone_page, demo, second_staff):
    _context, _association, employment, today = demo
    monday = monday_of(today)
    browser_login(page, "kyla", "ryhmademo")
    browser_login(phone_page, "kyla3", "ryhmademo")
    week_page(page)
    week_page(phone_page)
    cell(page, employment, monday).fill("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna viikko").click()
    phone_page.locator('.day-picker button[data-day="2"]').click()
    cell(phone_page, employment, monday + DAY * 2).fill("4")
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Tallenna viikko").last.click()
    assert "Viikon tunnit tallennettiin." in phone_page.content()
    saved = dict(WorkEntry.objects.filter(employment=employment).values_list("work_date", "hours"))
    assert saved == {monday: Decimal("3"), monday + DAY * 2: Decimal("4")}
    assert cell(phone_page, employment, monday).input_value() == "3"


def test_the_same_cell_saved_by_two_is_a_conflict_that_keeps_the_others_value(
    page, phone_page, demo, second_staff
):
    _context, _association, employment, today = demo
    monday = monday_of(today)
    browser_login(page, "kyla", "ryhmademo")
    browser_login(phone_page, "kyla3", "ryhmademo")
    week_page(page)
    week_page(phone_page)
    cell(page, employment, monday).fill("6")
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna viikko").click()
    phone_page.locator('.day-picker button[data-day="0"]').click()
    cell(phone_page, employment, monday).fill("4")
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Tallenna viikko").last.click()
    text = phone_page.content()
    assert "Tallennettu, paitsi solut, joita joku muu muutti samaan aikaan" in text
    assert "Arvosi, ei tallennettu: 4" in text
    # The input holds the stored value, not the one the user typed earlier.
    assert cell(phone_page, employment, monday).input_value() == "6"
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Tallenna viikko").last.click()
    assert WorkEntry.objects.get(employment=employment).hours == Decimal("6")
    # Typed again, the value is the user's own choice and is saved.
    phone_page.locator('.day-picker button[data-day="0"]').click()
    cell(phone_page, employment, monday).fill("4")
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Tallenna viikko").last.click()
    assert WorkEntry.objects.get(employment=employment).hours == Decimal("4")


def test_leaving_with_unsaved_cells_asks_first(page, demo):
    _context, _association, employment, today = demo
    browser_login(page, "kyla", "ryhmademo")
    week_page(page)
    url = page.url
    cell(page, employment, monday_of(today)).fill("5")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.get_by_role("link", name="Edellinen viikko").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url == url
    assert cell(page, employment, monday_of(today)).input_value() == "5"


def test_days_still_to_come_are_not_sent_for_approval(page, demo):
    _context, association, employment, today = demo
    next_monday = monday_of(today) + DAY * 7
    browser_login(page, "kyla", "ryhmademo")
    week_page(page, next_monday)
    cell(page, employment, next_monday).fill("5")
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna ja lähetä hyväksyttäväksi").click()
    text = page.content()
    assert "Viikko ei ole vielä alkanut" in text
    entry = WorkEntry.objects.get(employment=employment)
    assert entry.status == EntryStatus.ENTERED
    assert not WeekSheet.objects.filter(
        association=association, week_start=next_monday, status="submitted"
    ).exists()
    if today.weekday() == 6:
        return  # on a Sunday this week has no day still to come
    monday, sunday = monday_of(today), monday_of(today) + DAY * 6
    week_page(page)
    cell(page, employment, monday).fill("2")
    cell(page, employment, sunday).fill("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna ja lähetä hyväksyttäväksi").click()
    assert "Tulevien päivien tunnit jäävät suunnitelmaksi" in page.content()
    statuses = dict(
        WorkEntry.objects.filter(employment=employment).values_list("work_date", "status")
    )
    assert statuses[monday] == EntryStatus.SUBMITTED
    assert statuses[sunday] == EntryStatus.ENTERED


def test_an_orders_hours_appear_once_in_the_grid_and_once_in_payroll(page, demo):
    context, association, employment, today = demo
    monday = monday_of(today)
    order = ServiceOrderFactory(
        association=association,
        scheduled_on=monday,
        status=OrderStatus.ASSIGNED,
        workers=[employment.worker],
    )
    browser_login(page, "kyla", "ryhmademo")
    page.goto(f"{page.base_url}/palvelut/tilaukset/{order.pk}/")
    page.locator("#id_completed_on").fill(monday.isoformat())
    page.locator("#id_hours").fill("3,5")
    with page.expect_navigation():
        page.get_by_role("button", name="Merkitse tehdyksi").click()
    entry = WorkEntry.objects.get(employment=employment)
    assert (entry.service_order_id, entry.hours) == (order.pk, Decimal("3.5"))
    week_page(page)
    order_cell = cell(page, employment, monday, order_row_task(order.pk))
    assert order_cell.count() == 1 and order_cell.input_value() == "3,5"

    actions.submit_week(association=association, week_start=monday, actor=context["users"]["kyla"])
    sheet = WeekSheet.objects.get(association=association, week_start=monday)
    actions.approve_week(sheet=sheet, actor=context["users"]["koordinaattori"])
    table = exports.payroll_table(association, monday.replace(day=1))
    row = next(r for r in table.rows if r[:2] == ["Testaaja", "Eetu"])
    assert row[2] == Decimal("3.5")


def test_a_worker_sees_their_own_hours_and_answers_a_due_assessment(phone_page, demo):
    from evaluation.models import Assessment, Respondent
    from evaluation.tests.factories import InstrumentFactory

    context, _association, _employment, today = demo
    instrument = InstrumentFactory(
        municipality=context["municipality"], name="Arjen sujuminen", respondent=Respondent.WORKER
    )
    browser_login(phone_page, "tyontekija", "ryhmademo")
    phone_page.goto(phone_page.base_url + "/palvelut/omat-tunnit/")
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Omat tunnit"
    text = phone_page.content()
    # The demo worker's hours of this month so far, each with its status.
    assert "Yhteensä" in text and "tässä kuussa" in text
    if today.day > 7:
        assert phone_page.locator("table tbody tr").count() > 0
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360

    phone_page.goto(phone_page.base_url + "/arviointi/omat-arviot/")
    phone_page.get_by_role("link", name="Vastaa: Arjen sujuminen").click()
    for group in phone_page.locator("fieldset").all():
        group.locator("input[type=radio]").nth(5).check()
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Lähetä vastaukseni").click()
    assert "Kiitos: vastauksesi tallennettiin." in phone_page.content()
    answered = Assessment.objects.get(instrument=instrument)
    assert answered.by_self_service and answered.worker.user.username == "tyontekija"
    assert "Arjen sujuminen" in phone_page.locator("table").inner_text()
