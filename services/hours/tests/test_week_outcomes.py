"""The week grid in the field: what a save did is said at the top, unsaved cells are marked,
future days are plans (never sent, approved or locked), and a locked month's late-hours
links work for service-order rows too."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from services.conftest import WEEK, day, make_crew
from services.hours import actions
from services.hours.models.entries import order_row_task
from services.models import EntryStatus, MonthLock, SheetStatus, Task, WeekSheet, WorkEntry
from services.tests.factories import ServiceOrderFactory, WorkEntryFactory

pytestmark = pytest.mark.django_db

WEEK_URL = reverse("services:week")
# Wednesday of the test week, at noon in Helsinki.
WEDNESDAY = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=datetime.UTC)


def post(client, association, cells, *, token="t", action="save", **extra):
    data = {"yhdistys": association.pk, "vko": "2026-W10", "version": 0, "token": token}
    data.update(action=action, original="{}", **extra)
    data.update(cells)
    return client.post(WEEK_URL, data)


def name(employment, offset, task=Task.GENERAL):
    return actions.cell_name(employment.pk, task, day(offset))


def test_over_contract_save_says_not_saved_at_the_top_and_keeps_the_typing(
    client, staff, association
):
    (employment,) = make_crew(association, 1, hours_per_week=Decimal("20"))
    client.force_login(staff)
    cells = {name(employment, n): "8" for n in range(3)}
    text = post(client, association, cells).content.decode()
    assert not WorkEntry.objects.exists()
    top = text.index('id="errors"')
    assert top < text.index('id="week-grid"')
    assert "Ei tallennettu: Työtunnit" in text  # the page title says it too
    assert "Tunteja ei tallennettu: ne tarvitsevat vahvistuksesi" in text
    # The confirmation sits beside a save button at the top and again at the bottom.
    confirm = text.index('id="confirm-over-contract"')
    assert top < confirm < text.index('form="week-form"', confirm) < text.index('id="week-grid"')
    assert 'id="confirm-over-contract-bottom"' in text
    # The typed cells are marked as not saved, and the form warns before leaving.
    assert text.count("ei tallennettu</span>") == 3
    assert 'data-unsaved="3"' in text
    response = post(client, association, cells, confirm_over_contract="1")
    assert response.status_code == 302 and WorkEntry.objects.count() == 3


@time_machine.travel(WEDNESDAY, tick=False)
def test_submit_sends_only_days_up_to_today_and_keeps_the_rest_as_a_plan(
    client, staff, coordinator, association
):
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    cells = {name(employment, n): "4" for n in range(5)}
    response = post(client, association, cells, action="submit")
    assert response.status_code == 302
    statuses = dict(WorkEntry.objects.values_list("work_date", "status"))
    assert [statuses[day(n)] for n in range(5)] == ["submitted"] * 3 + ["entered"] * 2
    page = client.get(response["Location"]).content.decode()
    assert "Tulevien päivien tunnit jäävät suunnitelmaksi" in page
    sheet = WeekSheet.objects.get()
    assert sheet.status == SheetStatus.SUBMITTED
    actions.approve_week(sheet=sheet, actor=coordinator)
    statuses = dict(WorkEntry.objects.values_list("work_date", "status"))
    assert [statuses[day(n)] for n in range(5)] == ["approved"] * 3 + ["entered"] * 2


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_week_still_to_come_is_saved_as_a_plan_but_not_sent(client, staff, association):
    (employment,) = make_crew(association, 1)
    client.force_login(staff)
    data = {"yhdistys": association.pk, "vko": "2026-W11", "version": 0, "token": "n"}
    data.update(action="submit", original="{}")
    data[actions.cell_name(employment.pk, Task.GENERAL, WEEK + datetime.timedelta(days=7))] = "5"
    text = client.post(WEEK_URL, data).content.decode()
    assert "Viikko ei ole vielä alkanut" in text
    assert "Tallennettu" in text
    entry = WorkEntry.objects.get()
    assert entry.status == EntryStatus.ENTERED and entry.hours == Decimal("5")


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_month_not_over_cannot_be_locked(staff, coordinator, association):
    (employment,) = make_crew(association, 1)
    WorkEntryFactory(employment=employment, work_date=day(0), status=EntryStatus.SUBMITTED)
    with pytest.raises(ValidationError, match="ei ole vielä päättynyt"):
        actions.lock_month(association=association, month=WEEK.replace(day=1), actor=coordinator)
    assert not MonthLock.objects.exists()


def test_late_hours_link_of_a_service_order_row_opens_and_adds_to_the_order(
    client, staff, association
):
    (employment,) = make_crew(association, 1)
    order = ServiceOrderFactory(
        association=association, scheduled_on=day(1), workers=[employment.worker]
    )
    MonthLock.objects.create(association=association, month=WEEK.replace(day=1))
    client.force_login(staff)
    page = client.get(f"{WEEK_URL}?yhdistys={association.pk}&vko=2026-W10").content.decode()
    link = reverse("services:add_late", args=[employment.pk, 2026, 3, 3, order_row_task(order.pk)])
    assert f'href="{link}"' in page
    assert client.get(link).status_code == 200
    response = client.post(link, {"hours": "3,5", "reason": "Unohtui"})
    assert response.status_code == 302
    entry = WorkEntry.objects.get()
    assert (entry.service_order_id, entry.task, entry.hours) == (
        order.pk,
        Task.SERVICE_ORDER,
        Decimal("3.5"),
    )


def test_late_hours_link_for_another_associations_order_is_404(
    client, staff, association, other_association
):
    (employment,) = make_crew(association, 1)
    order = ServiceOrderFactory(association=other_association)
    MonthLock.objects.create(association=association, month=WEEK.replace(day=1))
    client.force_login(staff)
    link = reverse("services:add_late", args=[employment.pk, 2026, 3, 3, order_row_task(order.pk)])
    assert client.get(link).status_code == 404


def test_week_page_says_which_days_are_locked_and_what_the_totals_include(
    client, staff, association
):
    (employment,) = make_crew(association, 1)
    # The week of 30.3.–5.4.2026: two days in March (locked), five in April.
    WorkEntryFactory(employment=employment, work_date=datetime.date(2026, 3, 30), hours=7)
    WorkEntryFactory(employment=employment, work_date=datetime.date(2026, 4, 1), hours=5)
    MonthLock.objects.create(association=association, month=datetime.date(2026, 3, 1))
    client.force_login(staff)
    text = client.get(f"{WEEK_URL}?yhdistys={association.pk}&vko=2026-W14").content.decode()
    assert "Viikon 2 päivää (30.3.–31.3.) on lukitulla kuukaudella." in text
    assert text.count("bi-lock") == 3  # the note and the two days' headers
    assert "niistä 7\xa0h lukitun kuukauden päivinä" in text
    assert "12\xa0h" in text


def test_the_grid_writes_numbers_one_way_per_language(client, staff, association):
    (employment,) = make_crew(association, 1)
    WorkEntryFactory(employment=employment, work_date=day(0), hours=Decimal("7.5"))
    client.force_login(staff)
    finnish = client.get(f"{WEEK_URL}?yhdistys={association.pk}&vko=2026-W10").content.decode()
    assert f'name="{name(employment, 0)}" value="7,5"' in finnish
    assert 'data-decimal=","' in finnish and "7,5\xa0h" in finnish
    client.cookies["django_language"] = "en"
    # The request activates English in this thread: restored afterwards for other tests.
    with translation.override("fi"):
        english = client.get(
            f"{WEEK_URL}?yhdistys={association.pk}&vko=2026-W10", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert '<html lang="en">' in english
    assert f'name="{name(employment, 0)}" value="7.5"' in english
    assert 'data-decimal="."' in english and "7.5\xa0h" in english
    assert "7,5" not in english
