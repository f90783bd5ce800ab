"""The kept worker-month figures equal a recomputation after every write path, and the
dashboard shows the same euros from them as computed (evaluation.kept_figures)."""

import datetime
import re
from decimal import Decimal as D
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation import actions as evaluation_actions
from evaluation import kept_figures, selectors
from evaluation.economy import SUMMED_LABELS
from evaluation.models import KeptFiguresYear, Metric, MetricKey, WorkerMonthFigures
from evaluation.selectors import Period
from evaluation.selectors import kept as kept_read
from evaluation.tasks import refresh_stale_kept_years
from evaluation.views.dashboard import HEADLINE
from ryhma.testing import writes_of
from services.hours import actions as hour_actions
from services.models import EntryStatus, MonthLock, Task, WeekSheet
from services.tests.factories import WorkEntryFactory
from villages.tests.factories import AssociationFactory
from workers import importing
from workers.actions.contracts import start_employment, update_employment
from workers.actions.decisions import record_subsidy_decision
from workers.actions.exits import record_exit
from workers.actions.workers import update_worker
from workers.models import (
    Employment,
    ParameterKey,
    SourceStatus,
    SubsidyPayer,
    SubsidyType,
    Worker,
)
from workers.money import money
from workers.parameters import seed_default_parameter_set
from workers.tests.factories import EmploymentFactory, SubsidyDecisionFactory, WorkerFactory

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("evaluation:dashboard")
WORKERS = reverse("evaluation:worker_figures")
YEAR_2026 = {"year": "2026", "month_from": "1", "month_to": "12"}
MARCH = datetime.date(2026, 3, 1)
WEEK = datetime.date(2026, 3, 2)  # a Monday without holidays


# The dashboard's figures (and SROI) that the kept totals explain: all but the sums over
# worker-months.
KEPT_EXPLAINED = [key for key in (*HEADLINE, "sroi_ratio") if key not in SUMMED_LABELS]


def two(value: D) -> D:
    return money(value)


def rows(economy_rows, name):
    return [
        (name(r), r.hours, two(r.person_months), {k: v for k, v in r.values.items()})
        for r in economy_rows
    ]


def assert_same_economy(programme, period=None):
    """The kept path gives what the computed path gives, to the cent."""
    period = period or Period(2026)
    kept = kept_read.kept_economy(programme, period)
    assert kept is not None, "the kept figures were not read"
    computed = selectors.economy(programme, period)
    assert kept.totals.values == computed.totals.values
    assert kept.missing == computed.missing
    assert rows(kept.monthly, lambda r: r.month) == rows(computed.monthly, lambda r: r.month)
    by_worker = lambda r: (r.worker.pk, str(r.worker), r.village)  # noqa: E731
    assert rows(kept.workers, by_worker) == rows(computed.workers, by_worker)
    # The workers' page reads the same rows with the figures it shows.
    keys = ("employer_cost", "subsidy_income")
    shown = [
        (name, h, pm, {k: v[k] for k in keys})
        for name, h, pm, v in rows(computed.workers, by_worker)
    ]
    assert rows(kept_read.kept_worker_rows(programme, period, keys), by_worker) == shown
    assert kept.people == computed.people
    assert kept.cash_flow.months == computed.cash_flow.months
    assert kept.cash_flow.figure.value == computed.cash_flow.figure.value
    assert kept.cash_flow.figure.notes == computed.cash_flow.figure.notes
    assert (kept.sroi and kept.sroi.ratio) == (computed.sroi and computed.sroi.ratio)
    return kept


def without_tokens(page: bytes) -> str:
    """The page without what differs on every request (CSP nonces, CSRF tokens, the
    charts' ids from a process-wide counter)."""
    page = re.sub(rb'nonce="[^"]*"', b"", page)
    page = re.sub(rb"(chart-[a-z0-9-]*?)-[0-9]+\b", rb"\1", page)
    return re.sub(rb'(csrfmiddlewaretoken" value|csrf-token" content)="[^"]*"', b"", page).decode()


def assert_fresh(municipality):
    """`refresh_figures --check`'s comparison finds nothing, and the year is kept."""
    assert KeptFiguresYear.objects.filter(
        municipality=municipality, year=2026, stale=False
    ).exists()
    assert kept_figures.differences(municipality) == []


def kept_cents(employment, month, column="wage_cost"):
    return (
        WorkerMonthFigures.objects.filter(employment=employment, month=month)
        .values_list(column, flat=True)
        .first()
    )


@pytest.fixture
def params(municipality):
    seed_default_parameter_set(municipality=municipality, year=2025)
    return seed_default_parameter_set(municipality=municipality, year=2026)


@pytest.fixture
def crew(municipality, association, params):
    """Three contracts of January–October 2026, a decision for the first two, hours in
    March, the figures kept."""
    employments = []
    for index in range(3):
        employment = EmploymentFactory(
            worker=WorkerFactory(municipality=municipality, benefit_days=380 + index * 40),
            association=association,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 10, 31),
        )
        employments.append(employment)
        for n in range(5):
            WorkEntryFactory(
                employment=employment,
                work_date=WEEK + datetime.timedelta(days=n),
                status=EntryStatus.LOCKED,
            )
        if index == 2:
            continue
        SubsidyDecisionFactory(
            employment=employment,
            subsidy_type=SubsidyType.ASSOCIATION_100,
            rate_percent=D(100),
            monthly_cap=None,
            months=10,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 10, 31),
            payer=SubsidyPayer.MUNICIPALITY,
        )
    kept_figures.refresh_municipality(municipality)
    assert_fresh(municipality)
    return employments


def test_demo_data_kept_equal_computed_and_the_dashboard_shows_the_same_page(client, time_machine):
    from ryhma.demo import seed_all
    from ryhma.models import User

    time_machine.move_to(datetime.datetime(2026, 6, 18, 10, 0, tzinfo=datetime.UTC))
    context = seed_all()
    municipality, programme = context["municipality"], context["programme"]
    assert_fresh(municipality)
    assert WorkerMonthFigures.objects.filter(municipality=municipality).exists()
    for village in [None, *programme.municipality.villages.all()]:
        assert_same_economy(programme, Period(2026, village=village))
    assert_same_economy(programme, Period(2026, 3, 8))
    # The metrics page reads the kept figures of every metric's period: one over March to
    # August (not the dashboard's year), with the city's net effect an official may be
    # refused when its assistance drops rest on a small group.
    for key in (MetricKey.CITY_NET_EFFECT, MetricKey.HOURS):
        Metric.objects.create(
            programme=programme,
            key=key,
            target=D(1),
            period_start=datetime.date(2026, 3, 1),
            period_end=datetime.date(2026, 8, 31),
        )
    metrics = reverse("evaluation:metrics", args=[programme.slug])
    for role in ("coordinator", "official"):
        user = User.objects.filter(role=role, is_superuser=False).order_by("pk").first()
        client.force_login(user)
        pages = [DASHBOARD, metrics] if role == "official" else [DASHBOARD, WORKERS, metrics]
        # The explanations that the kept totals give (the summed figures' compute).
        pages += [reverse("evaluation:explain", args=[key]) for key in KEPT_EXPLAINED]
        for page in pages:
            kept_page = client.get(page, YEAR_2026).content
            KeptFiguresYear.objects.update(stale=True)
            computed_page = client.get(page, YEAR_2026).content
            KeptFiguresYear.objects.update(stale=False)
            assert without_tokens(kept_page) == without_tokens(computed_page)


def test_split_months_mid_month_decisions_benefit_days_cut_and_drops(
    municipality, association, other_association, programme, coordinator, params
):
    """A contract starting mid-month, two decisions changing mid-month, a person's benefit
    days counting on across two contracts (and over the share steps), a wage high enough
    for the cumulation cut, and a social assistance drop of a worker in two villages."""
    worker = WorkerFactory(municipality=municipality, benefit_days=395)
    first = EmploymentFactory(
        worker=worker,
        association=association,
        starts_on=datetime.date(2025, 11, 17),
        ends_on=datetime.date(2026, 4, 14),
        hourly_wage=D("31.50"),
        hours_per_week=D("37.5"),
    )
    second = EmploymentFactory(
        worker=worker,
        association=other_association,
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 9, 20),
    )
    SubsidyDecisionFactory(
        employment=first,
        subsidy_type=SubsidyType.DISADVANTAGED_50,
        rate_percent=D(50),
        monthly_cap=D("1400.00"),
        months=3,
        starts_on=datetime.date(2025, 11, 17),
        ends_on=datetime.date(2026, 2, 10),
    )
    SubsidyDecisionFactory(
        employment=first,
        subsidy_type=SubsidyType.ASSOCIATION_100,
        rate_percent=D(100),
        monthly_cap=None,
        months=3,
        starts_on=datetime.date(2026, 2, 11),
        ends_on=datetime.date(2026, 4, 14),
    )
    SubsidyDecisionFactory(employment=second, months=4, starts_on=datetime.date(2026, 4, 16))
    for day in (datetime.date(2025, 12, 1), datetime.date(2026, 2, 9), datetime.date(2026, 2, 12)):
        for offset in range(3):
            WorkEntryFactory(
                employment=first,
                work_date=day + datetime.timedelta(days=offset),
                hours=D("8.25"),
                status=EntryStatus.LOCKED,
            )
    WorkEntryFactory(employment=second, work_date=datetime.date(2026, 4, 20), status="locked")
    other = EmploymentFactory(
        worker=WorkerFactory(municipality=municipality), association=association
    )
    kept_figures.refresh_municipality(municipality)
    evaluation_actions.record_assistance_drop(
        worker=worker,
        first_month=datetime.date(2026, 3, 1),
        last_month=datetime.date(2026, 5, 1),
        monthly_amount=D("310.40"),
        source="Sosiaalitoimi",
        actor=coordinator,
    )
    assert_fresh(municipality)
    kept = assert_same_economy(programme)
    assert kept.totals["top_up_cut"] or kept.totals["subsidy_income"]
    assert kept.totals["city_avoided_social_assistance"] > 0
    assert WorkerMonthFigures.objects.filter(employment=other).count() == 10
    # The drop's month has contracts in two villages: a village's view computes.
    assert WorkerMonthFigures.objects.filter(drop_moves=True).exists()
    village = association.village
    assert kept_read.kept_economy(programme, Period(2026, village=village)) is None
    assert kept_read.kept_economy(programme, Period(2026, 7, 12, village=village)) is not None
    assert_same_economy(programme, Period(2026, 7, 12, village=village))


def test_starting_a_contract_keeps_the_figures_fresh(municipality, association, crew, coordinator):
    worker = crew[0].worker
    outcome = start_employment(
        actor=coordinator,
        worker=worker,
        association=association,
        starts_on=datetime.date(2026, 11, 16),
        hours_per_week=D("25"),
        hourly_wage=D("13.10"),
    )
    assert WorkerMonthFigures.objects.filter(employment=outcome.instance).count() == 2
    assert kept_cents(outcome.instance, datetime.date(2026, 11, 1), "employed_fraction") > 0
    assert_fresh(municipality)


def test_editing_a_contract_keeps_the_figures_fresh(municipality, crew, coordinator):
    employment = Employment.objects.get(pk=crew[1].pk)
    before = kept_cents(employment, MARCH)
    update_employment(
        actor=coordinator,
        employment=employment,
        expected_version=employment.version,
        hourly_wage=D("14.00"),
        starts_on=datetime.date(2026, 2, 10),
    )
    assert kept_cents(employment, MARCH) != before
    assert kept_cents(employment, datetime.date(2026, 1, 1)) is None
    assert_fresh(municipality)


def test_recording_a_decision_keeps_the_figures_fresh(municipality, crew, coordinator):
    employment = crew[2]
    assert kept_cents(employment, MARCH, "subsidy_income") == 0
    record_subsidy_decision(
        actor=coordinator,
        employment=employment,
        subsidy_type=SubsidyType.DISADVANTAGED_50,
        rate_percent=D(50),
        months=3,
        starts_on=datetime.date(2026, 3, 4),
        ends_on=datetime.date(2026, 5, 31),
        decided_on=datetime.date(2025, 12, 20),
        monthly_cap=D("1400.00"),
    )
    assert kept_cents(employment, MARCH, "subsidy_income") > 0
    assert_fresh(municipality)


def test_editing_benefit_days_keeps_the_figures_fresh(municipality, crew, coordinator):
    worker = Worker.objects.get(pk=crew[0].worker_id)
    before = kept_cents(crew[0], MARCH, "city_avoided_benefit_share")
    update_worker(
        actor=coordinator, worker=worker, expected_version=worker.version, benefit_days=10
    )
    assert kept_cents(crew[0], MARCH, "city_avoided_benefit_share") != before
    assert_fresh(municipality)


def test_an_exit_keeps_the_figures_fresh(municipality, crew, coordinator):
    record_exit(
        actor=coordinator,
        worker=crew[0].worker,
        exited_on=datetime.date(2026, 6, 15),
        reason="found_work",
        destination="open_full_time",
    )
    assert kept_cents(crew[0], datetime.date(2026, 7, 1)) is None
    assert_fresh(municipality)


def test_hours_approved_locked_amended_and_late_keep_the_figures_fresh(
    municipality, association, crew, staff, coordinator
):
    employment = crew[0]
    before = kept_cents(employment, datetime.date(2026, 4, 1))
    monday = datetime.date(2026, 4, 13)
    hour_actions.save_week(
        association=association,
        week_start=monday,
        values={(employment.pk, Task.GENERAL, monday): D("6.5")},
        expected_version=0,
        token="t1",
        actor=staff,
    )
    hour_actions.submit_week(association=association, week_start=monday, actor=staff)
    hour_actions.approve_week(sheet=WeekSheet.objects.get(week_start=monday), actor=coordinator)
    assert kept_cents(employment, datetime.date(2026, 4, 1)) != before
    assert_fresh(municipality)

    locked = employment.work_entries.filter(work_date=WEEK).get()
    amendment = hour_actions.amend_entry(entry=locked, hours=D("3"), reason="x", actor=staff)
    hour_actions.approve_amendment(amendment=amendment, actor=coordinator)
    assert_fresh(municipality)
    MonthLock.objects.create(association=association, month=MARCH)
    late = hour_actions.add_late_entry(
        employment=employment,
        work_date=WEEK + datetime.timedelta(days=7),
        task=Task.GENERAL,
        hours=D("2.25"),
        reason="Unohtui",
        actor=staff,
    )
    hour_actions.approve_amendment(amendment=late, actor=coordinator)
    assert_fresh(municipality)


def test_the_worker_import_keeps_the_figures_fresh(municipality, association, crew, coordinator):
    header = "etunimi;sukunimi;syntymävuosi;yhdistys;alkaa;päättyy;tuntia viikossa;tuntipalkka"
    row = ["Iida", "Tuonti", "1980", association.business_id, "1.5.2026", "", "25", "13,00"]
    summary = importing.save([header.split(";"), row], actor=coordinator, municipality=municipality)
    assert summary.new_contracts == 1
    assert WorkerMonthFigures.objects.filter(employment__worker__last_name="Tuonti").count() == 8
    assert_fresh(municipality)


def test_recording_and_deleting_a_drop_keep_the_figures_fresh(municipality, crew, coordinator):
    drop = evaluation_actions.record_assistance_drop(
        worker=crew[0].worker,
        first_month=MARCH,
        last_month=datetime.date(2026, 4, 1),
        monthly_amount=D("250.00"),
        source="Sosiaalitoimi",
        actor=coordinator,
    )
    assert kept_cents(crew[0], MARCH, "city_avoided_social_assistance") > 0
    assert_fresh(municipality)
    evaluation_actions.delete_assistance_drop(drop=drop, actor=coordinator)
    assert kept_cents(crew[0], MARCH, "city_avoided_social_assistance") == 0
    assert_fresh(municipality)


def test_factories_keep_the_figures_fresh(municipality, association, crew):
    november, december = datetime.date(2026, 11, 1), datetime.date(2026, 12, 31)
    EmploymentFactory(
        worker=crew[0].worker, association=association, starts_on=november, ends_on=december
    )
    june, july = datetime.date(2026, 6, 5), datetime.date(2026, 7, 31)
    SubsidyDecisionFactory(employment=crew[2], starts_on=june, ends_on=july, months=2)
    WorkEntryFactory(employment=crew[2], work_date=WEEK + datetime.timedelta(days=14),
                     status=EntryStatus.LOCKED)  # fmt: skip
    assert_fresh(municipality)


def test_a_parameter_edit_marks_the_year_stale_and_a_task_after_commit_refreshes_it(
    municipality, programme, crew, coordinator, params, django_capture_on_commit_callbacks
):
    values = {v.key: (v.value, v.source, v.status) for v in params.values.all()}
    values[ParameterKey.COORDINATION_COST_PER_MONTH] = (D("4321.00"), "x", SourceStatus.VERIFIED)
    steps = [(s.from_days, s.share_percent, s.source, s.status) for s in params.share_steps.all()]
    steps = [(days, share + 1, "x", SourceStatus.VERIFIED) for days, share, _s, _st in steps]
    before = kept_cents(crew[0], MARCH, "city_avoided_benefit_share")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        evaluation_actions.update_parameter_set(
            parameter_set=params,
            expected_version=params.version,
            values=values,
            steps=steps,
            note="",
            actor=coordinator,
        )
    # Until the task has run the year is stale and the dashboard computes it.
    assert KeptFiguresYear.objects.get(municipality=municipality, year=2026).stale
    assert kept_read.kept_economy(programme, Period(2026)) is None
    assert kept_figures.differences(municipality, [2026])[0][3] == "stale"
    for callback in callbacks:
        callback()
    assert kept_cents(crew[0], MARCH, "city_avoided_benefit_share") != before
    assert_fresh(municipality)
    assert_same_economy(programme)


def test_a_parameter_edit_with_the_broker_down_still_saves(
    municipality, programme, crew, coordinator, params, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    values = {v.key: (v.value, v.source, v.status) for v in params.values.all()}
    values[ParameterKey.COORDINATION_COST_PER_MONTH] = (D("999.00"), "x", SourceStatus.VERIFIED)
    steps = [(s.from_days, s.share_percent, s.source, s.status) for s in params.share_steps.all()]
    with (
        mock.patch(
            "evaluation.tasks.refresh_kept_year.delay", side_effect=OperationalError("down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        saved = evaluation_actions.update_parameter_set(
            parameter_set=params,
            expected_version=params.version,
            values=values,
            steps=steps,
            note="Redis alhaalla",
            actor=coordinator,
        )
    assert saved.values.get(key=ParameterKey.COORDINATION_COST_PER_MONTH).value == D("999.00")
    # Stale until a refresh: the dashboard computes, never shows the old figures.
    assert KeptFiguresYear.objects.get(municipality=municipality, year=2026).stale
    assert kept_read.kept_economy(programme, Period(2026)) is None
    # The periodic sweep (or manage.py refresh_figures) brings it back.
    assert refresh_stale_kept_years() == [(municipality.pk, 2026)]
    assert_fresh(municipality)
    assert_same_economy(programme)


def test_a_new_parameter_set_keeps_its_year(municipality, crew, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seed_default_parameter_set(municipality=municipality, year=2027)
    state = KeptFiguresYear.objects.get(municipality=municipality, year=2027)
    assert not state.stale and state.engine_version == kept_figures.ENGINE_VERSION


def test_a_stale_year_and_another_engine_version_fall_back_to_computing(
    client, municipality, programme, crew, coordinator
):
    client.force_login(coordinator)
    # A write that bypasses every action (as psql would): only a stale mark makes it show.
    Employment.objects.filter(pk=crew[0].pk).update(hourly_wage=D("99.00"))
    kept_text = without_tokens(client.get(DASHBOARD, YEAR_2026).content)
    KeptFiguresYear.objects.filter(year=2026).update(stale=True)
    computed = selectors.economy(programme, Period(2026))
    assert kept_read.dashboard_economy(programme, Period(2026)).totals.values == (
        computed.totals.values
    )
    stale_text = without_tokens(client.get(DASHBOARD, YEAR_2026).content)
    assert stale_text != kept_text
    KeptFiguresYear.objects.update(stale=False, engine_version=kept_figures.ENGINE_VERSION + 1)
    assert kept_read.kept_economy(programme, Period(2026)) is None
    assert without_tokens(client.get(DASHBOARD, YEAR_2026).content) == stale_text


def test_check_command_lists_differences_and_fails(municipality, crew):
    call_command("refresh_figures", check=True)
    WorkerMonthFigures.objects.filter(employment=crew[0], month=MARCH).update(wage_cost=1)
    with pytest.raises(CommandError, match="differ"):
        call_command("refresh_figures", check=True, year=[2026])
    call_command("refresh_figures", municipality=municipality.name, year=[2026])
    call_command("refresh_figures", check=True)


def test_reading_the_kept_dashboard_writes_nothing_and_counts_no_more_queries_with_more_data(
    client, municipality, association, programme, crew, coordinator, official
):
    # A metric over March to August: the metrics page reads its period's kept figures too.
    Metric.objects.create(
        programme=programme,
        key=MetricKey.CITY_NET_EFFECT,
        target=D(1),
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 8, 31),
    )
    metrics = reverse("evaluation:metrics", args=[programme.slug])
    computed = AssertionError("computed an economy that the kept figures hold")
    computing = mock.patch("evaluation.selectors.metrics.economy", side_effect=computed)
    computing_here = mock.patch(
        "evaluation.selectors.programme_economy.economy", side_effect=computed
    )
    explained = [
        (reverse("evaluation:explain", args=[key]), YEAR_2026)
        for key in ("city_net_effect", "bridging_need", "sroi_ratio")
    ]
    with computing, computing_here:
        _pages_read_no_more_with_more_data(
            client,
            municipality,
            (coordinator, official),
            ((DASHBOARD, YEAR_2026), (metrics, {}), *explained),
        )


def _pages_read_no_more_with_more_data(client, municipality, users, pages):
    for user in users:
        client.force_login(user)
        for page, query in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page, query).status_code == 200
            assert writes_of(queries) == []
            small = len(queries.captured_queries)
            more = AssociationFactory(village__municipality=municipality)
            for _ in range(4):
                EmploymentFactory(worker=WorkerFactory(municipality=municipality), association=more)
            with CaptureQueriesContext(connection) as queries:
                client.get(page, query)
            assert len(queries.captured_queries) == small, page
