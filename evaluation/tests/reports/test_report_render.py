import datetime
import io
import json
import re
from decimal import Decimal

import pypdf
import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from evaluation.reports import render
from evaluation.reports.figures import Scope
from evaluation.reports.periods import month_period, year_period
from evaluation.tests.factories import MetricFactory
from ryhma.templatetags.ryhma_tags import euro, number
from ryhma.templatetags.ryhma_tags import hours as hours_filter
from villages.models import DevelopmentAction
from villages.tests.factories import FeedbackFactory, ProgrammeFactory
from workers.models import Destination, Exit, ExitReason, FollowUp, Licence, LicenceKind
from workers.tests.factories import EmploymentFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """PDF text with line breaks and non-breaking spaces as plain spaces."""
    return " ".join(text.replace("\xa0", " ").split())


def money(value) -> str:
    with translation.override("fi"):
        return euro(value).replace("\xa0", " ")


SUMMARY_KEYS = (
    "wage_cost",
    "holiday_pay",
    "side_costs",
    "employer_cost",
    "subsidy_income",
    "municipal_top_up",
    "association_net_cost",
    "city_avoided_benefit_share",
    "city_paid_subsidy",
    "coordination_costs",
    "city_net_effect",
    "public_avoided_benefit",
    "public_sector_net_effect",
)


def economy_summary(programme, year) -> dict:
    out = io.StringIO()
    call_command("economy_summary", programme=programme.slug, year=year, format="json", stdout=out)
    return json.loads(out.getvalue())


def test_the_pdf_shows_the_figures_of_economy_summary(crew, programme_scope, programme):
    summary = economy_summary(programme, 2026)
    pdf, pages = render.render_pdf(programme_scope, "fi")
    text = flat(pdf_text(pdf))
    assert pages >= 8
    assert Decimal(summary["wage_cost"]) > 0
    for key in SUMMARY_KEYS:
        assert money(Decimal(summary[key])) in text, key
    hours = Decimal(summary["hours"])
    assert f"Hyväksytyt tunnit {hours_text(hours)}" in text
    assert summary["sroi_ratio"] is None or summary["sroi_ratio"].replace(".", ",") in text


def test_the_summary_shows_the_metrics_against_their_targets_grouped(
    crew, programme, programme_scope
):
    """Metric values are the same as economy_summary's, written the Finnish way (with a
    space between thousands), as on the dashboard."""
    summary = economy_summary(programme, 2026)
    MetricFactory(programme=programme, key="hours", target=Decimal("10000"))
    text = flat(pdf_text(render.render_pdf(programme_scope, "fi")[0]))
    hours = number(Decimal(summary["hours"])).replace("\xa0", " ")
    assert " " in hours
    assert f"Tehdyt tunnit {hours} h 10 000 h" in text  # with their unit


def test_metrics_about_fewer_than_five_people_are_not_shown(crew, programme, programme_scope):
    """One person's follow-up would be the whole 'open market after 3 months' rate: the
    programme report prints neither the rate nor whether it met its target."""
    exit_ = Exit.objects.create(
        worker=crew[0],
        exited_on=datetime.date(2026, 2, 28),
        reason=ExitReason.CONTRACT_ENDED,
        destination=Destination.OPEN_PART_TIME,
    )
    FollowUp.objects.create(
        exit=exit_,
        timepoint=3,
        due_on=datetime.date(2026, 5, 31),
        recorded_on=datetime.date(2026, 5, 31),
        destination=Destination.OPEN_PART_TIME,
    )
    MetricFactory(programme=programme, key="open_market_3m", target=Decimal("30"))
    MetricFactory(programme=programme, key="people_employed", target=Decimal("5"))
    text = flat(pdf_text(render.render_pdf(programme_scope, "fi")[0]))
    assert "3 kk päättymisen jälkeen alle 5 henkilöä 30 % – Työllistetyt" in text
    assert "Työllistetyt henkilöt 6 5 Tavoite saavutettu" in text


def test_months_with_fewer_than_five_people_are_left_out_of_the_chart(crew, programme_scope):
    """The crew starts one person a month: January to April have fewer than five."""
    text = flat(pdf_text(render.render_pdf(programme_scope, "fi")[0]))
    assert "tammikuu 2026 – helmikuu 2026 – maaliskuu 2026 – huhtikuu 2026 –" in text
    assert "lokakuu 2026 6" in text
    assert "Kuukaudet, joina työssä oli alle 5 henkilöä, on jätetty pois" in text


def test_the_appendix_lists_every_source_once_and_numbers_the_values(crew, programme_scope):
    text = flat(pdf_text(render.render_pdf(programme_scope, "fi")[0]))
    appendix = text.split("Käytetyt parametrien arvot", 1)[1]
    sources = appendix.split("Lähteet", 1)[1]
    assert sources.count("Kela: työmarkkinatuki / yleistuki 2025–2026") == 1
    # Five values share the employer-contribution source: it is printed twice, once
    # bare and once with the accident-insurance range, not on every row.
    assert appendix.count("Ilmarinen ja Fineka") == 2
    assert re.search(r"Työttömyysetuus päivässä 37,21 € \d+ V", appendix)


def hours_text(value: Decimal) -> str:
    with translation.override("fi"):
        return hours_filter(value).replace("\xa0", " ")


SECTION_TITLES = (
    "Yhteenveto",
    "Yksilö",
    "Yhteisö",
    "Talous",
    "Kehittäminen",
    "Liite: menetelmä ja parametrit",
)


def test_programme_report_has_contents_page_numbers_and_running_headers(crew, programme_scope):
    pdf, pages = render.render_pdf(programme_scope, "fi")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    page_texts = [flat(page.extract_text()) for page in reader.pages]
    contents = page_texts[1]
    assert contents.startswith("Sisällys")
    for title in SECTION_TITLES:
        listed = contents.split(f"{title} ", 1)[1].split(" ", 1)[0]
        page_number = int(listed)
        # The contents point at the page where the section starts, under its heading,
        # and that page's running header names the section.
        assert page_texts[page_number - 1].startswith(title), title
        assert f"{title} 2026 Sivu {page_number} / {pages}" in page_texts[page_number - 1]
    assert "Vaikuttavuusraportti: Kylätyö" in page_texts[2]
    assert "Sivu" not in page_texts[0]


def test_programme_report_shows_no_names(crew, programme_scope):
    text = pdf_text(render.render_pdf(programme_scope, "fi")[0])
    for worker in crew:
        assert worker.last_name not in text
        assert worker.first_name not in text


def test_a_village_report_is_empty_when_the_programme_table_hides_its_village(
    crew, programme, association
):
    """Livo with five and Jongunjoki with two: the programme's table hides both (the total
    minus Livo's five would give Jongunjoki's two), so Livo's village report is empty."""
    EmploymentFactory(
        worker=WorkerFactory(municipality=programme.municipality),
        association=association,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 10, 31),
    )
    scope = Scope(
        kind="village", programme=programme, period=year_period(2026), association=association
    )
    text = flat(pdf_text(render.render_pdf(scope, "fi")[0]))
    assert "Osallistujat, kaikki kyläyhdistysten työllistämiä 5" not in text
    assert "Kylän lukuja ei näytetä" in text


def test_a_village_report_of_five_people_shows_their_figures_but_no_names(
    crew, programme, association, other_association
):
    fifth = WorkerFactory(
        municipality=programme.municipality, first_name="Viides", last_name="Kyläläinen"
    )
    EmploymentFactory(
        worker=fifth,
        association=association,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 10, 31),
    )
    # Jongunjoki (two people) is hidden on the programme's village table; with three more
    # it is not, and Livo need not be hidden with it (7 − 5 would give the 2 back).
    for _index in range(3):
        EmploymentFactory(
            worker=WorkerFactory(municipality=programme.municipality),
            association=other_association,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 10, 31),
        )
    scope = Scope(
        kind="village", programme=programme, period=year_period(2026), association=association
    )
    text = flat(pdf_text(render.render_pdf(scope, "fi")[0]))
    assert "Osallistujat, kaikki kyläyhdistysten työllistämiä 5" in text
    for worker in [*crew, fifth]:
        assert worker.last_name not in text
        assert worker.first_name not in text


def test_groups_under_five_are_suppressed_in_a_village_report(crew, programme, other_association):
    scope = Scope(
        kind="village", programme=programme, period=year_period(2026), association=other_association
    )
    text = flat(pdf_text(render.render_pdf(scope, "fi")[0]))
    assert "Alle 5 henkilöä" in text
    assert "< 5" in text
    assert "Yhdistysten näkökulma" not in text
    assert "Palkkakustannus 1" not in text
    assert "Sukunimi4" not in text


def _action(**fields) -> DevelopmentAction:
    return DevelopmentAction.objects.create(**fields)


def _development_section(pdf: bytes) -> str:
    text = flat(pdf_text(pdf))
    return text.split("Kehittämistoimet (vaihe 10)", 1)[1].split("Liite: menetelmä", 1)[0]


@time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC))
def test_the_development_section_lists_the_programmes_phase_10_actions(
    crew, programme, programme_scope, other_association, coordinator
):
    feedback = FeedbackFactory(
        programme=programme,
        source="customer",
        text="Asiakas Maija Meikäläinen toivoo tekstiviestiä",
    )
    _action(
        programme=programme,
        title="Kokeillaan tekstiviestitilausta",
        phase=5,
        feedback=feedback,
        owner=coordinator,
        due_on=datetime.date(2026, 3, 31),
        status="in_progress",
    )
    _action(
        programme=programme,
        title="Koulutuskalenteri syksylle",
        phase=10,
        due_on=datetime.date(2026, 9, 30),
        status="open",
    )
    _action(programme=programme, title="Uusi esite kyliin", due_on=None, status="done")
    _action(programme=ProgrammeFactory(), title="Toisen ohjelman toimi")

    section = _development_section(render.render_pdf(programme_scope, "fi")[0])
    assert "Kokeillaan tekstiviestitilausta 5. " in section
    assert "Käynnissä, myöhässä 31.3.2026 Asiakas" in section
    assert "Koulutuskalenteri syksylle 10. Kehittäminen Avoin 30.9.2026" in section
    assert "Uusi esite kyliin – Valmis –" in section
    # Still to do first, by due date; done last.
    assert (
        section.index("Kokeillaan")
        < section.index("Koulutuskalenteri")
        < section.index("Uusi esite")
    )
    assert "Toisen ohjelman toimi" not in section
    # No owner and no feedback text: both may name people.
    assert coordinator.get_full_name() not in section
    assert "Meikäläinen" not in section

    village = Scope(
        kind="village", programme=programme, period=year_period(2026), association=other_association
    )
    assert "Koulutuskalenteri syksylle" in _development_section(render.render_pdf(village, "fi")[0])


def test_the_development_section_says_when_there_are_no_actions(crew, programme_scope):
    section = _development_section(render.render_pdf(programme_scope, "fi")[0])
    assert "Ohjelmalle ei ole kirjattu kehittämistoimia." in section


def test_the_individual_report_names_the_worker_and_their_path(crew, programme, association):
    worker = crew[0]
    Exit.objects.create(
        worker=worker,
        exited_on=datetime.date(2026, 10, 31),
        reason=ExitReason.CONTRACT_ENDED,
        destination=Destination.OPEN_PART_TIME,
    )
    Licence.objects.create(
        worker=worker, kind=LicenceKind.HYGIENE_PASSPORT, obtained_on=datetime.date(2026, 3, 1)
    )
    scope = Scope(kind="individual", programme=programme, period=year_period(2026), worker=worker)
    text = flat(pdf_text(render.render_pdf(scope, "fi")[0]))
    assert "Henkilökohtainen raportti: Etunimi0 Sukunimi0" in text
    assert "Livokas ry" in text
    assert "Avoimet työmarkkinat, osa-aikainen 1 0 0" in text
    assert "Hygieniapassi 1" in text


def test_a_period_with_no_data_gives_a_report_that_says_so(crew, programme):
    scope = Scope(kind="programme", programme=programme, period=month_period(2026, 12))
    text = flat(pdf_text(render.render_pdf(scope, "fi")[0]))
    assert "Tältä jaksolta ei ole kirjattu työsuhteita" in text


def test_a_missing_parameter_is_named_in_the_report(crew, programme, parameters_2026):
    parameters_2026.values.filter(key="benefit_per_day").update(value=None)
    text = flat(
        pdf_text(
            render.render_pdf(
                Scope(kind="programme", programme=programme, period=year_period(2026)), "fi"
            )[0]
        )
    )
    assert "Työttömyysetuus päivässä" in text
    assert "puuttuu vuodelta 2026" in text


@pytest.mark.parametrize(
    ("language", "contents"), [("sv", "Innehåll"), ("en", "Contents"), ("fi", "Sisällys")]
)
def test_reports_are_made_in_the_requested_language(crew, programme_scope, language, contents):
    assert contents in pdf_text(render.render_pdf(programme_scope, language)[0])


def test_the_report_has_an_svg_chart_and_its_data_table(crew, programme_scope):
    html = render.render_html(programme_scope, "fi")
    assert "<svg" in html and "<desc" in html
    assert 'rel="stylesheet" href="/static/css/report.css"' in html
    assert "bootstrap" not in html


def test_the_url_fetcher_serves_only_the_projects_static_files():
    fetcher = render.static_only_fetcher()
    response = fetcher(render.BASE_URL + "static/css/report.css")
    assert b"@page" in response.read()
    for url in (
        "https://example.com/tracker.png",
        "http://127.0.0.1:8000/static/css/report.css",
        "file:///etc/passwd",
        render.BASE_URL + "static/../ryhma/settings.py",
        render.BASE_URL + "static/%2e%2e/ryhma/settings.py",
        render.BASE_URL + "media/reports/1/report-1.pdf",
        "data:text/plain,hello",
    ):
        with pytest.raises(render.RefusedURL):
            fetcher(url)


def test_rendering_never_fetches_an_outside_url(crew, programme_scope, monkeypatch):
    """An <img> pointing outside is refused by the fetcher; the PDF is still made."""
    asked = []
    real = render.static_only_fetcher

    def spying():
        fetcher = real()
        original = fetcher.fetch

        def fetch(url, headers=None):
            asked.append(url)
            return original(url, headers)

        fetcher.fetch = fetch
        return fetcher

    monkeypatch.setattr(render, "static_only_fetcher", spying)
    original_render = render.render_to_string

    def with_image(*args, **kwargs):
        return original_render(*args, **kwargs).replace(
            "</body>", '<img src="https://example.com/pixel.png" alt=""></body>'
        )

    monkeypatch.setattr(render, "render_to_string", with_image)
    pdf, _pages = render.render_pdf(programme_scope, "fi")
    assert pdf.startswith(b"%PDF")
    assert "https://example.com/pixel.png" in asked


def test_long_tables_repeat_their_header_and_stay_inside_the_page(
    programme, parameters_2026
) -> None:
    """Sixty workers and sixty development actions: every row stays within the page width,
    no row is split between two pages, and a table that goes on to the next page (the
    actions) repeats its header row there."""
    from weasyprint.formatting_structure import boxes

    for index in range(60):
        EmploymentFactory(
            worker=WorkerFactory(municipality=programme.municipality, birth_year=1950 + index % 40),
            association__village__municipality=programme.municipality,
            hours_per_week=Decimal("24.40"),
        )
        _action(
            programme=programme,
            title=f"Kehittämistoimi {index}, jonka kuvaus on niin pitkä että se rivittyy " * 2,
            phase=10,
        )
    from weasyprint import HTML

    scope = Scope(kind="programme", programme=programme, period=year_period(2026))
    html = render.render_html(scope, "fi")
    document = HTML(
        string=html, base_url=render.BASE_URL, url_fetcher=render.static_only_fetcher()
    ).render()
    row_pages: dict = {}
    table_pages: dict = {}
    for page_index, page in enumerate(document.pages):
        page_width = page.width
        for box in _descendants(page._page_box):
            assert box.position_x + box.width <= page_width + 0.5, box
        for box in _all_boxes(page._page_box):
            if not isinstance(box, boxes.TableBox):
                continue
            groups = [g for g in box.children if isinstance(g, boxes.TableRowGroupBox)]
            table_pages.setdefault(box.element, []).append(any(group.is_header for group in groups))
            for group in groups:
                for row in group.children if not group.is_header else []:
                    row_pages.setdefault(row.element, set()).add(page_index)
    assert row_pages
    assert all(len(pages) == 1 for pages in row_pages.values()), "a row split between pages"
    continued = [pages for pages in table_pages.values() if len(pages) > 1]
    assert continued, "no table ran over a page: the test needs more rows"
    for has_headers in continued:
        assert all(has_headers)


def _all_boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _all_boxes(child)


def _descendants(box):
    for child in getattr(box, "children", []):
        if child.element_tag in ("table", "svg", "img"):
            yield child
        yield from _descendants(child)


def test_community_share_and_satisfaction_need_five_customers_in_aggregate_reports(programme):
    from types import SimpleNamespace

    from evaluation.inputs import ServiceFigures
    from evaluation.reports.figures.economy import _services

    few = ServiceFigures(
        available=True,
        unique_customers=4,
        customers_aged_65_plus=3,
        satisfaction_mean=Decimal("2.0"),
        satisfaction_answers=4,
    )
    years = [SimpleNamespace(economy=SimpleNamespace(services=few))]
    aggregate = Scope(kind="programme", programme=programme, period=year_period(2026))
    shown = _services(years, aggregate)
    assert shown["share_aged_65_plus"] is None
    assert shown["satisfaction_mean"] is None
    assert str(shown["unique_customers"]) == "< 5"
    years[0].economy.services = ServiceFigures(
        available=True,
        unique_customers=8,
        customers_aged_65_plus=2,
        satisfaction_mean=Decimal("4.5"),
        satisfaction_answers=6,
    )
    shown = _services(years, aggregate)
    assert shown["share_aged_65_plus"] == Decimal("0.25")
    assert shown["satisfaction_mean"] == Decimal("4.5")
