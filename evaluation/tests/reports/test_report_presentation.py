"""What a lay reader of the report notices: a negative net cost said in words, plural
forms, one date format per language, the file name in the report's language."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from evaluation import selectors
from evaluation.models import ReportJob, ReportKind
from evaluation.report_views import report_filename
from evaluation.reports import render
from evaluation.tests.reports.test_report_render import flat, pdf_text
from ryhma.exports import finnish_csv
from services.orders import actions as order_actions
from services.orders.models import Unit, quantity_text
from services.tests.factories import ServiceFactory, ServiceOrderFactory


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fi",
            "yhdistykset hyötyivät: palkkatuki, kuntalisä ja palvelutulot olivat yhteensä"
            " 85\xa0960,00\xa0€ suuremmat",
        ),
        ("sv", "tillsammans 85\xa0960,00\xa0€ större"),
        ("en", "exceeded their employer cost by 85,960.00\xa0€."),
    ],
)
def test_a_negative_net_cost_of_the_associations_is_said_in_words(language, expected):
    """Employer cost 200 000 €, subsidies and revenue 285 960 €: net cost −85 960 €, so the
    associations gained 85 960 €."""
    net_cost = Decimal("200000.00") - Decimal("285960.00")
    with translation.override(language):
        assert expected in render.association_gain_note(net_cost)
        assert render.association_gain_note(Decimal("0")) == ""
        assert render.association_gain_note(Decimal("12.50")) == ""
        assert render.association_gain_note(None) == ""


@pytest.fixture
def hall_cleaning_sold(association, staff):
    """A month of village-hall cleaning sold for 4 000 €, done and invoiced in March 2026:
    more than the crew's net cost before revenue (subsidy and top-up never exceed the wage
    costs, so only revenue can make an association gain)."""
    service = ServiceFactory(association=association, unit=Unit.MONTH, price=Decimal("4000.00"))
    order = ServiceOrderFactory(
        association=association, service=service, scheduled_on=datetime.date(2026, 3, 2)
    )
    order_actions.complete_order(
        order=order,
        completed_on=datetime.date(2026, 3, 2),
        hours=None,
        units=Decimal("1"),
        expected_version=1,
        actor=staff,
    )
    order_actions.create_month_invoices(
        association=association,
        year=2026,
        month=3,
        actor=staff,
        issued_on=datetime.date(2026, 4, 1),
    )


def test_the_pdf_explains_the_associations_negative_net_cost(
    crew, hall_cleaning_sold, programme_scope
):
    """The crew's subsidy, top-up and the sold cleaning exceed its employer cost."""
    data = render.collect(programme_scope)
    net_cost = data.economy["association_net_cost"]
    assert net_cost < 0
    text = flat(pdf_text(render.render_pdf(programme_scope, "fi")[0]))
    gained = f"{-net_cost:,.2f}".replace(",", " ").replace(".", ",")
    note = "Nettokustannus alle nollan tarkoittaa, että yhdistykset hyötyivät"
    assert text.count(note) == 2  # in the summary and in the economy section
    assert f"yhteensä {gained} € suuremmat" in text


@pytest.mark.parametrize(
    ("language", "units", "unit", "expected"),
    [
        ("fi", "3.50", Unit.HOUR, "3,50 tuntia"),
        ("fi", "1", Unit.HOUR, "1 tunti"),
        ("fi", "1.5", Unit.HOUR, "1,50 tuntia"),
        ("fi", "2", Unit.PIECE, "2 kappaletta"),
        ("sv", "1", Unit.MONTH, "1 månad"),
        ("sv", "3.5", Unit.HOUR, "3,50 timmar"),
        ("en", "1", Unit.HOUR, "1 hour"),
        ("en", "0.5", Unit.HOUR, "0.50 hours"),
    ],
)
def test_quantities_have_their_plural_forms(language, units, unit, expected):
    with translation.override(language):
        assert quantity_text(Decimal(units), unit) == expected


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_one_date_format_in_each_language_on_pages_and_in_exports(language):
    day = datetime.date(2026, 12, 8)
    with translation.override(language):
        page = Template('{{ d|date:"SHORT_DATE_FORMAT" }} {{ d|date }}').render(Context({"d": day}))
    assert page == "8.12.2026 8.12.2026"
    assert finnish_csv([[day]]).strip("\ufeff\r\n") == "8.12.2026"


@pytest.mark.parametrize(
    ("language", "kind", "name"),
    [
        ("fi", ReportKind.PROGRAMME, "ryhma-vaikuttavuusraportti-2026-01-01-12.pdf"),
        ("sv", ReportKind.PROGRAMME, "ryhma-effektrapport-2026-01-01-12.pdf"),
        ("en", ReportKind.PROGRAMME, "ryhma-impact-report-2026-01-01-12.pdf"),
        ("fi", ReportKind.VILLAGE, "ryhma-kylaraportti-2026-01-01-12.pdf"),
        ("sv", ReportKind.INDIVIDUAL, "ryhma-personrapport-2026-01-01-12.pdf"),
    ],
)
def test_the_pdf_file_is_named_in_the_reports_language(language, kind, name):
    job = ReportJob(pk=12, kind=kind, language=language, period_start=datetime.date(2026, 1, 1))
    with translation.override("en" if language == "fi" else "fi"):  # not the reader's
        assert report_filename(job) == name


def test_the_dashboard_says_in_words_what_a_negative_net_cost_means(
    client, coordinator, crew, hall_cleaning_sold, programme
):
    economy = selectors.economy(programme, selectors.Period(2026, 1, 12, None))
    net_cost = economy.totals["association_net_cost"]
    assert net_cost < 0
    client.force_login(coordinator)
    with translation.override("fi"):
        expected = render.association_gain_note(net_cost)
    response = client.get(
        reverse("evaluation:dashboard"),
        {"year": "2026", "month_from": "1", "month_to": "12"},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert response.status_code == 200
    assert expected in response.content.decode()
