"""In the browser: kyla fills in a week on a phone and submits it; the coordinator approves
it and downloads the payroll CSV."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import assert_accessible, browser_login
from services.hours.weeks import DAY, monday_of, week_code
from workers.tests.factories import EmploymentFactory, WorkerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_fill_a_week_on_a_phone_coordinator_approves_and_downloads_payroll(
    phone_page, page, demo_seed
):
    context = demo_seed
    association = context["associations"]["Livokas ry"]
    today = timezone.localdate()
    EmploymentFactory(
        worker=WorkerFactory(
            municipality=context["municipality"], first_name="Eetu", last_name="Testaaja"
        ),
        association=association,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=60),
        hourly_wage=Decimal("12.00"),
    )
    # This week's days up to today (at most three): only worked days are sent for approval.
    monday = monday_of(today)
    days = dict(list({0: "7,5", 1: "6", 2: "7,25"}.items())[: today.weekday() + 1])

    browser_login(phone_page, "kyla", "ryhmademo")
    phone_page.goto(f"{phone_page.base_url}/palvelut/viikko/?vko={week_code(monday)}")
    assert phone_page.locator(".day-picker").is_visible()
    assert_accessible(phone_page)
    for index, value in days.items():
        phone_page.locator(f'.day-picker button[data-day="{index}"]').click()
        cell = phone_page.get_by_label("Eetu Testaaja, Yleinen kylätyö, ", exact=False).locator(
            "visible=true"
        )
        assert cell.count() == 1
        cell.fill(value)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the grid is {width}px wide on a 360px screen"
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Tallenna ja lähetä hyväksyttäväksi").click()
    # The week has days still to come: the hours up to today were sent.
    assert "lähetettiin hyväksyttäväksi." in phone_page.content()

    browser_login(page, "koordinaattori", "ryhmademo")
    page.goto(page.base_url + "/palvelut/hyvaksynta/")
    assert_accessible(page)
    year, week, _day = monday.isocalendar()
    # Demo weeks sent today wait too: the row of Livokas ry's week, by its number.
    row = page.get_by_role("row").filter(has_text="Livokas ry").filter(has_text=f"{week}/{year}")
    with page.expect_navigation():
        row.get_by_role("button", name="Hyväksy").click()
    assert "Viikko hyväksyttiin." in page.content()

    last = monday + DAY * max(days)
    page.goto(f"{page.base_url}/palvelut/kuukausi/{association.pk}/{last.year}-{last.month}/")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").first.click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    expected = sum(
        Decimal(v.replace(",", "."))
        for i, v in days.items()
        if (monday + DAY * i).month == last.month
    )
    line = next(line for line in content.splitlines() if line.startswith("Testaaja;Eetu;"))
    assert line.split(";")[2] == f"{expected:.2f}".replace(".", ",")
