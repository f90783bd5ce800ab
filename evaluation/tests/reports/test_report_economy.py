"""The report's economy section shows what the dashboard shows: the public sector view's
tax option, the subsidy cash gap and the avoided social assistance, to the cent."""

import datetime
from decimal import Decimal

import pytest

from evaluation import selectors
from evaluation.actions import record_assistance_drop
from evaluation.reports import render
from evaluation.reports.figures import Scope
from evaluation.reports.periods import year_period
from evaluation.tests.reports.test_report_render import flat, money, pdf_text
from workers.models import ParameterKey, ParameterValue
from workers.tests.factories import EmploymentFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def dashboard(programme, village=None):
    """The dashboard's economy for 2026 (the same selector and period as its page)."""
    return selectors.economy(programme, selectors.Period(2026, 1, 12, village))


def economy_text(scope) -> str:
    text = flat(pdf_text(render.render_pdf(scope, "fi")[0]))
    section = text.split("Sosiaalinen sijoitetun pääoman tuotto (SROI)", 1)[0]
    return section.split("Yhdistysten näkökulma", 1)[1]


def appendix_text(scope) -> str:
    text = flat(pdf_text(render.render_pdf(scope, "fi")[0]))
    return text.split("Käytetyt parametrien arvot", 1)[1]


def test_public_sector_view_says_the_taxes_are_left_out_by_default(crew, programme_scope):
    text = economy_text(programme_scope)
    assert "Käytetty vaihtoehto: julkisen sektorin näkymä jättää pois palkasta maksetut" in text
    assert "Julkisen sektorin näkymä laskee mukaan palkasta maksetut verot ja maksut" in text
    assert "Ryhmä-oletus: verot valinnaisesti mukaan" in text  # the option's source
    assert "Palkasta maksetut verot ja maksut" not in text


def test_public_sector_view_adds_the_taxes_when_the_option_is_on(crew, programme, programme_scope):
    """With the option on, the taxes returned and the net effect equal the dashboard's,
    and the rates used are printed with their sources."""
    ParameterValue.objects.filter(key=ParameterKey.PUBLIC_SECTOR_INCLUDES_TAXES).update(value=1)
    totals = dashboard(programme).totals
    assert totals["public_taxes_returned"] > 0
    text = economy_text(programme_scope)
    assert "Käytetty vaihtoehto: julkisen sektorin näkymässä lasketaan mukaan" in text
    assert f"Palkasta maksetut verot ja maksut {money(totals['public_taxes_returned'])}" in text
    assert money(totals["public_sector_net_effect"]) in text
    assert "Palkan tulovero, keskimääräinen 6 %" in text
    assert "Ryhmä-oletus: tarkista Verohallinnon" in text  # the rates' source


def test_cash_gap_per_month_and_bridging_need_equal_the_dashboards(
    crew, programme, programme_scope
):
    """The crew starts one person a month, so January to April have fewer than five
    people: their amounts would show through the later months' payments (the subsidy of
    January is received in March), so no month's amounts are printed; the bridging need
    is the dashboard's."""
    flow = dashboard(programme).cash_flow
    assert flow.figure.value > 0
    text = economy_text(programme_scope)
    assert "Yhdistysten kassa: tuet tulevat jälkikäteen" in text
    assert f"{flow.figure.label} {money(flow.figure.value)}" in text
    assert "Kuukausittaisia summia ei näytetä" in text
    for month in flow.months:
        assert money(month.received) not in text or month.received == 0, month


def test_cash_gap_per_month_is_printed_when_no_month_is_small(crew, programme, programme_scope):
    """With five more people working the whole year no month is small: every month's
    amounts are the dashboard's."""
    for _index in range(5):
        EmploymentFactory(
            worker=WorkerFactory(municipality=programme.municipality),
            association=crew[0].employments.get().association,
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
    flow = dashboard(programme).cash_flow
    text = economy_text(programme_scope)
    assert "Kuukausittaisia summia ei näytetä" not in text
    for month in flow.months:
        amounts = (month.paid_out, month.earned, month.received, month.gap, month.outstanding)
        row = " ".join(money(value) for value in amounts)
        assert f"{month.month}/2026 {row}" in text, month
    assert "palkkatuki tulee 2 kuukautta ja kuntalisä 1 kuukauden myöhemmin" in text


def test_the_payment_lags_and_their_sources_are_in_the_appendix(crew, programme_scope):
    appendix = appendix_text(programme_scope)
    assert "Palkkatuen maksuviive (kuukautta) 2" in appendix
    assert "Kuntalisän maksuviive (kuukautta) 1" in appendix
    assert "Ryhmä-oletus: tuki haetaan ja maksetaan jälkikäteen (palkkatuki)" in appendix
    assert "Ryhmä-oletus: tuki haetaan ja maksetaan jälkikäteen (kuntalisä)" in appendix


def test_village_report_shows_the_villages_bridging_need_but_no_months(
    crew, programme, association, other_association
):
    """Livokas ry with a fifth worker and Jongun alueen kyläyhdistys with three more:
    both villages have five people, so the village report is printed. Its bridging need
    is the village dashboard's; its months are not printed (a village's months against
    the programme's would give the other villages' months back)."""
    for association_, count in ((association, 1), (other_association, 3)):
        for _index in range(count):
            EmploymentFactory(
                worker=WorkerFactory(municipality=programme.municipality),
                association=association_,
                starts_on=datetime.date(2026, 1, 1),
                ends_on=datetime.date(2026, 10, 31),
            )
    scope = Scope(
        kind="village", programme=programme, period=year_period(2026), association=association
    )
    flow = dashboard(programme, association.village).cash_flow
    text = economy_text(scope)
    assert f"{flow.figure.label} {money(flow.figure.value)}" in text
    assert "Kuukausittaisia summia ei näytetä" in text
    assert "4/2026 " not in text


def test_avoided_social_assistance_is_shown_when_recorded(
    crew, programme, programme_scope, coordinator
):
    text = economy_text(programme_scope)
    assert "Kunnan osuus perustoimeentulotuesta" not in text
    assert "Tälle jaksolle ei ole kirjattu toimeentulotuen vähenemistä" in text
    assert "Vältetty kunnan osuus toimeentulotuesta" not in text
    record_assistance_drop(
        worker=crew[5],
        first_month=datetime.date(2026, 7, 1),
        last_month=datetime.date(2026, 9, 1),
        monthly_amount=Decimal("312.45"),
        source="Sosiaalitoimen lausunto",
        actor=coordinator,
    )
    totals = dashboard(programme).totals
    assert totals["city_avoided_social_assistance"] == Decimal("468.69")  # 3 × 156.23
    # One person's social assistance: neither it nor the net effects that add it (the
    # other items would give it back) are printed.
    text = economy_text(programme_scope)
    city = text.split("Kaupungin kassanäkökulma", 1)[1]
    assert "Vältetty kunnan osuus toimeentulotuesta –" in city
    assert money(totals["city_avoided_social_assistance"]) not in text
    assert money(totals["city_net_effect"]) not in city
    assert money(Decimal("937.35")) not in city
    assert money(totals["public_avoided_social_assistance"]) not in text
    # Five people with a recorded drop: the figures are shown.
    for worker in crew[1:5]:
        record_assistance_drop(
            worker=worker,
            first_month=datetime.date(2026, 7, 1),
            last_month=datetime.date(2026, 9, 1),
            monthly_amount=Decimal("312.45"),
            source="Sosiaalitoimen lausunto",
            actor=coordinator,
        )
    totals = dashboard(programme).totals
    assert totals["city_avoided_social_assistance"] == Decimal("2343.45")  # 5 × 468.69
    text = economy_text(programme_scope)
    city = text.split("Kaupungin kassanäkökulma", 1)[1]
    avoided = money(totals["city_avoided_social_assistance"])
    assert f"Vältetty kunnan osuus toimeentulotuesta {avoided}" in city
    assert money(totals["city_net_effect"]) in city
    assert f"yhteensä {money(Decimal('4686.75'))}, 5 henkilöllä" in city  # 5 × 3 × 312.45
    assert money(totals["public_avoided_social_assistance"]) in text
    assert "Sosiaalitoimen lausunto" not in text  # a person's record stays out of the report


def test_the_individual_report_shows_the_tax_option_but_no_programme_cash(
    crew, programme, association
):
    scope = Scope(kind="individual", programme=programme, period=year_period(2026), worker=crew[0])
    text = economy_text(scope)
    assert "Käytetty vaihtoehto" in text
    assert "Yhdistysten kassa" not in text


def test_sroi_in_the_pdf_lists_each_proxy_as_economy_summary_does(
    crew, programme, municipality, programme_scope
):
    """Each outcome's quantity and present value, the fiscal saving apart, the investment
    and the ratio: the PDF prints the numbers of economy_summary's `sroi`."""
    import io
    import json

    from django.core.management import call_command

    from evaluation.models import QuantitySource, SroiProxy

    SroiProxy.objects.create(
        municipality=municipality,
        name="Lähipalvelut kylille",
        quantity_source=QuantitySource.HOURS,
        value_per_unit=Decimal("20.00"),
        source="Kylien hinnasto 2026",
        status="G",
    )
    SroiProxy.objects.create(
        municipality=municipality,
        name="Vältetty työttömyysetuus",
        quantity_source=QuantitySource.AVOIDED_BENEFIT,
        value_per_unit=Decimal("1.00"),
    )
    out = io.StringIO()
    call_command("economy_summary", programme=programme.slug, year=2026, stdout=out)
    sroi = json.loads(out.getvalue())["sroi"]
    text = flat(pdf_text(render.render_pdf(programme_scope, "fi")[0]))
    section = text.split("Sosiaalinen sijoitetun pääoman tuotto (SROI)", 1)[1]
    for outcome in sroi["outcomes"]:
        assert outcome["name"].replace(" ", "") in section.replace(" ", "")
        assert money(Decimal(outcome["present_value"])) in section
    for key in ("social_value", "fiscal_value", "investment"):
        assert money(Decimal(sroi[key])) in section, key
    assert sroi["ratio"].replace(".", ",") in section
    assert "Kylienhinnasto2026[G]" in section.replace(" ", "")
