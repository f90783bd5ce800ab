"""Phases 7 and 9 on the programme's phase board: done or missing, and what is missing."""

import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from evaluation.models import Assessment, AssessmentStatus, JobStatus, MetricKey, Timepoint
from evaluation.tests.factories import InstrumentFactory, MetricFactory
from evaluation.tests.reports.factories import ReportJobFactory
from ryhma.testing import count_queries
from villages import selectors as board_selectors
from villages.actions import ensure_programme_phases
from villages.tests.factories import AssociationFactory, VillageFactory
from workers.models import Destination, Exit, ExitReason, FollowUp, ParameterKey, ParameterValue
from workers.parameters import seed_default_parameter_set
from workers.tests.factories import EmploymentFactory, WorkerFactory

TODAY = datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)


@pytest.fixture
def board(programme):
    ensure_programme_phases(programme=programme)
    with time_machine.travel(TODAY, tick=False):
        yield programme


def card(programme, number):
    return board_selectors.programme_board(programme).cards[number - 1]


def missing_data(programme, number) -> list[str]:
    return [c.label for c in card(programme, number).data_checks if not c.ok]


def test_phase_7_without_indicators_says_to_choose_them(client, coordinator, board):
    client.force_login(coordinator)
    text = client.get(reverse("villages:programme_detail", args=[board.slug])).content.decode()
    assert "Mittareita tavoitteineen ei ole vielä valittu" in text
    assert "Minkään mittarin jakso ei kata tätä päivää (15.6.2026)" in text


def test_phase_7_is_done_with_current_indicators_for_all_three_perspectives(board):
    MetricFactory(programme=board, key=MetricKey.PEOPLE_EMPLOYED)
    MetricFactory(programme=board, key=MetricKey.ORDERS_DONE)
    assert missing_data(board, 7) == ["Mittari puuttuu vielä näkökulmasta: talous"]
    MetricFactory(
        programme=board,
        key=MetricKey.CITY_NET_EFFECT,
        target=D("0"),
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    assert missing_data(board, 7) == []
    labels = [c.label for c in card(board, 7).data_checks]
    assert "3 mittaria valittu tavoitteineen" in labels


def test_phase_7_with_only_last_years_indicators_misses_the_current_period(board):
    MetricFactory(
        programme=board,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    assert any("Minkään mittarin jakso ei kata" in label for label in missing_data(board, 7))


def _employ(programme, association, *, starts_on=datetime.date(2026, 1, 1)):
    worker = WorkerFactory(municipality=programme.municipality)
    EmploymentFactory(worker=worker, association=association, starts_on=starts_on, ends_on=None)
    return worker


def _assess(worker, instrument, timepoint, day=datetime.date(2026, 1, 5)):
    return Assessment.objects.create(
        worker=worker,
        instrument=instrument,
        timepoint=timepoint,
        assessed_on=day,
        status=AssessmentStatus.DONE,
        score=D("6.00"),
    )


def test_phase_9_names_what_is_missing_and_is_done_when_all_is_there(
    client, coordinator, board, association
):
    seed_default_parameter_set(municipality=board.municipality, year=2026)
    instrument = InstrumentFactory(municipality=board.municipality)
    stayer = _employ(board, association)
    leaver = _employ(board, association)
    exit_ = Exit.objects.create(
        worker=leaver,
        exited_on=datetime.date(2026, 2, 28),
        reason=ExitReason.FOUND_WORK,
        destination=Destination.OPEN_PART_TIME,
    )
    follow_up = FollowUp.objects.create(exit=exit_, timepoint=3, due_on=datetime.date(2026, 5, 31))
    _assess(stayer, instrument, Timepoint.START)

    client.force_login(coordinator)
    text = client.get(reverse("villages:programme_detail", args=[board.slug])).content.decode()
    assert "Alkuarvio puuttuu osalta vuonna 2026 työllistetyistä (tehty 1/2)" in text
    assert "Loppuarvio puuttuu osalta vuonna 2026 lopettaneista (tehty 0/1)" in text
    assert "1 seuranta 3 tai 6 kuukauden kohdalla on myöhässä" in text
    assert "Ohjelman vaikuttavuusraporttia ei vielä ole tehty vuoden 2026 jaksolta" in text
    done = [c.label for c in card(board, 9).data_checks if c.ok]
    assert "Vuoden 2026 talousparametrit ovat täydelliset" in done

    _assess(leaver, instrument, Timepoint.START)
    _assess(leaver, instrument, Timepoint.EXIT, datetime.date(2026, 2, 27))
    follow_up.recorded_on = datetime.date(2026, 6, 1)
    follow_up.destination = Destination.OPEN_PART_TIME
    follow_up.save()
    ReportJobFactory(programme=board, status=JobStatus.DONE)
    assert missing_data(board, 9) == []
    labels = [c.label for c in card(board, 9).data_checks]
    assert "Alkuarvio tehty kaikille vuonna 2026 työllistetyille (2/2)" in labels


def test_phase_9_names_a_missing_economic_parameter(board):
    seed_default_parameter_set(municipality=board.municipality, year=2026)
    ParameterValue.objects.filter(key=ParameterKey.BENEFIT_PER_DAY).update(value=None)
    assert "Vuoden 2026 talousparametreista puuttuu: Työttömyysetuus päivässä" in missing_data(
        board, 9
    )


def test_phase_9_without_a_parameter_set_says_to_create_one(board):
    assert any("ei ole talousparametreja" in label for label in missing_data(board, 9))


def test_phase_checks_run_the_same_queries_for_2_and_20_workers(client, coordinator, board):
    instrument = InstrumentFactory(municipality=board.municipality)
    url = reverse("villages:phase_detail", args=[board.slug, 9])
    client.force_login(coordinator)

    def add(count):
        for i in range(count):
            association = AssociationFactory(
                village=VillageFactory(municipality=board.municipality, name=f"Kylä {i}-{count}")
            )
            _assess(_employ(board, association), instrument, Timepoint.START)

    add(2)
    small = count_queries(lambda: client.get(url))
    add(18)
    assert count_queries(lambda: client.get(url)) == small
    seven = reverse("villages:phase_detail", args=[board.slug, 7])
    MetricFactory(programme=board)
    small = count_queries(lambda: client.get(seven))
    MetricFactory.create_batch(5, programme=board)
    assert count_queries(lambda: client.get(seven)) == small
