"""The browser fixtures catch Content-Security-Policy violations; our pages cause none."""

import pytest

from conftest import browser_login
from ryhma.demo import seed_all

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_page_fixture_records_a_csp_violation(page):
    probe = page.base_url + "/csp-probe/"
    page.route(
        probe,
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Security-Policy": "script-src 'self'; style-src 'self'"},
            content_type="text/html",
            body='<!doctype html><p style="color:red">x</p><script>document.title="x"</script>',
        ),
    )
    page.goto(probe)
    page.wait_for_timeout(200)
    assert any("script-src" in text for text in page.csp_violations), page.csp_violations
    assert any("style-src" in text for text in page.csp_violations), page.csp_violations
    page.csp_violations.clear()


def test_menu_opens_on_a_phone_under_the_policy(phone_page):
    seed_all()
    browser_login(phone_page, "koordinaattori", "ryhmademo")
    phone_page.get_by_role("button", name="Näytä tai piilota valikko").click()
    assert phone_page.get_by_role("link", name="Ohjelmat").is_visible()
