import datetime
import json
from datetime import timedelta
from decimal import Decimal as D
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from evaluation.actions import create_assessment_link
from evaluation.models import Assessment, AssessmentStatus, Instrument, Metric, MetricKey, Timepoint
from evaluation.tests.factories import InstrumentFactory
from ryhma.models import AuditEvent
from ryhma.testing import count_queries, writes_of
from workers.models import ParameterSet, ParameterStatus
from workers.tests.factories import EmploymentFactory, WorkerFactory

DASHBOARD = reverse("evaluation:dashboard")
YEAR_2026 = {"year": "2026", "month_from": "1", "month_to": "12"}


def test_coordinator_dashboard_shows_figures_and_links_to_the_workers_names_and_figures(
    client, coordinator, programme, association, params2026, hours_per_month, make_crew
):
    workers = make_crew(5, association)
    client.force_login(coordinator)
    response = client.get(DASHBOARD, YEAR_2026)
    text = response.content.decode()
    assert response.status_code == 200
    # wage cost of 5 × 12 × (1 200.00 pay + 162.00 holiday pay)
    assert "81\xa0720,00\xa0€" in text
    assert "<svg" in text and "<figcaption" in text
    assert "Kuinka tämä on laskettu?" in text or "How was this computed?" in text
    # The names and each worker's figures are one link away, for the same selection.
    link = reverse("evaluation:worker_figures") + "?year=2026&amp;month_from=1&amp;month_to=12"
    assert f'<a href="{link}">Työntekijöiden luvut</a>' in text
    workers_page = client.get(reverse("evaluation:worker_figures"), YEAR_2026).content.decode()
    for worker in workers:
        row = workers_page.split(f">{worker}</a></th>")[1].split("</tr>")[0]
        # 12 months of 100 approved hours, employed the whole year
        assert '<td class="text-end">12,00</td>' in row and "1\xa0200\xa0h" in row


def test_official_sees_aggregates_without_names(
    client, official, programme, association, params2026, hours_per_month, make_crew
):
    workers = make_crew(5, association)
    client.force_login(official)
    text = client.get(DASHBOARD, YEAR_2026).content.decode()
    assert "81\xa0720,00\xa0€" in text
    # The page's own content, not the account menu (which names the official, and a random
    # worker may share the official's surname).
    content = text[text.index("<main") :]
    assert all(w.last_name not in content for w in workers)
    assert reverse("evaluation:worker_assessments", args=[workers[0].pk]) not in text


def test_official_gets_nothing_about_a_group_under_five(
    client, official, programme, association, params2026, hours_per_month, make_crew
):
    make_crew(4, association)
    client.force_login(official)
    text = client.get(DASHBOARD, YEAR_2026).content.decode()
    assert "alle 5 henkilöä" in text
    assert "57\xa0600,00" not in text  # the wage cost of the four is not shown


def test_official_village_table_suppresses_small_villages(
    client,
    official,
    programme,
    association,
    other_association,
    params2026,
    hours_per_month,
    make_crew,
):
    make_crew(5, association)
    make_crew(2, other_association)
    client.force_login(official)
    text = client.get(DASHBOARD, YEAR_2026).content.decode()
    livo_row = text.split('<th scope="row">Livo</th>')[1].split("</tr>")[0]
    jongu_row = text.split('<th scope="row">Jongunjoki</th>')[1].split("</tr>")[0]
    assert "<td>2</td>" not in jongu_row
    # The total (7 people) is shown, so showing Livo's 5 would give Jongunjoki's 2 by
    # subtraction: Livo is hidden too (complementary suppression).
    assert "7 henkilöä" in text
    assert "<td>5</td>" not in livo_row
    assert "Ei näytetä: alle 5 henkilöä tai piilotettu pienen ryhmän suojaamiseksi." in livo_row


@pytest.mark.parametrize("role", ["coordinator", "official"])
def test_dashboard_runs_the_same_number_of_queries_at_two_sizes(
    client, request, programme, association, params2026, hours_per_month, make_crew, role
):
    """Nothing is kept between views (issue 15): the first view counts as much as any."""
    client.force_login(request.getfixturevalue(role))
    make_crew(5, association)
    small = count_queries(lambda: client.get(DASHBOARD, YEAR_2026))
    make_crew(45, association)
    large = count_queries(lambda: client.get(DASHBOARD, YEAR_2026))
    assert small == large


def test_reading_the_dashboard_writes_nothing_but_the_audit_trail_and_the_session(
    client, coordinator, programme, association, params2026, hours_per_month, make_crew
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_crew(3, association)
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD, YEAR_2026).status_code == 200
    assert writes_of(queries) == []


def test_missing_parameter_is_shown_by_name_on_the_dashboard(
    client, coordinator, programme, association, params2026, hours_per_month, make_crew
):
    params2026.values.filter(key="municipal_top_up_per_month").update(value=None)
    make_crew(1, association)
    client.force_login(coordinator)
    text = client.get(DASHBOARD, YEAR_2026).content.decode()
    assert "Kuntalisä" in text and "puuttuu" in text
    assert "16\xa0344,00\xa0€" in text  # the wage cost (12 × 1 362.00) needs no top-up


def test_bad_filter_is_explained_in_finnish_and_the_page_still_works(
    client, coordinator, programme
):
    client.force_login(coordinator)
    response = client.get(DASHBOARD, {"year": "2026", "month_from": "9", "month_to": "3"})
    assert response.status_code == 200
    assert (
        "”Kuukaudesta”" in response.content.decode() or "Kuukaudesta" in response.content.decode()
    )


def test_explain_page_shows_formula_inputs_and_sources(
    client, coordinator, programme, association, params2026, hours_per_month, make_crew
):
    make_crew(1, association)
    client.force_login(coordinator)
    url = reverse("evaluation:explain", args=["city_avoided_benefit_share"])
    text = client.get(url, YEAR_2026).content.decode()
    assert "Kela: työmarkkinatuki / yleistuki 2025–2026" in text
    assert "[V]" in text
    assert "37,21" in text


def test_economy_summary_prints_the_dashboard_figures_as_json(
    programme, association, params2026, hours_per_month, make_crew
):
    make_crew(5, association)
    out = StringIO()
    call_command("economy_summary", programme=programme.slug, year=2026, format="json", stdout=out)
    data = json.loads(out.getvalue())
    for key in (
        "hours",
        "person_months",
        "wage_cost",
        "side_costs",
        "subsidy_income",
        "municipal_top_up",
        "service_revenue",
        "association_net_cost",
        "city_avoided_benefit_share",
        "city_net_effect",
        "public_sector_net_effect",
        "sroi_ratio",
        "parameters",
    ):
        assert key in data
    assert data["wage_cost"] == "81720.00"  # 60 × (1 200.00 + 162.00 holiday pay)
    assert data["holiday_pay"] == "9720.00"  # 60 × 1 200.00 × 9 % × 1.5
    assert data["parameters"]["benefit_per_day"]["source"].startswith("Kela")
    assert data["parameters"]["benefit_per_day"]["status"] == "V"


def test_economy_summary_for_one_village(
    programme, association, other_association, params2026, hours_per_month, make_crew
):
    make_crew(2, association)
    make_crew(3, other_association)
    out = StringIO()
    call_command("economy_summary", programme=programme.slug, year=2026, village="livo", stdout=out)
    assert json.loads(out.getvalue())["wage_cost"] == "32688.00"  # 24 × 1 362.00


@pytest.fixture
def instrument(municipality):
    return InstrumentFactory(municipality=municipality, items=["Terveyteni", "Arkeni"])


@pytest.fixture
def worker(municipality, association):
    worker = WorkerFactory(municipality=municipality)
    EmploymentFactory(worker=worker, association=association)
    return worker


def answers(instrument, *values):
    items = instrument.items.order_by("order")
    return {f"item_{item.pk}": str(v) for item, v in zip(items, values, strict=True)}


def test_staff_records_an_assessment_and_it_is_audited(client, staff, worker, instrument):
    client.force_login(staff)
    url = reverse("evaluation:assessment_record", args=[worker.pk, instrument.pk])
    response = client.post(
        url, {"timepoint": "start", "assessed_on": "2026-01-05", **answers(instrument, 4, 6)}
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(worker=worker)
    assert assessment.score == D("5.00")
    assert AuditEvent.objects.filter(object_id=str(assessment.pk)).exists()


def test_missing_answer_names_the_statement_and_keeps_the_typed_values(
    client, staff, worker, instrument
):
    client.force_login(staff)
    url = reverse("evaluation:assessment_record", args=[worker.pk, instrument.pk])
    first = instrument.items.order_by("order").first()
    response = client.post(
        url, {"timepoint": "m3", "assessed_on": "2026-01-05", f"item_{first.pk}": "7"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Valitse numero" in text
    assert 'value="7"' in text.split(f'name="item_{first.pk}"')[-1][:400] or "checked" in text
    assert not Assessment.objects.exists()


def test_staff_cannot_assess_another_associations_worker(
    client, staff, other_association, municipality, instrument
):
    other = WorkerFactory(municipality=municipality)
    EmploymentFactory(worker=other, association=other_association)
    client.force_login(staff)
    url = reverse("evaluation:assessment_record", args=[other.pk, instrument.pk])
    assert client.get(url).status_code == 404


def test_personal_link_works_once_without_an_account(client, coordinator, worker, instrument):
    client.force_login(coordinator)
    response = client.post(
        reverse("evaluation:assessment_link", args=[worker.pk]),
        {"instrument": instrument.pk, "timepoint": "m3", "language": "sv"},
    )
    url = response.content.decode().split('id="link-url"')[1].split('value="')[1].split('"')[0]
    client.logout()
    form = client.get(url)
    assert form.status_code == 200
    assert "Terveyteni (sv)" in form.content.decode()
    done = client.post(url, answers(instrument, 8, 9))
    assert done.status_code == 200
    assessment = Assessment.objects.get(worker=worker, timepoint=Timepoint.MONTH_3)
    assert assessment.status == AssessmentStatus.DONE and assessment.by_self_service
    assert assessment.score == D("8.50")
    assert client.get(url).status_code == 410
    assert client.post(url, answers(instrument, 1, 1)).status_code == 410
    assessment.refresh_from_db()
    assert assessment.score == D("8.50")


def test_personal_link_expires(client, coordinator, worker, instrument):
    link, token = create_assessment_link(
        worker=worker, instrument=instrument, timepoint=Timepoint.START, actor=coordinator
    )
    url = reverse("evaluation:self_assessment", args=[token])
    assert link.token_hash != token and token not in link.token_hash
    with time_machine.travel(link.expires_at + timedelta(minutes=1)):
        response = client.get(url)
    assert response.status_code == 410
    assert "vanhentunut" in response.content.decode()


def test_coordinator_adds_a_metric_and_official_can_only_read(
    client, coordinator, official, programme
):
    url = reverse("evaluation:metrics", args=[programme.slug])
    client.force_login(coordinator)
    response = client.post(
        url,
        {
            "key": MetricKey.HOURS,
            "target": "1000",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    )
    assert response.status_code == 302
    assert Metric.objects.filter(programme=programme, key=MetricKey.HOURS).exists()
    client.force_login(official)
    assert client.get(url).status_code == 200
    assert client.post(url, {"key": MetricKey.HOURS}).status_code == 404


def test_metric_period_ending_before_it_starts_is_refused(client, coordinator, programme):
    client.force_login(coordinator)
    response = client.post(
        reverse("evaluation:metrics", args=[programme.slug]),
        {
            "key": MetricKey.HOURS,
            "target": "1000",
            "period_start": "2026-12-01",
            "period_end": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "2026-12-01" in response.content.decode()
    # The indicator chosen stays chosen for the next try.
    assert f'<option value="{MetricKey.HOURS}" selected>' in response.content.decode()
    assert not Metric.objects.exists()


def _parameter_post(parameter_set, **changes):
    data = {"version": parameter_set.version, "note": "tarkistettu"}
    for value in parameter_set.values.all():
        data[f"{value.key}__value"] = str(value.value)
        data[f"{value.key}__source"] = value.source
        data[f"{value.key}__status"] = value.status
    for i, step in enumerate(parameter_set.share_steps.all()):
        data[f"step_{i}_days"] = step.from_days
        data[f"step_{i}_share"] = str(step.share_percent)
        data[f"step_{i}_status"] = step.status
    data.update(changes)
    return data


def test_unused_parameter_set_is_edited_in_place(client, coordinator, params2026):
    client.force_login(coordinator)
    url = reverse("evaluation:parameter_set", args=[params2026.pk])
    response = client.post(
        url, _parameter_post(params2026, municipal_top_up_per_month__value="500")
    )
    assert response.status_code == 302
    assert ParameterSet.objects.count() == 1
    assert params2026.values.get(key="municipal_top_up_per_month").value == D("500")


def test_used_parameter_set_is_superseded_not_rewritten(
    client, coordinator, params2026, association, make_crew
):
    make_crew(1, association)
    client.force_login(coordinator)
    url = reverse("evaluation:parameter_set", args=[params2026.pk])
    response = client.post(
        url, _parameter_post(params2026, municipal_top_up_per_month__value="500")
    )
    params2026.refresh_from_db()
    assert params2026.status == ParameterStatus.SUPERSEDED
    assert params2026.values.get(key="municipal_top_up_per_month").value == D("450")
    new = ParameterSet.objects.get(status=ParameterStatus.ACTIVE)
    assert new.supersedes == params2026
    assert response["Location"] == reverse("evaluation:parameter_set", args=[new.pk])
    assert new.values.get(key="municipal_top_up_per_month").value == D("500")
    assert new.share_steps.count() == params2026.share_steps.count()
    delete = client.post(reverse("evaluation:parameter_set_delete", args=[params2026.pk]))
    assert delete.status_code == 302
    assert ParameterSet.objects.filter(pk=params2026.pk).exists()


def test_parameter_set_with_bad_value_keeps_typed_values(client, coordinator, params2026):
    client.force_login(coordinator)
    url = reverse("evaluation:parameter_set", args=[params2026.pk])
    response = client.post(url, _parameter_post(params2026, benefit_per_day__value="kolme"))
    assert response.status_code == 200
    assert 'value="kolme"' in response.content.decode()


def test_stale_parameter_edit_is_refused(client, coordinator, params2026):
    client.force_login(coordinator)
    url = reverse("evaluation:parameter_set", args=[params2026.pk])
    client.post(url, _parameter_post(params2026, municipal_top_up_per_month__value="500"))
    response = client.post(
        url, _parameter_post(params2026, municipal_top_up_per_month__value="600")
    )
    assert response.status_code == 200
    assert 'value="600"' in response.content.decode()
    assert params2026.values.get(key="municipal_top_up_per_month").value == D("500")


def test_coordinator_enters_a_licensed_instrument(client, coordinator, municipality):
    client.force_login(coordinator)
    response = client.post(
        reverse("evaluation:instrument_create"),
        {
            "name": "Kaupungin lisensoima mittari",
            "code": "lisensoitu",
            "version": "2",
            "scale_min": "1",
            "scale_max": "5",
            "direction": "higher",
            "scoring": "sum",
            "licence_note": "Käyttö kaupungin lisenssillä",
            "items_text": "Ensimmäinen väittämä\n- Käänteinen väittämä\n",
        },
    )
    assert response.status_code == 302
    instrument = Instrument.objects.get(code="lisensoitu")
    assert [i.reverse for i in instrument.items.order_by("order")] == [False, True]
    assert instrument.score([5, 5], list(instrument.items.order_by("order"))) == D("6.00")


def test_due_list_shows_the_workers_next_assessment(client, coordinator, worker, instrument):
    client.force_login(coordinator)
    with time_machine.travel(datetime.datetime(2026, 1, 2, 12, tzinfo=datetime.UTC)):
        text = client.get(reverse("evaluation:due")).content.decode()
    assert str(worker) in text


def test_due_list_is_paged(client, coordinator, worker, instrument, association, monkeypatch):
    monkeypatch.setattr("evaluation.views.assessments.DUE_PAGE_SIZE", 1)
    other = WorkerFactory(municipality=worker.municipality, last_name="Öhman")
    EmploymentFactory(worker=other, association=association)
    client.force_login(coordinator)
    with time_machine.travel(datetime.datetime(2026, 1, 2, 12, tzinfo=datetime.UTC)):
        first = client.get(reverse("evaluation:due")).content.decode()
        second = client.get(reverse("evaluation:due"), {"sivu": "2"}).content.decode()
    assert "Sivu 1 / 2" in first and "Sivu 2 / 2" in second
    assert (str(worker) in first) != (str(other) in first)
    assert (str(worker) in second) != (str(other) in second)


def test_home_panel_lists_assessments_due_for_staff(client, staff, worker, instrument):
    from ryhma.panels import render_panels

    class Request:
        user = staff

    with time_machine.travel(datetime.datetime(2026, 1, 2, 12, tzinfo=datetime.UTC)):
        html = render_panels(Request())
    assert str(worker) in html and instrument.name in html


def test_dashboard_without_anyone_employed_shows_zeros_not_an_error(
    client, official, programme, params2026
):
    client.force_login(official)
    response = client.get(DASHBOARD, YEAR_2026)
    assert response.status_code == 200
    assert "Tilannekuvat ja vaikuttavuusraportit" in response.content.decode()


def test_coordinator_edits_an_sroi_proxy_and_the_ratio_follows(
    client, coordinator, programme, association, params2026, hours_per_month, make_crew
):
    from evaluation import selectors
    from evaluation.models import QuantitySource, SroiProxy

    make_crew(5, association)
    proxy = SroiProxy.objects.create(
        municipality=programme.municipality,
        name="Hyvinvointi",
        quantity_source=QuantitySource.PERSON_MONTHS,
        value_per_unit=D("100"),
    )
    before = selectors.economy(programme, selectors.Period(2026)).sroi.ratio
    client.force_login(coordinator)
    response = client.post(
        reverse("evaluation:sroi_proxy_edit", args=[proxy.pk]),
        {
            "version": proxy.version,
            "name": "Hyvinvointi",
            "quantity_source": QuantitySource.PERSON_MONTHS,
            "value_per_unit": "1000",
            "duration_years": "1",
            "source": "oma arvio",
            "status": "G",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    after = selectors.economy(programme, selectors.Period(2026)).sroi.ratio
    assert after > before


def test_official_cannot_see_a_small_groups_figure_through_the_explanation(
    client, official, programme, association, params2026, hours_per_month, make_crew
):
    make_crew(2, association)
    client.force_login(official)
    url = reverse("evaluation:explain", args=["wage_cost"])
    text = client.get(url, {**YEAR_2026, "village": association.village.pk}).content.decode()
    assert "28\xa0800,00" not in text
    assert "alle 5" in text.lower()


def test_parameter_page_takes_back_the_finnish_numbers_it_shows(client, coordinator, params2026):
    client.force_login(coordinator)
    url = reverse("evaluation:parameter_set", args=[params2026.pk])
    page = client.get(url).content.decode()
    assert 'value="3500,0000"' in page  # coordination cost per month, as shown
    data = _parameter_post(
        params2026,
        coordination_cost_per_month__value="3\xa0600,00",
        benefit_per_day__value="37,50",
    )
    assert client.post(url, data).status_code == 302
    values = {v.key: v.value for v in params2026.values.all()}
    assert values["coordination_cost_per_month"] == D("3600")
    assert values["benefit_per_day"] == D("37.5")


HOSTILE = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'


def test_labels_and_help_texts_built_from_an_instrument_are_escaped(
    client, staff, worker, municipality
):
    """A coordinator's scale end labels and statements are text: on the assessment form
    they print escaped, never as markup (they used to redirect village staff away)."""
    from evaluation.tests.factories import InstrumentFactory

    instrument = InstrumentFactory(
        municipality=municipality,
        name=f"Mittari {HOSTILE}",
        low_label=HOSTILE,
        high_label="<script>alert(1)</script>",
        items=[f"Väite {HOSTILE}", "<b onmouseover=alert(1)>lihava</b>"],
    )
    client.force_login(staff)
    url = reverse("evaluation:assessment_record", args=[worker.pk, instrument.pk])
    text = client.get(url).content.decode()
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in text  # the help text, escaped
    assert "<meta http-equiv" not in text
    assert "<script>alert(1)</script>" not in text
    assert "<b onmouseover" not in text


def test_due_list_runs_the_same_queries_for_one_and_four_instruments(
    client, coordinator, worker, instrument
):
    """Each instrument's name is shown in the reader's language without loading its other
    texts one query at a time (the programme board's home panel made 16 queries for three
    instruments at city size)."""
    client.force_login(coordinator)
    url = reverse("evaluation:due")
    with time_machine.travel(datetime.datetime(2026, 1, 2, 12, tzinfo=datetime.UTC)):
        small = count_queries(lambda: client.get(url))
        others = [
            InstrumentFactory(municipality=worker.municipality, name=f"Lisämittari {n}")
            for n in range(3)
        ]
        large = count_queries(lambda: client.get(url))
        text = client.get(url).content.decode()
    assert small == large
    assert instrument.name in text and all(other.name in text for other in others)
