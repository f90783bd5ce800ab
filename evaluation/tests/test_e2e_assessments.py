import pytest

from conftest import assert_accessible, browser_login
from evaluation.tests.factories import InstrumentFactory

PASSWORD = "salasana-testi-123"


def _record(page, worker, instrument, timepoint, day, values):
    page.goto(f"{page.base_url}/arviointi/tyontekija/{worker.pk}/")
    page.get_by_role("link", name=instrument.name).click()
    assert_accessible(page)
    page.get_by_label("Ajankohta").select_option(timepoint)
    page.get_by_label("Päivämäärä").fill(day)
    for item, value in zip(instrument.items.order_by("order"), values, strict=True):
        page.locator(f"input[name=item_{item.pk}][value='{value}']").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna arviointi").click()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_coordinator_records_assessments_and_the_dashboard_shows_the_change(
    page, coordinator, official, programme, association, params2026, make_crew
):
    workers = make_crew(5, association)
    for i, worker in enumerate(workers):
        worker.last_name = f"Salanimi{i}"
        worker.save()
    instrument = InstrumentFactory(
        municipality=programme.municipality, name="Elämäntilanne", items=["Terveyteni", "Arkeni"]
    )
    browser_login(page, coordinator.username, PASSWORD)
    _record(page, workers[0], instrument, "start", "2026-01-05", [3, 5])
    _record(page, workers[0], instrument, "m3", "2026-04-05", [6, 6])
    assert page.get_by_text("+2,00").is_visible()

    page.goto(f"{page.base_url}/arviointi/?year=2026")
    row = page.locator("tr", has=page.locator("th", has_text="Elämäntilanne"))
    assert "+2,00" in row.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Työntekijöiden luvut").click()
    assert page.get_by_role("heading", name="Työntekijöiden luvut").is_visible()
    assert page.get_by_role("link", name=str(workers[0])).is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Kirjaudu ulos").click()
    browser_login(page, official.username, PASSWORD)
    page.goto(f"{page.base_url}/arviointi/?year=2026")
    assert page.get_by_role("heading", name="Tunnusluvut").is_visible()
    text = page.content()
    assert all(worker.last_name not in text for worker in workers)
    assert_accessible(page)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_worker_answers_on_a_phone_through_the_personal_link_once(
    phone_page, coordinator, association, make_crew
):
    from evaluation.actions import create_assessment_link

    worker = make_crew(1, association)[0]
    instrument = InstrumentFactory(municipality=worker.municipality, items=["Terveyteni"])
    _link, token = create_assessment_link(
        worker=worker, instrument=instrument, timepoint="start", actor=coordinator
    )
    url = f"{phone_page.base_url}/arviointi/vastaa/{token}/"
    phone_page.goto(url)
    assert_accessible(phone_page)
    phone_page.get_by_label("7", exact=True).check()
    phone_page.get_by_role("button", name="Lähetä vastaukseni").click()
    assert phone_page.get_by_role("heading", name="Kiitos").is_visible()
    phone_page.goto(url)
    assert phone_page.get_by_role("heading", name="Linkki ei toimi").is_visible()
