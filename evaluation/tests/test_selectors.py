import datetime
from decimal import Decimal as D

from evaluation import selectors
from evaluation.actions import record_assessment
from evaluation.models import MetricKey, Timepoint
from evaluation.tests.factories import InstrumentFactory, MetricFactory
from workers.models import Destination, Exit, ExitReason, FollowUp
from workers.tests.factories import EmploymentFactory, WorkerFactory

YEAR = selectors.Period(2026)


def test_year_totals_of_a_crew_add_up_from_worker_months(
    programme, association, params2026, hours_per_month, make_crew
):
    """5 workers, all of 2026, 100 h/month at 12 €/h, 100 % subsidy January–October.

    (Issue 15 changed these numbers: holiday pay is no longer 0, the cumulation limit cuts
    the top-up and the adjusted benefit avoids at most half of the pay.)
    per worker-month: pay 1 200.00 + holiday pay 1 200.00 × 13.5 % = 162.00 → wage
    1 362.00; statutory side costs 1 362.00 × 20.72 % = 282.2064 → 282.21, + 60.00 other
    = 342.21; employer cost 1 704.21; subsidy (pay + side costs) 1 200.00 × 1.2072 =
    1 448.64; wage costs 1 362.00 + 282.21 = 1 644.21, so the top-up is cut to
    1 644.21 − 1 448.64 = 195.57 in January–October (450.00 in November–December);
    avoided benefit min(37.21 × 21.5 = 800.015, 50 % × 1 200.00) = 600.00, the city's
    share (800 days → 50 %) 300.00.
    year, 5 workers: wage 60 × 1 362.00 = 81 720.00; subsidy 50 × 1 448.64 = 72 432.00;
    top-up 5 × (10 × 195.57 + 2 × 450.00) = 14 278.50; employer cost 60 × 1 704.21 =
    102 252.60; net = 102 252.60 − 72 432.00 − 14 278.50 = 15 542.10;
    top-up cut 50 × 254.43 = 12 721.50; avoided benefit share 60 × 300.00 = 18 000.00;
    city net = 18 000.00 − 72 432.00 − 14 278.50 − 12 × 3 500.00 = −110 710.50
    """
    make_crew(5, association)
    result = selectors.economy(programme, YEAR)
    assert result.missing == []
    totals = result.totals
    assert result.people == 5
    assert totals.person_months == D("60.00")
    assert totals.hours == D("6000.00")
    assert totals["wage_cost"] == D("81720.00")
    assert totals["holiday_pay"] == D("9720.00")
    assert totals["employer_cost"] == D("102252.60")
    assert totals["subsidy_income"] == D("72432.00")
    assert totals["municipal_top_up"] == D("14278.50")
    assert totals["top_up_cut"] == D("12721.50")
    assert totals["association_net_cost"] == D("15542.10")
    assert totals["city_avoided_benefit_share"] == D("18000.00")
    assert totals["city_net_effect"] == D("-110710.50")
    assert [row.person_months for row in result.monthly] == [D(5)] * 12


def test_economy_never_pauses_the_garbage_collector(
    programme, association, params2026, hours_per_month, make_crew, monkeypatch
):
    """Pausing the cycle collector stops it for every thread of the process (a web
    worker's other requests too): the economy is computed with it running."""
    import gc

    from evaluation import economy

    make_crew(1, association)
    real = economy.compute_month
    seen = []

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr("evaluation.economy.compute_month", watched)
    selectors.economy(programme, YEAR)
    assert seen and all(seen)


def test_a_total_explains_itself_like_its_worker_months(
    programme, association, params2026, hours_per_month, make_crew
):
    """Explanations are built on demand: the totals still name the formula and every
    parameter the worker-months used, and the worker-months' own figures explain."""
    make_crew(2, association)
    result = selectors.economy(programme, YEAR)
    subsidy = result.totals.figures["subsidy_income"]
    assert "min(" in str(subsidy.formula)  # the association subsidy's formula
    used = {u.key for u in subsidy.parameters}
    assert {"full_time_hours_per_week", "weeks_per_month", "tyel_total"} <= used
    side_costs = result.totals.figures["side_costs"]
    assert "other_employer_costs_per_month" in {u.key for u in side_costs.parameters}


def test_village_filter_takes_its_share_of_coordination_costs(
    programme, association, other_association, params2026, hours_per_month, make_crew
):
    """3 of 5 workers in Livo: Livo bears 3/5 of 12 × 3 500.00 = 25 200.00."""
    make_crew(3, association)
    make_crew(2, other_association)
    livo = selectors.economy(programme, selectors.Period(2026, village=association.village))
    assert livo.people == 3
    assert livo.totals["coordination_costs"] == D("25200.00")
    assert livo.totals["wage_cost"] == D("49032.00")  # 36 × 1 362.00


def test_missing_parameter_is_named_and_no_figures_are_made_up(
    programme, association, params2026, hours_per_month, make_crew
):
    params2026.values.filter(key="benefit_per_day").update(value=None)
    make_crew(1, association)
    result = selectors.economy(programme, YEAR)
    assert result.totals["city_avoided_benefit_share"] is None
    assert result.totals["city_net_effect"] is None
    assert result.totals["wage_cost"] == D("16344.00")  # 12 × 1 362.00
    assert len(result.missing) == 1
    assert "Työttömyysetuus päivässä" in result.missing[0]


def test_missing_parameter_set_for_the_year_is_reported(programme, association, make_crew):
    make_crew(1, association)
    result = selectors.economy(programme, YEAR)
    assert result.missing
    assert result.totals["wage_cost"] is None and result.totals["city_net_effect"] is None


def test_score_change_counts_only_workers_with_a_start_and_a_later_assessment(
    municipality, coordinator
):
    instrument = InstrumentFactory(municipality=municipality, items=["A"])
    item = instrument.items.get()
    paired, unpaired = (
        WorkerFactory(municipality=municipality),
        WorkerFactory(municipality=municipality),
    )
    for worker, timepoint, value in [
        (paired, Timepoint.START, 4),
        (paired, Timepoint.MONTH_3, 7),
        (unpaired, Timepoint.START, 2),
    ]:
        record_assessment(
            worker=worker,
            instrument=instrument,
            timepoint=timepoint,
            assessed_on=datetime.date(2026, 1, 1),
            answers={item.pk: value},
            actor=coordinator,
        )
    change = selectors.score_changes(municipality)[0]
    assert change.pairs == 1
    assert change.mean_change == D("3.00")


def test_open_market_rate_from_follow_ups(programme, municipality, association, make_crew):
    workers = make_crew(2, association)
    for worker, destination in zip(
        workers, [Destination.OPEN_PART_TIME, Destination.UNEMPLOYED], strict=True
    ):
        exit_row = Exit.objects.create(
            worker=worker,
            exited_on=datetime.date(2026, 3, 31),
            reason=ExitReason.CONTRACT_ENDED,
            destination=destination,
        )
        FollowUp.objects.create(
            exit=exit_row,
            timepoint=3,
            due_on=datetime.date(2026, 6, 30),
            recorded_on=datetime.date(2026, 7, 1),
            destination=destination,
        )
    assert selectors.open_market_rates(municipality, YEAR)[3] == (1, 2)


def test_metric_status_against_target(
    programme, association, params2026, hours_per_month, make_crew
):
    make_crew(5, association)
    met = MetricFactory(programme=programme, key=MetricKey.PEOPLE_EMPLOYED, target=D(5))
    behind = MetricFactory(programme=programme, key=MetricKey.HOURS, target=D(10000))
    cost = MetricFactory(
        programme=programme, key=MetricKey.NET_COST_PER_PERSON_MONTH, target=D("-100")
    )
    statuses = {
        s.metric.pk: s for s in selectors.metric_statuses(programme, datetime.date(2027, 1, 10))
    }
    assert statuses[met.pk].status == "met"
    assert statuses[behind.pk].value == D("6000.00")
    assert statuses[behind.pk].status == "behind"
    # 15 542.10 / 60 person-months = 259.035 → 259.04 > −100: lower is better, so behind
    # (issue 15: holiday pay and the cumulation limit turned the net cost positive)
    assert statuses[cost.pk].value == D("259.04")
    assert statuses[cost.pk].status == "behind"


def test_due_assessments_list_the_current_timepoint_not_yet_done(
    municipality, association, coordinator
):
    instrument = InstrumentFactory(municipality=municipality)
    worker = WorkerFactory(municipality=municipality)
    EmploymentFactory(
        worker=worker,
        association=association,
        starts_on=datetime.date(2026, 1, 5),
        ends_on=datetime.date(2026, 12, 31),
    )
    due = selectors.due_assessments(coordinator, datetime.date(2026, 4, 1))
    assert [(d.worker, d.instrument, d.timepoint) for d in due] == [
        (worker, instrument, Timepoint.MONTH_3)
    ]
    assert due[0].due_on == datetime.date(2026, 4, 5)


def test_due_assessments_move_to_exit_once_the_last_contract_ends_and_drop_when_recorded(
    municipality, association, coordinator
):
    from evaluation.models import Assessment, AssessmentStatus

    first, second = (
        InstrumentFactory(municipality=municipality),
        InstrumentFactory(municipality=municipality),
    )
    leaving = WorkerFactory(municipality=municipality, first_name="Aino", last_name="Alatalo")
    EmploymentFactory(
        worker=leaving,
        association=association,
        starts_on=datetime.date(2025, 1, 6),
        ends_on=datetime.date(2025, 12, 31),
    )
    EmploymentFactory(
        worker=leaving,
        association=association,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 4, 10),
    )
    long_gone = WorkerFactory(municipality=municipality)
    EmploymentFactory(
        worker=long_gone,
        association=association,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2025, 6, 30),
    )
    Assessment.objects.create(
        worker=leaving,
        instrument=second,
        timepoint=Timepoint.EXIT,
        assessed_on=datetime.date(2026, 4, 1),
        status=AssessmentStatus.DONE,
        score=D("6.00"),
    )

    due = selectors.due_assessments(coordinator, datetime.date(2026, 4, 1))

    assert [(d.worker_name, d.instrument, d.timepoint, d.due_on) for d in due] == [
        ("Aino Alatalo", first, Timepoint.EXIT, datetime.date(2026, 4, 10))
    ]
    assert due[0].worker == leaving


def test_economy_reads_approved_current_hours_and_subsidises_only_covered_days(
    programme, municipality, association, params2026
):
    """Decision 1–15 January; approved 8 h on 5.1. and locked 8 h on 20.1. count, an entered
    day and a replaced (not current) day do not.

    pay = 16 × 12.00 = 192.00, + holiday pay 13.5 % = 25.92 → wage cost 217.92;
    subsidised hours = 8 (only 5.1. is covered; limit 105.54375 × 15/31 = 51.07 h);
    subsidy = 8 × 12.00 × 1.2072 = 115.8912 → 115.89 (cap 2 020 × 15/31 = 977.42 not reached)
    """
    from services.models import EntryStatus
    from services.tests.factories import WorkEntryFactory
    from workers.tests.factories import SubsidyDecisionFactory

    employment = EmploymentFactory(
        worker=WorkerFactory(municipality=municipality),
        association=association,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    SubsidyDecisionFactory(
        employment=employment,
        monthly_cap=None,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 1, 15),
        months=1,
    )
    for day, status, current in [
        (5, EntryStatus.APPROVED, True),
        (20, EntryStatus.LOCKED, True),
        (21, EntryStatus.ENTERED, True),
        (22, EntryStatus.APPROVED, False),
    ]:
        WorkEntryFactory(
            employment=employment,
            work_date=datetime.date(2026, 1, day),
            hours=D("8"),
            status=status,
            is_current=current,
        )
    january = selectors.economy(programme, selectors.Period(2026, 1, 1))
    assert january.totals.hours == D("16.00")
    assert january.totals["wage_cost"] == D("217.92")
    assert january.totals["subsidy_income"] == D("115.89")


def test_score_changes_list_the_municipalitys_worker_instruments_by_name(
    municipality, other_municipality
):
    """The change table's rows: every worker instrument of the municipality (with or
    without pairs), by name, as the instruments' own order has them within one
    municipality; another municipality's instruments are not among them."""
    for name in ("Toimintakyky", "Arjen hallinta", "Osallisuus"):
        InstrumentFactory(municipality=municipality, name=name)
    InstrumentFactory(municipality=other_municipality, name="Aaltoja")
    names = [change.instrument.name for change in selectors.score_changes(municipality)]
    assert names == ["Arjen hallinta", "Osallisuus", "Toimintakyky"]
