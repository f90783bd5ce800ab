"""The browser fixtures catch Content-Security-Policy violations; our pages cause none."""

import base64

import pytest

from conftest import browser_login

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


def test_menu_opens_on_a_phone_under_the_policy(phone_page, demo_seed):
    browser_login(phone_page, "koordinaattori", "ryhmademo")
    phone_page.get_by_role("button", name="Näytä tai piilota valikko").click()
    assert phone_page.get_by_role("link", name="Ohjelmat").is_visible()


def test_coordinator_turns_on_two_factor_login_in_the_browser(page, coordinator, municipality):
    from django_otp.oath import TOTP

    from conftest import assert_accessible

    municipality.coordinators_need_two_factor = True
    municipality.save()
    browser_login(page, "koordinaattori", "salasana-testi-123")
    assert "/kaksivaihe/kayttoon/" in page.url
    assert_accessible(page)
    # What the user types into the app: the key shown on the page.
    secret = page.locator("#two-factor-key").inner_text().replace(" ", "")
    app = TOTP(base64.b32decode(secret + "=" * (-len(secret) % 8)))
    page.get_by_label("Todennussovelluksen koodi").fill(f"{app.token():06d}")
    with page.expect_navigation():
        page.get_by_role("button", name="Ota kaksivaiheinen tunnistautuminen käyttöön").click()
    assert "Kaksivaiheinen tunnistautuminen on nyt käytössä" in page.content()
    assert "/kaksivaihe/" not in page.url


def test_admin_pages_keep_to_the_policy(page, coordinator, municipality):
    from ryhma.tests.factories import UserFactory

    UserFactory(username="paakayttaja", is_staff=True, is_superuser=True)
    page.goto(page.base_url + "/admin/login/")
    page.get_by_label("Käyttäjätunnus").fill("paakayttaja")
    page.get_by_label("Salasana").fill("salasana-testi-123")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirjaudu sisään").click()
    for path in (
        "/admin/",
        "/admin/ryhma/user/",
        f"/admin/ryhma/user/{coordinator.pk}/change/",
        f"/admin/villages/municipality/{municipality.pk}/change/",
        "/admin/ryhma/auditevent/",
    ):
        response = page.goto(page.base_url + path)
        assert response.status == 200, path
    # The page fixture fails the test at teardown if any of these broke the CSP.
