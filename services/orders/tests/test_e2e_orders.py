"""A villager's request goes through the whole order path and ends on the month's invoice."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from conftest import assert_accessible, browser_login
from services.models import Invoice, OrderStatus, ServiceOrder
from villages.models import Association
from workers.tests.factories import EmploymentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_public_request_is_scheduled_assigned_done_and_invoiced(page, demo_seed):
    livokas = Association.objects.get(name="Livokas ry")
    today = timezone.localdate()
    crew = [
        EmploymentFactory(
            association=livokas,
            worker__municipality=livokas.village.municipality,
            worker__first_name=first,
            worker__last_name="Testinen",
            starts_on=today - datetime.timedelta(days=60),
            ends_on=today + datetime.timedelta(days=60),
        ).worker
        for first in ("Pentti", "Riitta")
    ]

    # A villager, not logged in, asks for yard work.
    page.goto(f"{page.base_url}/palvelut/tilaa/{livokas.pk}/")
    assert_accessible(page)
    page.get_by_label("Nimesi").fill("Elsa Esimerkki")
    page.get_by_label("Puhelin").fill("040 555 1234")
    page.get_by_label("Osoite, jossa työ tehdään").fill("Livontie 77")
    page.get_by_label("Palvelu").select_option(label="Piha- ja puutarhatyöt")
    page.get_by_label("Mitä tarvitset?").fill("Syksyn lehtien haravointi")
    page.get_by_label("Hyväksyn, että yhdistys", exact=False).check()
    page.wait_for_timeout(3200)  # a person takes a while; faster sends are refused
    with page.expect_navigation():
        page.get_by_role("button", name="Lähetä pyyntö").click()
    assert "Kiitos, pyyntösi on lähetetty" in page.content()

    # Village staff schedule it, assign two workers and mark it done with feedback.
    browser_login(page, "kyla", "ryhmademo")
    page.goto(page.base_url + "/palvelut/tilaukset/")
    assert_accessible(page)
    page.get_by_role("link", name="Elsa Esimerkki").first.click()
    assert_accessible(page)
    page.get_by_label("Sovittu päivä").fill(today.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna päivä").click()
    for worker in crew:
        page.get_by_label(str(worker)).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Nimeä", exact=True).click()
    assert "Tekijät nimettiin." in page.content()
    page.get_by_label("Tehdyt tunnit").fill("2,5")
    page.get_by_label("Asiakastyytyväisyys (1–5)").select_option("5")
    page.get_by_label("Asiakaspalaute").fill("Kiitos, piha on kuin uusi!")
    with page.expect_navigation():
        page.get_by_role("button", name="Merkitse tehdyksi", exact=True).click()
    assert "Tilaus merkittiin tehdyksi." in page.content()
    order = ServiceOrder.objects.get(customer__name="Elsa Esimerkki")
    assert order.status == OrderStatus.DONE and order.workers.count() == 2
    with page.expect_navigation():
        page.get_by_role("link", name="Viikko-ohjelma").click()
    assert "Elsa Esimerkki" in page.content()
    assert_accessible(page)

    # The month's invoices are made; the villager's invoice PDF shows the work.
    page.goto(f"{page.base_url}/palvelut/yhdistys/{livokas.pk}/laskut/{today.year}/{today.month}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Laadi kuukauden laskut").click()
    assert_accessible(page)
    invoice = Invoice.objects.get(customer__name="Elsa Esimerkki")
    link = page.get_by_role("link", name=f"Lasku {invoice.number} (PDF)")
    response = page.request.get(page.base_url + link.get_attribute("href"))
    assert response.status == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Elsa Esimerkki" in text and "Piha- ja puutarhatyöt" in text
    assert "Livokas ry" in text and livokas.business_id in text
    assert re.search(r"Viitenumero\s+[\d ]+", text)
