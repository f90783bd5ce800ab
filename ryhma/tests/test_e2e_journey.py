"""Each demo user logs in, sees their Finnish home page, switches language and logs out."""

import pytest

from conftest import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOME_HEADINGS = {
    "koordinaattori": "Pudasjärven kylien ryhmätyöllistäminen",
    "kyla": "Työtunnit, viikko",
    "kyla2": "Työtunnit, viikko",
    "virkailija": "Tilannekuvat ja vaikuttavuusraportit",
}


@pytest.mark.parametrize("username", list(HOME_HEADINGS))
def test_demo_user_logs_in_switches_language_and_logs_out(page, username, demo_seed):
    browser_login(page, username, "ryhmademo")
    heading = page.get_by_role("heading", level=1)
    assert HOME_HEADINGS[username] in heading.inner_text()
    assert page.locator("html").get_attribute("lang") == "fi"

    with page.expect_navigation():
        page.get_by_role("button", name="Svenska").click()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("button", name="Logga ut").is_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    assert "/kirjaudu/" in page.url
    assert page.get_by_role("button", name="Log in").is_visible()


def test_staff_home_works_on_a_phone(phone_page, demo_seed):
    browser_login(phone_page, "kyla", "ryhmademo")
    assert "Livokas ry" in phone_page.content()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide on a 360px screen"
