"""In the browser, on a 360 × 740 phone: the week grid without a connection. Hours typed
offline are kept on the device, survive a closed page and a lost session, and reach the
database exactly once when the connection returns; a clash with another phone's save is
shown with both values and loses nothing."""

import datetime
import re
import time
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from conftest import CSP_WATCH, assert_accessible, browser_login, close_context
from ryhma import offline
from ryhma.models import Role
from services.hours.weeks import DAY, monday_of, week_code
from services.models import SyncedSave, WorkEntry
from services.templatetags.hours_text import day_label
from villages.tests.factories import make_user
from workers.tests.factories import EmploymentFactory, WorkerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "salasana-testi-123"
OFFLINE_BANNER = "Ei yhteyttä – tallennetaan kun yhteys palaa"


class Phone:
    """One phone: a browser context of its own (its own storage, service worker and cookies)."""

    def __init__(self, browser, live_server):
        self.base_url = live_server.url
        self.context = browser.new_context(
            locale="fi-FI",
            viewport={"width": 360, "height": 740},
            is_mobile=True,
            has_touch=True,
            service_workers="allow",
        )
        self.context.add_init_script(CSP_WATCH)
        self.violations = []
        self.page = None

    def open(self, path=""):
        page = self.context.new_page()
        page.set_default_timeout(20000)
        page.base_url = self.base_url
        page.on(
            "console",
            lambda message: (
                message.text.startswith("CSP violation:") and self.violations.append(message.text)
            ),
        )
        self.page = page
        if path:
            page.goto(self.base_url + path)
        return page

    def set_offline(self, offline: bool):
        self.context.set_offline(offline)

    def close(self):
        close_context(self.context)
        assert not self.violations, self.violations


@pytest.fixture
def phones(browser, live_server):
    made = []

    def make():
        phone = Phone(browser, live_server)
        made.append(phone)
        return phone

    yield make
    for phone in made:
        phone.close()


@pytest.fixture
def crew(association):
    today = timezone.localdate()
    return EmploymentFactory(
        worker=WorkerFactory(
            municipality=association.village.municipality, first_name="Eetu", last_name="Testaaja"
        ),
        association=association,
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=60),
        hours_per_week=Decimal("37.5"),
    )


def last_week():
    return monday_of(timezone.localdate()) - DAY * 7


def week_path(association):
    return f"/palvelut/viikko/?yhdistys={association.pk}&vko={week_code(last_week())}"


def wait_until_kept(page):
    """The service worker has kept the user's week pages on the device."""
    page.wait_for_selector("html[data-offline-ready]", state="attached", timeout=30000)


def fill_day(page, index, value):
    page.locator(f'.day-picker button[data-day="{index}"]').click()
    cell = page.get_by_label("Eetu Testaaja, Yleinen kylätyö, ", exact=False).locator(
        "visible=true"
    )
    assert cell.count() == 1
    cell.fill(value)


def cell_value(page, employment, index):
    day = last_week() + DAY * index
    return page.locator(f'input[name="c-{employment.pk}-general-{day:%Y%m%d}"]').input_value()


def entries():
    return sorted(
        (entry.work_date, entry.hours, entry.created_by.username)
        for entry in WorkEntry.objects.select_related("created_by")
    )


def wait_for_entries(count, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if WorkEntry.objects.count() >= count:
            return
        time.sleep(0.3)
    raise AssertionError(f"expected {count} entries, found {entries()}")


def kept_page_caches(page):
    """The device's caches of kept pages, by user ("pages-u<id>")."""
    names = page.evaluate("caches.keys()")
    return sorted(name.split("-", 2)[2] for name in names if "-pages-u" in name)


def start_on_the_week(phone, association, username="kyla"):
    page = phone.open()
    browser_login(page, username, PASSWORD)
    page.goto(phone.base_url + week_path(association))
    wait_until_kept(page)
    return page


def test_a_week_typed_offline_survives_a_closed_page_and_is_saved_once(
    phones, staff, association, crew
):
    phone = phones()
    page = start_on_the_week(phone, association)
    phone.set_offline(True)
    page.goto(phone.base_url + week_path(association))
    banner = page.locator("#offline-banner")
    expect(banner).to_contain_text(OFFLINE_BANNER)
    expect(banner).to_contain_text("Sivu on laitteelle tallennettu kopio ajalta")
    assert_accessible(page)

    # The same checks as online: a quarter hour, then the daily maximum.
    fill_day(page, 0, "7,3")
    page.get_by_role("button", name="Tallenna viikko").click()
    check = page.locator("#offline-check")
    expect(check).to_contain_text("Tunteja ei tallennettu")
    expect(check).to_contain_text("käytä varttitunteja")
    fill_day(page, 0, "17")
    page.get_by_role("button", name="Tallenna viikko").click()
    expect(check).to_contain_text("enintään 16 tuntia päivässä")

    typed = {0: "7,5", 1: "6", 2: "7,25"}
    for index, value in typed.items():
        fill_day(page, index, value)
    # Sending for approval needs a connection: the hours are kept, the page says so.
    page.get_by_role("button", name="Tallenna ja lähetä hyväksyttäväksi").click()
    expect(check).to_contain_text("Tallennettu laitteelle")
    expect(check).to_contain_text("vaatii yhteyden")
    expect(banner).to_contain_text("Lähetystä odottavia muutoksia: 1.")
    page.close()

    page = phone.open(week_path(association))
    expect(page.locator("#offline-banner")).to_contain_text(OFFLINE_BANNER)
    expect(page.locator("#offline-banner")).to_contain_text("Lähetystä odottavia muutoksia: 1.")
    expect(page.locator(".queued-mark").first).to_have_text("odottaa lähetystä")
    for index, value in typed.items():
        assert cell_value(page, crew, index) == value
    assert not WorkEntry.objects.exists()

    phone.set_offline(False)
    # The "online" event: the kept copy reloads from the server, which sends the kept save.
    wait_for_entries(3)
    banner = page.locator("#offline-banner")
    expect(banner).to_contain_text("Kaikki muutokset on lähetetty.", timeout=20000)
    expect(banner).to_contain_text("Viimeisin muutos meni perille")
    expect(banner).to_have_class(re.compile("alert-success"))
    # The page reloaded from the server: the values are the stored ones now.
    for index, value in typed.items():
        assert cell_value(page, crew, index) == value
    monday = last_week()
    assert entries() == [
        (monday, Decimal("7.50"), "kyla"),
        (monday + DAY, Decimal("6.00"), "kyla"),
        (monday + DAY * 2, Decimal("7.25"), "kyla"),
    ]
    assert SyncedSave.objects.count() == 1
    # Opened again: nothing is sent twice.
    page.reload()
    page.wait_for_load_state("networkidle")
    assert WorkEntry.objects.count() == 3 and SyncedSave.objects.count() == 1


def test_two_phones_edit_the_same_week_the_clash_is_shown_and_nothing_is_lost(
    phones, staff, municipality, association, crew
):
    make_user("kyla-toinen", Role.VILLAGE_STAFF, municipality, [association])
    offline_phone, online_phone = phones(), phones()
    page = start_on_the_week(offline_phone, association)
    offline_phone.set_offline(True)
    page.goto(offline_phone.base_url + week_path(association))
    fill_day(page, 0, "7,5")
    fill_day(page, 1, "6")
    page.get_by_role("button", name="Tallenna viikko").click()
    expect(page.locator("#offline-check")).to_contain_text("Tallennettu laitteelle")

    # Meanwhile a colleague with signal saves Monday with another value.
    other = start_on_the_week(online_phone, association, "kyla-toinen")
    fill_day(other, 0, "5")
    other.get_by_role("button", name="Tallenna viikko").click()
    expect(other.locator("body")).to_contain_text("Viikon tunnit tallennettiin.")
    monday = last_week()
    assert entries() == [(monday, Decimal("5.00"), "kyla-toinen")]

    offline_phone.set_offline(False)
    wait_for_entries(2)
    banner = page.locator("#offline-banner")
    with translation.override("fi"):
        label = f"Eetu Testaaja, {day_label(monday)}"
    expect(banner).to_contain_text(
        f"{label}: joku muu tallensi samaan aikaan 5 h, ja se jäi voimaan; "
        "sinun arvoasi ei tallennettu: 7,5 h.",
        timeout=20000,
    )
    # Monday keeps the colleague's value, Tuesday has the offline phone's; nothing twice.
    assert entries() == [
        (monday, Decimal("5.00"), "kyla-toinen"),
        (monday + DAY, Decimal("6.00"), "kyla"),
    ]
    assert cell_value(page, crew, 0) == "5" and cell_value(page, crew, 1) == "6"
    # The notice stays until read.
    page.reload()
    expect(banner).to_contain_text("sinun arvoasi ei tallennettu: 7,5 h.")
    banner.get_by_role("button", name="Selvä").click()
    expect(banner).not_to_contain_text("sinun arvoasi")
    assert WorkEntry.objects.count() == 2


def test_saves_kept_over_a_lost_session_go_only_with_the_same_user(
    phones, staff, municipality, association, crew
):
    colleague = make_user("kyla-toinen", Role.VILLAGE_STAFF, municipality, [association])
    phone = phones()
    page = start_on_the_week(phone, association)
    phone.set_offline(True)
    page.goto(phone.base_url + week_path(association))
    fill_day(page, 2, "4,5")
    page.get_by_role("button", name="Tallenna viikko").click()
    expect(page.locator("#offline-check")).to_contain_text("Tallennettu laitteelle")
    page.close()

    # The session ends while the phone is away from signal.
    phone.context.clear_cookies()
    phone.set_offline(False)
    page = phone.open(week_path(association))
    expect(page.get_by_label("Käyttäjätunnus")).to_be_visible()

    # Someone else logs in on the same phone: they neither see nor send the kept save.
    browser_login(page, "kyla-toinen", PASSWORD)
    page.goto(phone.base_url + week_path(association))
    wait_until_kept(page)
    page.wait_for_timeout(1500)
    assert cell_value(page, crew, 2) == ""
    assert page.locator(".queued-mark").count() == 0
    expect(page.locator("#offline-banner")).not_to_contain_text("Lähetystä odottavia")
    assert not WorkEntry.objects.exists()
    # The first user's kept pages are gone from the device; only the second one's are kept.
    assert kept_page_caches(page) == [f"pages-u{colleague.pk}"]
    page.locator('form[action="/kirjaudu-ulos/"] button').dispatch_event("click")
    page.wait_for_url("**/kirjaudu/**")
    expect(page.get_by_label("Käyttäjätunnus")).to_be_visible()
    assert kept_page_caches(page) == []

    # The same user again: the kept save goes, once.
    browser_login(page, "kyla", PASSWORD)
    page.goto(phone.base_url + week_path(association))
    wait_for_entries(1)
    expect(page.locator("#offline-banner")).to_contain_text(
        "Kaikki muutokset on lähetetty.", timeout=20000
    )
    assert entries() == [(last_week() + DAY * 2, Decimal("4.50"), "kyla")]
    assert SyncedSave.objects.count() == 1


def kept_releases(page):
    return sorted({name.split("-")[1] for name in page.evaluate("caches.keys()")})


def test_a_new_release_replaces_the_kept_pages_and_the_kept_save_still_goes_once(
    phones, staff, association, crew, settings
):
    settings.RYHMA_RELEASE = "r1"
    offline.release.cache_clear()
    try:
        phone = phones()
        page = start_on_the_week(phone, association)
        assert kept_releases(page) == ["r1"]
        phone.set_offline(True)
        page.goto(phone.base_url + week_path(association))
        fill_day(page, 3, "8")
        page.get_by_role("button", name="Tallenna viikko").click()
        expect(page.locator("#offline-check")).to_contain_text("Tallennettu laitteelle")

        # A new release is deployed while the phone is away from signal.
        settings.RYHMA_RELEASE = "r2"
        offline.release.cache_clear()
        phone.set_offline(False)
        wait_for_entries(1)
        # Only the new release's files and pages are kept; the page is the new release's
        # (it reloads when the new worker takes over; on a busy machine that takes a while).
        found, deadline = None, time.monotonic() + 60
        while found != ["r2"] and time.monotonic() < deadline:
            page.wait_for_timeout(300)
            try:
                found = kept_releases(page)
            except PlaywrightError:  # the page was reloading
                found = None
        assert found == ["r2"]
        page.wait_for_load_state()
        expect(page.locator('meta[name="ryhma-release"]')).to_have_attribute("content", "r2")
        assert entries() == [(last_week() + DAY * 3, Decimal("8.00"), "kyla")]
    finally:
        offline.release.cache_clear()


def test_hours_over_the_contract_need_the_same_confirmation_offline(
    phones, staff, association, crew
):
    phone = phones()
    page = start_on_the_week(phone, association)
    phone.set_offline(True)
    page.goto(phone.base_url + week_path(association))
    for index in range(5):
        fill_day(page, index, "8")
    page.get_by_role("button", name="Tallenna viikko").click()
    check = page.locator("#offline-check")
    expect(check).to_contain_text("Tunteja ei tallennettu: ne tarvitsevat vahvistuksesi")
    # 5 × 8 h = 40 h against the contract's 37,5 h.
    expect(check).to_contain_text(
        "Eetu Testaaja: tällä viikolla 40 h, enemmän kuin sopimuksen 37,5 h viikossa."
    )
    check.get_by_label("Vahvistan sopimuksen ylittävät tunnit").check()
    check.get_by_role("button", name="Tallenna viikko").click()
    expect(check).to_contain_text("Tallennettu laitteelle")

    phone.set_offline(False)
    wait_for_entries(5)
    assert sum(hours for _day, hours, _user in entries()) == Decimal("40")
