"""Assessments on the worker page's timeline (workers.timeline provider from evaluation)."""

import datetime
from decimal import Decimal as D

from django.urls import reverse

from evaluation.actions import create_assessment_link, record_assessment
from evaluation.models import Timepoint
from evaluation.tests.factories import InstrumentFactory
from ryhma.testing import count_queries
from workers.tests.factories import EmploymentFactory, WorkerFactory


def _worker(municipality, association):
    worker = WorkerFactory(municipality=municipality, first_name="Aino", last_name="Aho")
    EmploymentFactory(worker=worker, association=association, starts_on=datetime.date(2026, 1, 1))
    return worker


def _record(worker, instrument, timepoint, day, value, actor):
    items = list(instrument.items.all())
    return record_assessment(
        worker=worker,
        instrument=instrument,
        timepoint=timepoint,
        assessed_on=day,
        answers={item.pk: value for item in items},
        actor=actor,
    )


def test_worker_page_timeline_shows_assessments_with_score_and_change(
    client, staff, coordinator, municipality, association
):
    worker = _worker(municipality, association)
    instrument = InstrumentFactory(municipality=municipality, name="Työkyky")
    _record(worker, instrument, Timepoint.START, datetime.date(2026, 1, 10), 4, coordinator)
    _record(worker, instrument, Timepoint.MONTH_3, datetime.date(2026, 4, 10), 6, coordinator)
    other = InstrumentFactory(municipality=municipality, name="Elämäntilanne")
    create_assessment_link(
        worker=worker, instrument=other, timepoint=Timepoint.EXIT, actor=coordinator
    )

    client.force_login(staff)
    text = client.get(reverse("workers:detail", args=[worker.pk])).content.decode()
    assert "Arviointi: Työkyky, alku" in text
    assert "pistemäärä 4,00" in text
    assert "Arviointi: Työkyky, 3 kuukautta" in text
    assert "pistemäärä 6,00, muutos alusta +2,00" in text
    assert "Arviointi: Elämäntilanne, päättyminen" in text and "odottaa vastauksia" in text


def test_other_associations_staff_does_not_get_the_worker_page(
    client, other_staff, coordinator, municipality, association
):
    worker = _worker(municipality, association)
    instrument = InstrumentFactory(municipality=municipality)
    _record(worker, instrument, Timepoint.START, datetime.date(2026, 1, 10), 4, coordinator)
    client.force_login(other_staff)
    assert client.get(reverse("workers:detail", args=[worker.pk])).status_code == 404


def test_worker_page_queries_do_not_grow_with_assessments(
    client, coordinator, municipality, association
):
    worker = _worker(municipality, association)
    instrument = InstrumentFactory(municipality=municipality)
    _record(worker, instrument, Timepoint.START, datetime.date(2026, 1, 10), 5, coordinator)
    url = reverse("workers:detail", args=[worker.pk])
    client.force_login(coordinator)
    client.get(url)  # fills the content-type cache of the audit trail
    small = count_queries(lambda: client.get(url))
    for months, timepoint in ((3, Timepoint.MONTH_3), (6, Timepoint.MONTH_6)):
        day = datetime.date(2026, 1 + months, 10)
        _record(worker, instrument, timepoint, day, 7, coordinator)
    second = InstrumentFactory(municipality=municipality)
    _record(worker, second, Timepoint.START, datetime.date(2026, 1, 10), 3, coordinator)
    assert count_queries(lambda: client.get(url)) == small
    assert D("7.00") in [a.score for a in worker.assessments.all()]
