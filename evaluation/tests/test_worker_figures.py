"""The workers' figures: each worker's person-months, hours, employer cost and pay subsidy
income for the dashboard's selection, 50 to a page (coordinators only)."""

import re

import pytest
from django.urls import reverse

from evaluation import selectors
from evaluation.selectors import Period
from ryhma.templatetags.ryhma_tags import euro
from ryhma.testing import count_queries

pytestmark = pytest.mark.django_db
WORKERS = reverse("evaluation:worker_figures")
YEAR_2026 = {"year": "2026", "month_from": "1", "month_to": "12"}


def names_on(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/arviointi/tyontekija/\d+/">([^<]*)</a>', page)


def test_each_workers_figures_are_listed_by_name_with_a_link_to_their_assessments(
    client, coordinator, programme, association, params2026, hours_per_month, make_crew
):
    workers = make_crew(3, association)
    client.force_login(coordinator)
    page = client.get(WORKERS, YEAR_2026).content.decode()
    economy = selectors.economy(programme, Period(2026))
    assert names_on(page) == [str(row.worker) for row in economy.workers]
    assert "3 henkilöä työllistettynä jaksolla." in page
    for row in economy.workers:
        link = reverse("evaluation:worker_assessments", args=[row.worker.pk])
        cells = page.split(f'<a href="{link}">{row.worker}</a></th>')[1].split("</tr>")[0]
        assert "<td>Livo</td>" in cells
        assert '<td class="text-end">12,00</td>' in cells  # person-months
        assert "1\xa0200\xa0h" in cells
        assert euro(row.values["employer_cost"]) in cells
        assert euro(row.values["subsidy_income"]) in cells
    assert {str(worker) for worker in workers} == set(names_on(page))
    # How the euros were computed, for the same selection.
    explain = reverse("evaluation:explain", args=["employer_cost"])
    assert f"{explain}?year=2026&amp;month_from=1&amp;month_to=12" in page


def test_a_city_crew_is_paged_fifty_at_a_time_and_the_pages_keep_the_selection(
    client, coordinator, programme, association, params2026, hours_per_month, make_crew
):
    make_crew(55, association)
    client.force_login(coordinator)
    everyone = [str(row.worker) for row in selectors.economy(programme, Period(2026)).workers]
    first = client.get(WORKERS, YEAR_2026).content.decode()
    assert names_on(first) == everyone[:50]
    assert "55 henkilöä työllistettynä jaksolla." in first
    assert "Sivu 1 / 2" in first
    next_page = "?year=2026&amp;month_from=1&amp;month_to=12&amp;sivu=2"
    assert f'<a class="page-link" href="{next_page}">Seuraava</a>' in first
    second = client.get(WORKERS, {**YEAR_2026, "sivu": "2"}).content.decode()
    assert names_on(second) == everyone[50:]
    assert "Sivu 2 / 2" in second and "Edellinen" in second and "Seuraava" not in second


def test_the_village_filter_lists_only_that_villages_workers(
    client,
    coordinator,
    programme,
    association,
    other_association,
    params2026,
    hours_per_month,
    make_crew,
):
    livo = make_crew(2, association)
    jongu = make_crew(3, other_association)
    client.force_login(coordinator)
    page = client.get(
        WORKERS, {**YEAR_2026, "village": str(other_association.village.pk)}
    ).content.decode()
    assert sorted(names_on(page)) == sorted(str(worker) for worker in jongu)
    assert all(str(worker) not in page for worker in livo)


def test_officials_cannot_open_anyones_figures(
    client, official, programme, association, params2026, hours_per_month, make_crew
):
    workers = make_crew(5, association)
    client.force_login(official)
    response = client.get(WORKERS, YEAR_2026)
    assert response.status_code == 404
    text = response.content.decode()
    assert all(str(worker) not in text for worker in workers)
    assert "/arviointi/tyontekija/" not in text


def test_the_workers_page_runs_the_same_number_of_queries_at_two_sizes(
    client, coordinator, programme, association, params2026, hours_per_month, make_crew
):
    client.force_login(coordinator)
    make_crew(5, association)
    small = count_queries(lambda: client.get(WORKERS, YEAR_2026))
    make_crew(60, association)
    large = count_queries(lambda: client.get(WORKERS, {**YEAR_2026, "sivu": "2"}))
    assert small == large
