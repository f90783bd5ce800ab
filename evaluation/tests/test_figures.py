"""The kept worker-month figures (evaluation.figures): the dashboard's values equal the
explained computation to the cent, and after every write path the kept rows equal the
figures computed again from the current inputs."""

import datetime
from decimal import Decimal as D

import pytest

from evaluation import economy as model
from evaluation import figures, selectors
from evaluation.actions import (
    parameter_set_update,
    social_assistance_drop_delete,
    social_assistance_drop_record,
)
from evaluation.inputs import approved_hours
from evaluation.models import EmploymentMonthFigures
from services import actions as hour_actions
from services.models import EntryStatus, Task, WeekSheet
from services.tests.factories import WorkEntryFactory
from workers.actions import (
    employment_update,
    subsidy_decision_record,
    worker_delete,
    worker_update,
)
from workers.models import ParameterSet, SubsidyPayer, SubsidyType
from workers.parameters import parameters_for_years, seed_default_parameter_set
from workers.tests.factories import EmploymentFactory, SubsidyDecisionFactory, WorkerFactory

YEAR = selectors.Period(2026)
FIRST, LAST = datetime.date(2025, 11, 1), datetime.date(2026, 12, 31)  # with the cash view's


def _hours(employment, *days, hours="7.50"):
    for day in days:
        WorkEntryFactory(
            employment=employment,
            work_date=day,
            hours=D(hours),
            task=Task.GENERAL,
            status=EntryStatus.APPROVED,
        )


@pytest.fixture
def crew(municipality, programme, association, other_association):
    """Contracts that take every branch of the model: a start in the previous year (the
    cash view's earlier months), part months, each subsidy type, a monthly cap, a 55+
    contract under the minimum hours, a worker crossing a municipal-share step, two
    contracts of one worker in one month in two villages, and a month without hours."""
    seed_default_parameter_set(municipality=municipality, year=2025)
    seed_default_parameter_set(municipality=municipality, year=2026)
    d = datetime.date
    long_unemployed = WorkerFactory(municipality=municipality, benefit_days=650)
    first = EmploymentFactory(
        worker=long_unemployed,
        association=association,
        starts_on=d(2025, 11, 17),
        ends_on=d(2026, 6, 19),
        hours_per_week=D("24.40"),
        hourly_wage=D("12.35"),
    )
    SubsidyDecisionFactory(
        employment=first, starts_on=d(2025, 11, 17), ends_on=d(2026, 4, 15), monthly_cap=None
    )
    _hours(first, d(2025, 11, 18), d(2025, 12, 2), d(2026, 1, 5), d(2026, 4, 14), d(2026, 4, 20))
    _hours(first, d(2026, 6, 18), hours="6.25")

    two_villages = WorkerFactory(municipality=municipality, benefit_days=120)
    half = EmploymentFactory(
        worker=two_villages,
        association=association,
        starts_on=d(2026, 2, 10),
        ends_on=None,
        hourly_wage=D("13.10"),
    )
    SubsidyDecisionFactory(
        employment=half,
        subsidy_type=SubsidyType.DISADVANTAGED_50,
        rate_percent=D("50"),
        monthly_cap=D("420.00"),
        starts_on=d(2026, 2, 10),
        ends_on=d(2026, 7, 9),
        payer=SubsidyPayer.STATE,
    )
    _hours(half, d(2026, 2, 11), d(2026, 3, 3), d(2026, 3, 4), d(2026, 7, 8), d(2026, 7, 13))
    second = EmploymentFactory(
        worker=two_villages,
        association=other_association,
        starts_on=d(2026, 3, 1),
        ends_on=d(2026, 5, 31),
        hours_per_week=D("10.00"),
        hourly_wage=D("12.00"),
    )
    _hours(second, d(2026, 3, 10), d(2026, 5, 29))

    older = WorkerFactory(municipality=municipality, benefit_days=900)
    short_55 = EmploymentFactory(
        worker=older,
        association=other_association,
        starts_on=d(2026, 1, 1),
        ends_on=d(2026, 12, 31),
        hours_per_week=D("20.00"),
    )
    SubsidyDecisionFactory(
        employment=short_55,
        subsidy_type=SubsidyType.AGE_55_PLUS_70,
        rate_percent=D("70"),
        monthly_cap=None,
        starts_on=d(2026, 1, 1),
        ends_on=d(2026, 10, 31),
    )
    _hours(short_55, d(2026, 1, 7), d(2026, 8, 12))

    reduced = EmploymentFactory(
        worker=WorkerFactory(municipality=municipality, reduced_work_ability=True),
        association=association,
        starts_on=d(2026, 5, 4),
        ends_on=d(2026, 9, 30),
    )
    SubsidyDecisionFactory(
        employment=reduced,
        subsidy_type=SubsidyType.REDUCED_WORK_ABILITY_70,
        rate_percent=D("70"),
        monthly_cap=D("1000.00"),
        starts_on=d(2026, 5, 4),
        ends_on=d(2026, 9, 30),
    )
    _hours(reduced, d(2026, 5, 5), d(2026, 9, 29), hours="8.00")
    idle = EmploymentFactory(
        worker=WorkerFactory(municipality=municipality, benefit_days=300),
        association=other_association,
        starts_on=d(2026, 10, 1),
        ends_on=d(2026, 12, 31),
    )
    return {
        "first": first,
        "half": half,
        "second": second,
        "short_55": short_55,
        "idle": idle,
    }


def _worker_row(row):
    return (row.worker.pk, row.village, row.hours, row.person_months, dict(row.values))


def assert_same_economy(fast, full):
    assert fast.missing == full.missing
    assert fast.people == full.people
    assert fast.totals.values == full.totals.values
    assert (fast.totals.hours, fast.totals.person_months) == (
        full.totals.hours,
        full.totals.person_months,
    )
    assert [(r.month, r.hours, r.person_months, dict(r.values)) for r in fast.monthly] == [
        (r.month, r.hours, r.person_months, dict(r.values)) for r in full.monthly
    ]
    assert [_worker_row(r) for r in fast.workers] == [_worker_row(r) for r in full.workers]
    assert fast.cash_flow.months == full.cash_flow.months
    assert fast.cash_flow.figure.value == full.cash_flow.figure.value
    assert [str(n) for n in fast.cash_flow.figure.notes] == [
        str(n) for n in full.cash_flow.figure.notes
    ]
    assert (fast.sroi and fast.sroi.ratio) == (full.sroi and full.sroi.ratio)
    assert {k: f.notes for k, f in fast.totals.figures.items()} == {
        k: f.notes for k, f in full.totals.figures.items()
    }


def assert_kept_rows_are_recomputed(municipality, first=FIRST, last=LAST):
    """Every worker-month of the range has a kept row equal to the model's figures of the
    current inputs (the drops in social assistance are not kept)."""
    contracts = figures.contracts(municipality, first, last)
    params = parameters_for_years(municipality, range(first.year, last.year + 1))
    hours = approved_hours([c.id for c in contracts], first, last)
    kept = {
        (row.employment_id, row.month): row
        for row in EmploymentMonthFigures.objects.filter(month__range=(first, last))
    }
    checked = 0
    for contract in contracts:
        for year in range(first.year, last.year + 1):
            chunk = (max(first, datetime.date(year, 1, 1)), min(last, datetime.date(year, 12, 31)))
            for wm in figures.worker_months(contract, params[year], *chunk, hours):
                row = kept.pop((contract.id, datetime.date(wm.year, wm.month, 1)))
                result = model.compute_month(wm, params[year])
                assert row.complete
                assert row.inputs == figures.inputs_key(contract, year, params[year])
                month_hours = hours.get(contract.id, wm.year, wm.month)
                assert row.hours_row_id == (month_hours.row_id or 0)
                assert figures.hours_from_hundredths(row.hours_hundredths) == wm.approved_hours
                for key, column in figures.COLUMNS.items():
                    assert figures.from_cents(getattr(row, column)) == result[key], key
                checked += 1
    assert kept == {}  # no row of a month that is not a worker-month any more
    return checked


def both(programme, period=YEAR, *, kept=True):
    """The dashboard's figures (from the kept rows unless `kept` is False) equal the
    explained ones."""
    fast = selectors.economy(programme, period, explained=False)
    full = selectors.economy(programme, period)
    assert_same_economy(fast, full)
    # Only the explained path lists the parameters a total used.
    assert bool(fast.totals.figures["wage_cost"].parameters) is not kept
    return fast


@pytest.fixture
def computed(monkeypatch):
    """Counts the worker-months the economic model computes."""
    calls = []
    original = model.compute_month

    def counting(wm, params, **kwargs):
        calls.append((wm.year, wm.month))
        return original(wm, params, **kwargs)

    monkeypatch.setattr(model, "compute_month", counting)
    return calls


def test_dashboard_figures_equal_the_explained_ones_to_the_cent(
    municipality, programme, association, other_association, crew
):
    social_assistance_drop_record(
        worker=crew["half"].worker,
        first_month=datetime.date(2026, 3, 1),
        last_month=datetime.date(2026, 4, 1),
        monthly_amount=D("133.33"),
        source="Sosiaalitoimen ilmoitus",
        actor=None,
    )
    fast = both(programme)
    assert fast.totals["wage_cost"] > 0 and fast.totals["city_avoided_social_assistance"] > 0
    assert fast.cash_flow.figure.notes  # earlier months counted
    both(programme, selectors.Period(2026, village=association.village))
    both(programme, selectors.Period(2026, village=other_association.village))
    both(programme, selectors.Period(2026, 3, 7))
    both(programme, selectors.Period(2026, 2, 4, village=association.village))
    both(programme, selectors.Period(2025))
    assert_kept_rows_are_recomputed(municipality)


def test_taxes_option_and_a_missing_earlier_parameter_set_give_the_same_figures(
    municipality, programme, crew
):
    ParameterSet.objects.filter(year=2026).get().values.filter(
        key="public_sector_includes_taxes"
    ).update(value=D("1"))
    ParameterSet.objects.filter(year=2025).delete()
    fast = both(programme)
    assert fast.totals["public_taxes_returned"] > 0
    assert fast.cash_flow.figure.notes


def test_a_second_view_computes_nothing_and_approved_hours_only_their_months(
    municipality, programme, association, crew, staff, coordinator, computed
):
    both(programme)
    computed.clear()
    selectors.economy(programme, YEAR, explained=False)
    assert computed == []

    week = datetime.date(2026, 3, 2)
    hour_actions.save_week(
        association=association,
        week_start=week,
        values={(crew["half"].pk, Task.GENERAL, week + datetime.timedelta(days=3)): D("4.00")},
        expected_version=0,
        token="t",
        actor=staff,
        confirm_over_contract=True,
    )
    hour_actions.submit_week(association=association, week_start=week, actor=staff)
    computed.clear()
    fast = selectors.economy(programme, YEAR, explained=False)
    assert computed == []  # hours waiting for approval do not count yet
    assert_same_economy(fast, selectors.economy(programme, YEAR))

    hour_actions.approve_week(sheet=WeekSheet.objects.get(), actor=coordinator)
    computed.clear()
    fast = selectors.economy(programme, YEAR, explained=False)
    # The week's month of the association's crew (refreshed together), nothing else.
    assert set(computed) == {(2026, 3)} and len(computed) <= 2
    assert_same_economy(fast, selectors.economy(programme, YEAR))
    assert_kept_rows_are_recomputed(municipality)


def _approve_a_week(crew, association, staff, coordinator, **_):
    week = datetime.date(2026, 3, 2)
    hour_actions.save_week(
        association=association,
        week_start=week,
        values={(crew["first"].pk, Task.GENERAL, week): D("5.25")},
        expected_version=0,
        token="t",
        actor=staff,
        confirm_over_contract=True,
    )
    hour_actions.submit_week(association=association, week_start=week, actor=staff)
    hour_actions.approve_week(sheet=WeekSheet.objects.get(), actor=coordinator)


def _lock_and_amend(crew, association, staff, coordinator, **_):
    _approve_a_week(crew, association, staff, coordinator)
    hour_actions.lock_month(
        association=association, month=datetime.date(2026, 3, 1), actor=coordinator
    )
    entry = crew["first"].work_entries.get(work_date=datetime.date(2026, 3, 2))
    amendment = hour_actions.amend_entry(entry=entry, hours=D("2.00"), reason="x", actor=staff)
    hour_actions.approve_amendment(amendment=amendment, actor=coordinator)


def _change_the_wage(crew, coordinator, **_):
    employment = crew["half"]
    employment_update(
        actor=coordinator,
        employment=employment,
        expected_version=employment.version,
        hourly_wage=D("14.05"),
    )


def _shorten_the_contract(crew, coordinator, **_):
    employment = crew["short_55"]
    employment_update(
        actor=coordinator,
        employment=employment,
        expected_version=employment.version,
        ends_on=datetime.date(2026, 9, 14),
    )


def _record_a_decision(crew, coordinator, **_):
    subsidy_decision_record(
        actor=coordinator,
        employment=crew["second"],
        subsidy_type=SubsidyType.ASSOCIATION_100,
        rate_percent=D("100"),
        months=3,
        starts_on=datetime.date(2026, 3, 16),
        ends_on=datetime.date(2026, 5, 31),
        decided_on=datetime.date(2026, 3, 1),
    )


def _change_benefit_days(crew, coordinator, **_):
    worker = crew["first"].worker
    worker_update(
        actor=coordinator, worker=worker, expected_version=worker.version, benefit_days=99
    )


def _supersede_the_parameters(coordinator, municipality, **_):
    parameter_set = ParameterSet.objects.get(municipality=municipality, year=2026)
    values = {v.key: (v.value, v.source, v.status) for v in parameter_set.values.all()}
    values["holiday_pay_accrual"] = (D("10.5"), "Palkanlaskenta", "G")
    values["municipal_top_up_per_month"] = (D("300.00"), "Päätös", "V")
    steps = [
        (s.from_days, s.share_percent, s.source, s.status) for s in parameter_set.share_steps.all()
    ]
    steps[-1] = (650, D("50"), "HE", "V")
    parameter_set_update(
        parameter_set=parameter_set,
        expected_version=parameter_set.version,
        values=values,
        steps=steps,
        note="Uudet arvot",
        actor=coordinator,
    )


def _edit_the_earlier_year_in_place(municipality, **_):
    # Past the actions (as the admin or a script would): the values are what counts.
    ParameterSet.objects.get(municipality=municipality, year=2025).values.filter(
        key="subsidy_payment_lag_months"
    ).update(value=D("1"))
    ParameterSet.objects.get(municipality=municipality, year=2025).values.filter(
        key="association_subsidy_monthly_cap"
    ).update(value=D("50.00"))


def _record_and_remove_drops(crew, coordinator, **_):
    drop = social_assistance_drop_record(
        worker=crew["first"].worker,
        first_month=datetime.date(2026, 1, 1),
        last_month=datetime.date(2026, 2, 1),
        monthly_amount=D("80.00"),
        source="Sosiaalitoimi",
        actor=coordinator,
    )
    social_assistance_drop_record(
        worker=crew["half"].worker,
        first_month=datetime.date(2026, 5, 1),
        last_month=datetime.date(2026, 5, 1),
        monthly_amount=D("55.55"),
        source="Sosiaalitoimi",
        actor=coordinator,
    )
    social_assistance_drop_delete(drop=drop, actor=coordinator)


def _delete_a_contract(crew, coordinator, **_):
    worker_delete(actor=coordinator, worker=crew["idle"].worker)


@pytest.mark.parametrize(
    "write",
    [
        _approve_a_week,
        _lock_and_amend,
        _change_the_wage,
        _shorten_the_contract,
        _record_a_decision,
        _change_benefit_days,
        _supersede_the_parameters,
        _edit_the_earlier_year_in_place,
        _record_and_remove_drops,
        _delete_a_contract,
    ],
)
def test_after_every_write_path_the_kept_figures_equal_a_recomputation(
    municipality, programme, association, crew, staff, coordinator, write
):
    before = both(programme)
    assert_kept_rows_are_recomputed(municipality)
    write(
        crew=crew,
        association=association,
        staff=staff,
        coordinator=coordinator,
        municipality=municipality,
    )
    after = both(programme)
    assert_kept_rows_are_recomputed(municipality)
    assert (after.totals.values, after.cash_flow.months) != (
        before.totals.values,
        before.cash_flow.months,
    )


def test_a_missing_parameter_is_named_and_nothing_is_kept_for_it(
    municipality, programme, crew, computed
):
    ParameterSet.objects.get(year=2026).values.filter(key="benefit_per_day").update(value=None)
    fast = both(programme, kept=False)
    assert fast.totals["city_avoided_benefit_share"] is None
    assert any("Työttömyysetuus päivässä" in message for message in fast.missing)
    assert not EmploymentMonthFigures.objects.filter(month__year=2026, complete=True).exists()
    # The incomplete months are known from their rows: only the explained path computes.
    computed.clear()
    selectors.economy(programme, YEAR, explained=False)
    from_figures = len(computed)
    computed.clear()
    selectors.economy(programme, YEAR)
    assert from_figures == len(computed)


def test_roll_up_rows_that_disappear_or_are_replaced_are_noticed(
    municipality, programme, crew, computed
):
    """Past the hour actions (a bulk path): a month whose roll-up row is gone has no hours
    any more; rebuilt rows have new ids, so their months are computed again."""
    from services.models import MonthlyHours
    from services.rollups import rebuild_monthly_hours

    both(programme)
    MonthlyHours.objects.filter(employment=crew["half"], month=datetime.date(2026, 7, 1)).delete()
    computed.clear()
    fast = selectors.economy(programme, YEAR, explained=False)
    assert computed == [(2026, 7)]
    assert_same_economy(fast, selectors.economy(programme, YEAR))
    row = next(r for r in fast.workers if r.worker.pk == crew["half"].worker_id)
    assert row.hours == D("37.50")  # 7 entries of 7.50 h in two contracts, July's 2 gone
    rebuild_monthly_hours([crew["second"].pk])
    computed.clear()
    selectors.economy(programme, YEAR, explained=False)
    assert sorted(computed) == [(2026, 3), (2026, 5)]  # the months with its hours
    assert_kept_rows_are_recomputed(municipality)


def test_the_inputs_key_is_the_same_in_every_process(municipality, crew):
    """The key is Python's hash of numbers: text is salted per process, numbers are not."""
    import subprocess
    import sys

    params = parameters_for_years(municipality, [2026])[2026]
    contracts = figures.contracts(municipality, FIRST, LAST)
    values = [
        (figures.MODEL_NUMBER, 2026, figures._number(params.digest), figures._contract_inputs(c))
        for c in contracts
    ]
    assert any(len(v[3]) > 5 for v in values)  # with subsidy decisions
    program = f"from decimal import Decimal\nprint([hash(v) for v in {values!r}])"
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", program],
            env={"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert out.strip() == str([figures.inputs_key(c, 2026, params) for c in contracts])


def test_figures_that_cannot_be_kept_are_computed_the_explained_way(
    municipality, programme, crew, monkeypatch, caplog
):
    """A write that the database refuses (two views keeping the same months deadlock)
    leaves the page correct: the figures are computed with their explanations instead."""
    from django.db import OperationalError

    def refused(*args, **kwargs):
        raise OperationalError("deadlock detected")

    monkeypatch.setattr(EmploymentMonthFigures.objects, "bulk_create", refused)
    both(programme, kept=False)
    assert not EmploymentMonthFigures.objects.exists()
    assert "not kept" in caplog.text


def test_a_contracts_months_are_the_models_month_fractions():
    """contract_months works the shares out without dates: the same Decimals (value and
    digits) as economy.month_fraction, month by month."""
    import random

    rng = random.Random(9)
    for _ in range(3000):
        starts_on = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 1400))
        ends_on = (
            None if rng.random() < 0.2 else starts_on + datetime.timedelta(days=rng.randint(0, 500))
        )
        contract = figures.Contract(1, 1, "", "", 1, "", starts_on, ends_on, D(1), D(1), 0)
        first = rng.randint(2023 * 12, 2027 * 12)
        last = first + rng.randint(0, 14)
        expected = [
            (index, str(fraction))
            for index in range(first, last + 1)
            if (fraction := model.month_fraction(starts_on, ends_on, index // 12, index % 12 + 1))
        ]
        got = figures.contract_months(contract, first, last)
        assert [(index, str(fraction)) for index, fraction in got] == expected


def test_the_plain_rows_are_the_querysets_rows(municipality, programme, crew):
    """The kept figures are read past Django's value conversion: the same tuples."""
    both(programme)
    queryset = figures._by_contract_query(
        figures.employments(municipality, FIRST, LAST), FIRST, LAST, YEAR.start
    )
    rows = figures._plain_rows(queryset)
    assert len(rows) > 5
    assert sorted(rows) == sorted(tuple(row) for row in queryset)
