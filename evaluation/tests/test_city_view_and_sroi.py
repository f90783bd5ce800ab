"""The city view (benefit days across contracts, the adjusted benefit switch, the city's
share of the subsidy) and the SROI details, worked out by hand, and the same numbers in
`economy_summary`, on the dashboard and in the PDF (issue 15).

Seeded 2026 defaults; every worker has 100 approved hours a month at 12.00 €/h
(`hours_per_month`): pay 1 200.00, avoided benefit min(37.21 × 21.5 = 800.015,
50 % × 1 200.00) = 600.00 a full month.
"""

import datetime
import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluation import selectors
from evaluation.inputs import ServiceFigures
from evaluation.models import QuantitySource, SroiProxy
from evaluation.selectors import programme_economy
from workers.models import ParameterKey, ParameterValue, SubsidyType
from workers.tests.factories import EmploymentFactory, SubsidyDecisionFactory, WorkerFactory

pytestmark = pytest.mark.django_db
APRIL = selectors.Period(2026, 4, 4)


def summary(programme) -> dict:
    out = StringIO()
    call_command("economy_summary", programme=programme.slug, year=2026, stdout=out)
    return json.loads(out.getvalue())


def test_benefit_days_keep_counting_across_a_persons_two_contracts(
    programme, municipality, association, params2026, hours_per_month
):
    """650 days at the start of the first contract (1.1.–31.3.), the second from 1.4.:
    at the start of April 650 + 3 × 21.5 = 714.5 days → 50 % (not 650 → 45 % again):
    the city's share of April 600.00 × 50 % = 300.00 (it would be 270.00)."""
    worker = WorkerFactory(municipality=municipality, benefit_days=650)
    EmploymentFactory(
        worker=worker,
        association=association,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 3, 31),
    )
    EmploymentFactory(
        worker=worker,
        association=association,
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    april = selectors.economy(programme, APRIL).totals
    assert april["city_avoided_benefit_share"] == D("300.00")


def test_whole_benefit_with_the_adjusted_benefit_switch_off(
    programme, association, params2026, hours_per_month, make_crew
):
    """Switch off: the whole benefit stops: 800.015 → 800.02; the city's 50 %: 400.01."""
    make_crew(1, association)
    ParameterValue.objects.filter(key=ParameterKey.ADJUSTED_BENEFIT).update(value=0)
    april = selectors.economy(programme, APRIL).totals
    assert april["public_avoided_benefit"] == D("800.02")
    assert april["city_avoided_benefit_share"] == D("400.01")


def test_city_pays_its_share_of_the_employment_areas_subsidy(
    programme, association, params2026, hours_per_month, make_crew
):
    """City's share 60 %: 1 448.64 × 60 % = 869.184 → 869.18 of the April subsidy."""
    make_crew(1, association)
    ParameterValue.objects.filter(key=ParameterKey.CITY_SHARE_OF_SUBSIDY).update(value=60)
    april = selectors.economy(programme, APRIL).totals
    assert april["subsidy_income"] == D("1448.64")
    assert april["city_paid_subsidy"] == D("869.18")


def test_cumulation_limit_shows_the_top_up_paid_and_the_amount_cut(
    programme, municipality, association, params2026, hours_per_month
):
    """A 100 % decision with no cap and 100 h: the subsidy 1 448.64 fits the wage costs
    1 644.21 (no excess), and the top-up is cut: 1 644.21 − 1 448.64 = 195.57 paid of
    450.00, 254.43 shown as cut."""
    worker = WorkerFactory(municipality=municipality)
    employment = EmploymentFactory(worker=worker, association=association)
    SubsidyDecisionFactory(
        employment=employment, subsidy_type=SubsidyType.ASSOCIATION_100, monthly_cap=None
    )
    april = selectors.economy(programme, APRIL).totals
    assert (april["municipal_top_up"], april["top_up_cut"], april["subsidy_excess"]) == (
        D("195.57"),
        D("254.43"),
        D("0.00"),
    )


def test_sroi_ratio_of_nothing_valued_is_zero_in_json_and_on_the_dashboard(
    client, coordinator, programme, association, params2026, hours_per_month, make_crew
):
    make_crew(5, association)
    data = summary(programme)
    assert data["sroi_ratio"] == "0.00"
    assert data["sroi"]["ratio"] == "0.00" and data["sroi"]["outcomes"] == []
    client.force_login(coordinator)
    text = client.get(reverse("evaluation:dashboard"), {"year": "2026"}).content.decode()
    assert "data-sroi-ratio>0</p>" in text


def test_sroi_lists_every_proxy_and_deduction_in_json_and_on_the_dashboard(
    client,
    coordinator,
    programme,
    municipality,
    association,
    params2026,
    hours_per_month,
    make_crew,
    monkeypatch,
):
    """5 workers all 2026 (6 000 h); customers paid 500.00 for the services.

    services  = 6 000 h × 20.00 = 120 000.00 − 500.00 paid = 119 500.00
                × 0.80 × 0.75 × 0.90 = 64 530.00; / 1.035 = 62 347.826 → 62 347.83
    fiscal    = avoided benefit 60 × 600.00 = 36 000.00 × 1.00 × 0.54 = 19 440.00
                / 1.035 = 18 782.609 → 18 782.61 (apart from the social value)
    investment = employer cost 60 × 1 704.21 = 102 252.60 + coordination 42 000.00
               = 144 252.60
    ratio = (62 347.83 + 18 782.61) / 144 252.60 = 0.5624… → 0.56; social only 0.43
    """
    make_crew(5, association)
    monkeypatch.setattr(
        programme_economy,
        "service_figures",
        lambda associations, start, end: ServiceFigures(True, revenue=D("500.00")),
    )
    SroiProxy.objects.create(
        municipality=municipality,
        name="Lähipalvelut kylille",
        quantity_source=QuantitySource.HOURS,
        value_per_unit=D("20.00"),
        source="Kylien hinnasto 2026",
        status="G",
    )
    SroiProxy.objects.create(
        municipality=municipality,
        name="Vältetty työttömyysetuus",
        quantity_source=QuantitySource.AVOIDED_BENEFIT,
        value_per_unit=D("1.00"),
        source="Kela",
        status="V",
    )
    data = summary(programme)
    sroi = data["sroi"]
    assert data["holiday_pay"] == "9720.00"
    assert (sroi["ratio"], sroi["social_ratio"], data["sroi_ratio"]) == ("0.56", "0.43", "0.56")
    assert (sroi["social_value"], sroi["fiscal_value"]) == ("62347.83", "18782.61")
    assert sroi["investment"] == "144252.60"
    assert sorted(sroi["investment_includes"].values()) == ["102252.60", "42000.00"]
    assert sroi["deductions"] == {
        "sroi_deadweight": "20.0000",
        "sroi_attribution": "25.0000",
        "sroi_displacement": "10.0000",
        "sroi_drop_off": "30.0000",
        "sroi_discount_rate": "3.5000",
    }
    services, fiscal = sorted(sroi["outcomes"], key=lambda o: o["fiscal"])
    assert (services["quantity"], services["gross_value"], services["customers_paid"]) == (
        "6000.00",
        "120000.00",
        "500.00",
    )
    assert services["first_year_after_deductions"] == "64530.00"
    assert services["present_value"] == "62347.83"
    assert (services["source"], services["status"]) == ("Kylien hinnasto 2026", "G")
    assert fiscal["fiscal"] is True and fiscal["present_value"] == "18782.61"
    client.force_login(coordinator)
    text = client.get(reverse("evaluation:dashboard"), {"year": "2026"}).content.decode()
    for shown in ("62\xa0347,83\xa0€", "18\xa0782,61\xa0€", "144\xa0252,60\xa0€", "0,56"):
        assert shown in text
    assert "Kylien hinnasto 2026 [G]" in text


def test_employment_started_before_its_decision_counts_0_and_the_total_says_why(
    client, coordinator, programme, municipality, association, params2026, hours_per_month
):
    """Contract from 2.3.2026, its only decision dated 9.3.2026: no subsidy at all, and the
    "how was this computed" page of the year's subsidy says so."""
    worker = WorkerFactory(municipality=municipality)
    employment = EmploymentFactory(
        worker=worker, association=association, starts_on=datetime.date(2026, 3, 2)
    )
    SubsidyDecisionFactory(
        employment=employment,
        starts_on=datetime.date(2026, 3, 9),
        decided_on=datetime.date(2026, 3, 9),
        decision_number="PT-900",
    )
    assert selectors.economy(programme, selectors.Period(2026)).totals["subsidy_income"] == D(
        "0.00"
    )
    client.force_login(coordinator)
    page = client.get(
        reverse("evaluation:explain", args=["subsidy_income"]), {"year": "2026"}
    ).content.decode()
    assert "PT-900" in page and "9.3.2026" in page and "2.3.2026" in page
