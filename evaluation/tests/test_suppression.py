"""The attacker's test of complementary suppression (evaluation.suppression).

A generated programme of many small villages, people starting in different months. The
official asks for everything the dashboard lets them ask for (every year, every month
range, every village filter); whatever is shown is a linear function of the worker-month
figures. A hidden value is recovered when its function is a combination of the shown
ones (that covers every subtraction of rows, totals and periods, and sums of them), so
the test solves exactly that, in rational arithmetic, for every hidden village, every
hidden month, every worker and every village-month.
"""

import calendar
import datetime
import random
import re
from collections import Counter
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse

from evaluation import selectors, suppression
from evaluation.models import PeriodKind
from evaluation.reports.figures import Scope, collect
from evaluation.reports.periods import year_period
from evaluation.tests.reports.factories import ReportJobFactory
from villages.tests.factories import AssociationFactory, VillageFactory
from workers.tests.factories import EmploymentFactory, WorkerFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("evaluation:dashboard")
SIZES = [2, 6, 5, 7, 5, 9, 6, 8, 5, 1]  # the hidden 2 and 1 alone would be 3 people


def in_span(rows: list[dict], target: dict) -> bool:
    """Whether `target` (a sparse vector) is a rational combination of `rows`."""
    basis: list[tuple[object, dict]] = []  # (pivot, row) in echelon form

    def reduce(vector: dict) -> dict:
        vector = {k: Fraction(v) for k, v in vector.items() if v}
        for pivot, row in basis:
            factor = vector.get(pivot)
            if factor:
                for key, value in row.items():
                    vector[key] = vector.get(key, 0) - factor * value
                vector = {k: v for k, v in vector.items() if v}
        return vector

    for row in rows:
        reduced = reduce(row)
        if reduced:
            pivot = min(reduced, key=repr)
            scale = reduced[pivot]
            basis.append((pivot, {k: v / scale for k, v in reduced.items()}))
    return not reduce(target)


@pytest.fixture
def small_villages(municipality, params2026, hours_per_month):
    """Ten villages of 1–7 people, starting and ending in different months (seeded, so
    the run is the same every time): {worker id: (village, first month, last month)}."""
    rng = random.Random(16)
    people = {}
    for index, size in enumerate(SIZES):
        village = VillageFactory(municipality=municipality, name=f"Kylä {index:02}")
        association = AssociationFactory(village=village, name=f"Kyläyhdistys {index:02} ry")
        for _ in range(size):
            worker = WorkerFactory(municipality=municipality)
            # One person works January and February alone; five start in March, the
            # others later (all to the year's end): only January and February are small.
            if not people:
                start, end = 1, 2
            else:
                start, end = (3 if len(people) <= 5 else rng.randint(3, 10)), 12
            EmploymentFactory(
                worker=worker,
                association=association,
                starts_on=datetime.date(2026, start, 1),
                ends_on=datetime.date(2026, end, calendar.monthrange(2026, end)[1]),
            )
            people[worker.pk] = (village.name, start, end)
    return people


def village_rows(html: str) -> dict[str, bool]:
    """The village table of the page: village name -> whether its figures are shown."""
    rows = re.findall(r'<tr><th scope="row">(Kylä \d\d)</th>\s*<td( colspan="3")?>', html)
    return {name: not hidden for name, hidden in rows}


def test_no_hidden_value_can_be_recovered_from_what_an_official_can_ask_for(
    client, official, programme, small_villages
):
    client.force_login(official)
    year = client.get(DASHBOARD, {"year": "2026"})
    html = year.content.decode()
    shown_villages = village_rows(html)
    assert len(shown_villages) == len(SIZES)
    month_values = year.context["charts"][0].series[0].values
    shown_months = {month for month, value in enumerate(month_values, 1) if value is not None}

    # Neighbouring periods and village filters give the official nothing new: the page is
    # the whole year of the whole programme whatever is asked for.
    assert set(year.context["form"].fields) == {"programme", "year"}
    for query in (
        {"year": "2026", "month_from": "2", "month_to": "12"},
        {"year": "2026", "month_from": "1", "month_to": "1"},
        {"year": "2026", "village": str(programme.municipality.villages.first().pk)},
    ):
        other = client.get(DASHBOARD, query)
        assert other.context["period"] == selectors.Period(2026)
        assert village_rows(other.content.decode()) == shown_villages
        assert other.context["charts"][0].series[0].values == month_values
        explained = client.get(reverse("evaluation:explain", args=["hours"]), query)
        assert explained.context["period"] == selectors.Period(2026)
        assert explained.context["figure"].value == year.context["economy"].totals["hours"]

    # The worker-months behind every figure: one unknown per worker and month worked.
    cells = {
        (worker, month): village
        for worker, (village, start, end) in small_villages.items()
        for month in range(start, end + 1)
    }

    def over(predicate) -> dict:
        return {cell: 1 for cell, village in cells.items() if predicate(cell, village)}

    published = [over(lambda cell, village: True)]  # the year's totals
    published += [
        over(lambda cell, village, name=name: village == name)
        for name, shown in shown_villages.items()
        if shown
    ]
    published += [
        over(lambda cell, village, month=month: cell[1] == month) for month in shown_months
    ]
    hidden_villages = [name for name, shown in shown_villages.items() if not shown]
    hidden_months = sorted(set(range(1, 13)) - shown_months)
    assert hidden_villages and hidden_months  # the generated programme has small groups

    targets = {f"village {name}": over(lambda c, v, n=name: v == n) for name in hidden_villages}
    targets |= {f"month {m}": over(lambda c, v, m=m: c[1] == m) for m in hidden_months}
    targets |= {f"worker {w}": over(lambda c, v, w=w: c[0] == w) for w in small_villages}
    targets |= {
        f"{name} in month {m}": over(lambda c, v, n=name, m=m: v == n and c[1] == m)
        for name in shown_villages
        for m in range(1, 13)
    }
    recovered = [
        label for label, target in targets.items() if target and in_span(published, target)
    ]
    assert recovered == []

    # And the plain subtraction of the issue: the total minus the villages shown is a
    # group of at least five people.
    people = Counter(village for village, _start, _end in small_villages.values())
    behind = sum(people[name] for name in hidden_villages)
    assert behind >= suppression.MIN_GROUP


def test_the_total_minus_four_villages_no_longer_gives_the_fifth(
    client, official, programme, municipality, params2026, hours_per_month, make_crew
):
    """The issue's case: villages of 9, 9, 9, 9 and 2 people. Showing the four 9s would
    give the 2 by subtraction from the total, so one of them is hidden with it."""
    for index, size in enumerate([9, 9, 9, 9, 2]):
        village = VillageFactory(municipality=municipality, name=f"Kylä {index:02}")
        make_crew(size, AssociationFactory(village=village))
    client.force_login(official)
    response = client.get(DASHBOARD, {"year": "2026"})
    rows = village_rows(response.content.decode())
    assert rows == {
        "Kylä 00": False,  # the first of the smallest others, hidden with the 2
        "Kylä 01": True,
        "Kylä 02": True,
        "Kylä 03": True,
        "Kylä 04": False,
    }
    assert response.context["economy"].people == 38


def test_a_report_age_table_cannot_be_completed_from_its_total(
    programme, municipality, association, params2026, hours_per_month
):
    """Participants 12: eight under 30, two 30–44, two 55+. Hiding only the two small
    bands would leave their sum (4 people) as the total minus the eight; the next band is
    hidden too, so what is hidden covers at least five people."""
    births = [2000] * 8 + [1990] * 2 + [1960] * 2
    for birth_year in births:
        EmploymentFactory(
            worker=WorkerFactory(municipality=municipality, birth_year=birth_year),
            association=association,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
    data = collect(Scope("programme", programme, year_period(2026)))
    assert str(data.participants) == "12"
    bands = dict(data.age_bands)
    shown = {band: count.value for band, count in bands.items() if not count.suppressed}
    hidden_people = 12 - sum(shown.values())
    assert hidden_people == 0 or hidden_people >= suppression.MIN_GROUP
    assert all(count.suppressed for band, count in bands.items() if band != "under 30")


def test_complementary_hides_the_smallest_other_cell_until_the_hidden_cover_five():
    groups = {"a": {1, 2}, "b": {3, 4, 5, 6, 7, 8}, "c": {9, 10, 11, 12, 13}}
    assert suppression.complementary(groups) == {"a", "c"}
    # Two small cells of three people each already cover six: nothing more to hide.
    assert suppression.complementary({"a": {1, 2, 3}, "b": {4, 5, 6}, "c": set(range(7, 20))}) == {
        "a",
        "b",
    }
    # Overlapping months: three months of the same two people cover two people only.
    months = {1: {1, 2}, 2: {1, 2}, 3: {1, 2}, 4: set(range(1, 9))}
    assert suppression.complementary(months) == {1, 2, 3, 4}
    assert suppression.complementary({"a": {1, 2}}) == {"a"}  # the whole table is small
    assert suppression.complementary({"a": set(), "b": set(range(5))}) == set()


def test_a_monthly_report_is_not_shown_to_officials(client, official, programme):
    monthly = ReportJobFactory(
        programme=programme,
        period_kind=PeriodKind.MONTH,
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    yearly = ReportJobFactory(programme=programme)
    client.force_login(official)
    assert client.get(reverse("evaluation:report_job", args=[monthly.pk])).status_code == 404
    assert client.get(reverse("evaluation:report_job", args=[yearly.pk])).status_code == 200


def test_a_village_report_is_empty_when_its_movers_would_be_its_difference_to_the_table(
    programme, municipality, association, other_association, params2026, hours_per_month
):
    """Six people in each village; one of Jongunjoki's moved to Livo in July. The table
    counts them wholly in Jongunjoki (their first contract), each village's report counts
    their contract there: either report minus its row would be that one person's half
    year. With five movers the difference is a group of five, and the reports are shown."""
    for target in (association, other_association):
        for _index in range(6):
            EmploymentFactory(
                worker=WorkerFactory(municipality=municipality),
                association=target,
                starts_on=datetime.date(2026, 1, 1),
                ends_on=datetime.date(2026, 12, 31),
            )
    mover = WorkerFactory(municipality=municipality)
    EmploymentFactory(
        worker=mover,
        association=other_association,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 30),
    )
    EmploymentFactory(
        worker=mover,
        association=association,
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    livo = Scope("village", programme, year_period(2026), association=association)
    jongu = Scope("village", programme, year_period(2026), association=other_association)
    assert collect(livo).group_too_small and collect(jongu).group_too_small
    for _index in range(4):
        moving = WorkerFactory(municipality=municipality)
        for target, months in ((other_association, (1, 6)), (association, (7, 12))):
            EmploymentFactory(
                worker=moving,
                association=target,
                starts_on=datetime.date(2026, months[0], 1),
                ends_on=datetime.date(2026, months[1], 30 if months[1] == 6 else 31),
            )
    assert not collect(livo).group_too_small and not collect(jongu).group_too_small


def test_one_persons_social_assistance_does_not_reach_an_official(
    client,
    official,
    coordinator,
    programme,
    municipality,
    association,
    params2026,
    hours_per_month,
    make_crew,
):
    """Six people, one with a recorded drop in social assistance: the city and public
    sector net effects add it, and the other cards would give it back, so the official
    sees neither them nor their explanation; the coordinator sees both."""
    from evaluation.actions import record_assistance_drop

    crew = make_crew(6, association)
    record_assistance_drop(
        worker=crew[0],
        first_month=datetime.date(2026, 7, 1),
        last_month=datetime.date(2026, 9, 1),
        monthly_amount=Decimal("312.45"),
        source="Sosiaalitoimen lausunto",
        actor=coordinator,
    )
    explain = reverse("evaluation:explain", args=["city_net_effect"])
    client.force_login(official)
    page = client.get(DASHBOARD, {"year": "2026"})
    cards = {card["label"]: card for card in page.context["headline"]}
    hidden = [str(label) for label, card in cards.items() if card["hidden"]]
    assert len(hidden) == 2  # the city's and the public sector's net effect
    assert "toimeentulotuen" in page.content.decode()
    assert len(page.context["charts"]) == 2  # no city net effect per month
    assert client.get(explain, {"year": "2026"}).context["figure"] is None
    client.force_login(coordinator)
    page = client.get(DASHBOARD, {"year": "2026"})
    assert not any(card["hidden"] for card in page.context["headline"])
    assert len(page.context["charts"]) == 3
    assert client.get(explain, {"year": "2026"}).context["figure"] is not None


def test_worker_metrics_reach_officials_for_whole_years_only(
    client, official, coordinator, programme, association, params2026, hours_per_month, make_crew
):
    """Hours over January–March and over February–March would give January's hours by
    subtraction: officials see worker metrics over whole years only; the coordinator
    who set them sees all."""
    from evaluation.models import MetricKey
    from evaluation.tests.factories import MetricFactory

    make_crew(6, association)
    year = MetricFactory(programme=programme, key=MetricKey.HOURS, target=Decimal("100"))
    quarter = MetricFactory(
        programme=programme,
        key=MetricKey.HOURS,
        target=Decimal("100"),
        period_end=datetime.date(2026, 3, 31),
    )
    url = reverse("evaluation:metrics", args=[programme.slug])
    client.force_login(official)
    statuses = {s.metric.pk: s for s in client.get(url).context["statuses"]}
    assert not statuses[year.pk].hidden and statuses[year.pk].value == Decimal("7200.00")
    assert statuses[quarter.pk].hidden
    assert (
        "Ei näytetä: luku paljastaisi alle 5 henkilön ryhmän." in client.get(url).content.decode()
    )
    client.force_login(coordinator)
    statuses = {s.metric.pk: s for s in client.get(url).context["statuses"]}
    assert not statuses[quarter.pk].hidden and statuses[quarter.pk].value == Decimal("1800.00")


def test_officials_dashboard_hides_the_city_net_effect_metric_with_one_persons_assistance(
    client, official, coordinator, programme, association, params2026, hours_per_month, make_crew
):
    """The dashboard's metrics: the city net effect over 2026 adds one person's recorded
    drop in social assistance, so the official does not see it (the check reads the
    dashboard's own economy of 2026); before the drop it is shown, and the
    coordinator sees it either way."""
    from evaluation.actions import record_assistance_drop
    from evaluation.models import MetricKey
    from evaluation.tests.factories import MetricFactory

    crew = make_crew(6, association)
    metric = MetricFactory(programme=programme, key=MetricKey.CITY_NET_EFFECT, target=Decimal(0))

    def status(user):
        client.force_login(user)
        page = client.get(DASHBOARD, {"year": "2026"})
        return next(s for s in page.context["metrics"] if s.metric.pk == metric.pk)

    assert not status(official).hidden
    record_assistance_drop(
        worker=crew[0],
        first_month=datetime.date(2026, 7, 1),
        last_month=datetime.date(2026, 9, 1),
        monthly_amount=Decimal("312.45"),
        source="Sosiaalitoimen lausunto",
        actor=coordinator,
    )
    assert status(official).hidden
    shown = status(coordinator)
    assert not shown.hidden and shown.value is not None


def test_the_officials_dashboard_hides_the_metrics_its_own_reading_would_hide(
    client, official, programme, association, params2026, hours_per_month, make_crew
):
    """The dashboard's metrics count the year's people from the year's pattern and the
    customers from the figures the values were read from, not by reading them again:
    what an official sees hidden is what `hide_metrics` reading everything itself hides,
    for a small group and for a large one."""
    from evaluation.models import MetricKey
    from evaluation.reports.figures import hide_metrics
    from evaluation.tests.factories import MetricFactory
    from services.models import OrderStatus
    from services.tests.factories import ServiceOrderFactory

    keys = (MetricKey.PERSON_MONTHS, MetricKey.SHARE_65_PLUS, MetricKey.SATISFACTION)
    metrics = {key: MetricFactory(programme=programme, key=key) for key in keys}
    for rating in (4, 5):  # two customers and two answers: a small group
        ServiceOrderFactory(
            association=association,
            status=OrderStatus.DONE,
            completed_on=datetime.date(2026, 5, 4),
            feedback_rating=rating,
        )

    def hidden_on_the_dashboard():
        client.force_login(official)
        page = client.get(DASHBOARD, {"year": "2026"})
        return {s.metric.key: s.hidden for s in page.context["metrics"]}

    def hidden_when_read_again():
        statuses = selectors.metric_statuses(programme)
        for status in statuses:
            status.services = None
        hide_metrics(programme, statuses)
        return {s.metric.key: s.hidden for s in statuses}

    make_crew(3, association)
    small = hidden_on_the_dashboard()
    assert small == hidden_when_read_again()
    assert small == {key: True for key in keys}
    make_crew(3, association)
    large = hidden_on_the_dashboard()
    assert large == hidden_when_read_again()
    assert large == {
        MetricKey.PERSON_MONTHS: False,
        MetricKey.SHARE_65_PLUS: True,
        MetricKey.SATISFACTION: True,
    }
    assert set(metrics) == set(large)


def test_a_year_pattern_counts_the_people_of_its_months_together():
    months = {1: {1, 2}, 2: {2, 3}, 7: {9}}
    pattern = suppression.year_pattern(2026, {"Kylä": {1, 2, 3, 9}}, months)
    assert pattern.employed == 4
    assert suppression.year_pattern(2026, {}, {}).employed == 0
