"""In the browser: the main navigation fits one line at 1280 px, its menus open and close with
the keyboard, and on a phone the collapsed menu opens with the keyboard too."""

import pytest

from conftest import assert_accessible, browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "salasana-testi-123"


def focused_text(page) -> str:
    return page.evaluate("() => document.activeElement.textContent.trim()")


def tab_to(page, text: str, limit: int = 40) -> None:
    for _press in range(limit):
        page.keyboard.press("Tab")
        if focused_text(page).endswith(text):
            return
    raise AssertionError(f"Tab never reached {text!r}")


def test_coordinator_navigation_fits_at_1280_and_works_with_the_keyboard(
    page, coordinator, programme
):
    browser_login(page, "koordinaattori", PASSWORD)
    navbar = page.locator("header nav.navbar")
    assert navbar.bounding_box()["height"] < 70, "the navigation wraps onto a second line"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert_accessible(page)

    tab_to(page, "Raportit")
    reports = page.locator("#nav-reports")
    assert reports.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert reports.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert focused_text(page) == "Tilannekuvat ja raportit"
    page.keyboard.press("Escape")
    assert reports.get_attribute("aria-expanded") == "false"
    assert focused_text(page) == "Raportit"

    page.keyboard.press("Enter")
    for _item in range(3):
        page.keyboard.press("ArrowDown")
    assert focused_text(page) == "Lokitiedot"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/tapahtumaloki/")

    tab_to(page, coordinator.first_name)
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    assert focused_text(page) == "Vaihda salasana"


def test_phone_menu_opens_with_the_keyboard(phone_page, staff):
    browser_login(phone_page, "kyla", PASSWORD)
    links = phone_page.locator("#main-nav")
    assert not links.is_visible()
    toggler = phone_page.get_by_role("button", name="Näytä tai piilota valikko")
    for _press in range(5):  # the skip link, the brand, then the toggler
        phone_page.keyboard.press("Tab")
        if phone_page.evaluate("document.activeElement.classList.contains('navbar-toggler')"):
            break
    else:
        raise AssertionError("Tab never reached the menu button")
    phone_page.keyboard.press("Enter")
    phone_page.get_by_role("link", name="Työtunnit").wait_for()
    assert toggler.get_attribute("aria-expanded") == "true"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone_page)
