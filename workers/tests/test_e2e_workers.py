"""The coordinator adds a worker, a contract and a subsidy decision; kyla sees the worker,
kyla2 (another association) gets 404 on the worker's page."""

import datetime

import pytest
from django.utils import timezone

from conftest import assert_accessible, browser_login, close_context
from workers.models import Worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_adds_worker_contract_and_decision_and_only_kyla_sees_them(
    page, browser, demo_seed
):
    start = timezone.localdate() + datetime.timedelta(days=14)
    browser_login(page, "koordinaattori", "ryhmademo")
    page.goto(page.base_url + "/tyontekijat/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Lisää työntekijä").click()
    assert_accessible(page)
    page.get_by_label("Etunimi").fill("Testi")
    page.get_by_label("Sukunimi").fill("Tekijäinen")
    page.get_by_label("Syntymävuosi").fill("1966")
    page.locator("[name=months_unemployed_last_28]").fill("26")
    page.locator("[name=months_unemployed_last_14]").fill("14")
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Testi Tekijäinen"

    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Uusi sopimus").click()
    assert_accessible(page)
    page.get_by_label("Yhdistys").select_option(label="Livokas ry")
    page.locator("[name=starts_on]").fill(start.isoformat())
    page.locator("[name=ends_on]").fill((start + datetime.timedelta(days=300)).isoformat())
    page.locator("[name=hours_per_week]").fill("25")
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna").click()
    # 25 h is more than the 24,4 h (65 %) the association subsidy covers: confirmed first.
    assert "enemmän kuin 24,4 h (65 % kokoaikaisesta)" in page.content()
    page.get_by_label("Tarkistin yllä olevat epätavalliset arvot: ne ovat oikein").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna").click()
    assert "Työsopimus tallennettiin" in page.content()

    with page.expect_navigation():
        page.get_by_role("link", name="Lisää päätös").click()
    assert "55 vuotta täyttäneiden" in page.content()
    assert_accessible(page)
    page.locator("[name=decision_number]").fill("PT-E2E-1")
    page.locator("[name=decided_on]").fill((start - datetime.timedelta(days=7)).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna").click()
    assert "Tukipäätös tallennettiin" in page.content()
    assert "PT-E2E-1" in page.content()
    for link in ("Henkilön lokitiedot", "Vie henkilön tiedot", "Kirjautumistunnus"):
        with page.expect_navigation():
            page.get_by_role("link", name=link).click()
        assert_accessible(page)
        page.go_back()
    page.goto(page.base_url + "/tyontekijat/tuonti/")
    assert_accessible(page)
    page.goto(page.base_url + "/tyontekijat/ryhmatoiminta/")
    with page.expect_navigation():
        page.get_by_role("link", name="Vertaistukiryhmä, Livo").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna").click()
    assert "Ryhmätoiminta tallennettiin" in page.content()

    worker = Worker.objects.get(last_name="Tekijäinen")
    url = f"{page.base_url}/tyontekijat/{worker.pk}/"
    for username, status in (("kyla", 200), ("kyla2", 404)):
        context = browser.new_context(locale="fi-FI")
        other = context.new_page()
        other.base_url = page.base_url
        browser_login(other, username, "ryhmademo")
        if status == 200:
            other.goto(page.base_url + "/tyontekijat/?q=Tekijäinen")
            with other.expect_navigation():
                other.get_by_role("link", name="Testi Tekijäinen").click()
            assert other.get_by_role("heading", level=1).inner_text() == "Testi Tekijäinen"
        else:
            assert other.goto(url).status == 404
        close_context(context)
