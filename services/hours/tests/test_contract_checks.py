"""Hours keep a contract from being shortened under them (registered with workers at ready)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from services.models import EntryStatus
from services.tests.factories import WorkEntryFactory
from workers.actions.contracts import update_employment
from workers.actions.exits import record_exit
from workers.models import Destination, Employment, Exit
from workers.tests.factories import EmploymentFactory, WorkerFactory

D = datetime.date


@pytest.fixture
def employment(association):
    return EmploymentFactory(
        worker=WorkerFactory(municipality=association.village.municipality),
        association=association,
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 10, 31),
    )


@pytest.fixture
def hours_in_may(employment):
    for day in (12, 5, 20):
        WorkEntryFactory(employment=employment, work_date=D(2026, 5, day))
    WorkEntryFactory(employment=employment, work_date=D(2026, 3, 2), status=EntryStatus.APPROVED)


def _shorten(employment, actor, **values):
    stored = Employment.objects.get(pk=employment.pk)
    return update_employment(
        actor=actor, employment=stored, expected_version=stored.version, **values
    )


def test_shortening_before_recorded_hours_names_count_and_first_date(
    employment, hours_in_may, coordinator
):
    with pytest.raises(ValidationError) as caught:
        _shorten(employment, coordinator, ends_on=D(2026, 4, 30))
    message = caught.value.message_dict["ends_on"][0]
    assert "3 työaikamerkintää" in message and "5.5.2026" in message
    employment.refresh_from_db()
    assert employment.ends_on == D(2026, 10, 31)


def test_moving_the_start_after_recorded_hours_is_refused(employment, hours_in_may, coordinator):
    with pytest.raises(ValidationError) as caught:
        _shorten(employment, coordinator, starts_on=D(2026, 4, 1))
    assert "1 työaikamerkintä" in caught.value.message_dict["starts_on"][0]
    assert "2.3.2026" in caught.value.message_dict["starts_on"][0]


def test_shortening_to_the_last_day_with_hours_is_allowed(employment, hours_in_may, coordinator):
    _shorten(employment, coordinator, ends_on=D(2026, 5, 20))
    employment.refresh_from_db()
    assert employment.ends_on == D(2026, 5, 20)


def test_association_of_a_contract_with_hours_cannot_change(
    employment, hours_in_may, coordinator, other_association
):
    with pytest.raises(ValidationError) as caught:
        _shorten(employment, coordinator, association=other_association)
    assert "uusi sopimus" in caught.value.message_dict["association"][0]


def test_hours_removed_by_a_zero_amendment_do_not_count(employment, coordinator):
    original = WorkEntryFactory(
        employment=employment, work_date=D(2026, 6, 1), status=EntryStatus.LOCKED
    )
    original.is_current = False
    original.save()
    WorkEntryFactory(
        employment=employment,
        work_date=D(2026, 6, 1),
        hours=Decimal("0"),
        amends=original,
        reason="Ei tehty",
        status=EntryStatus.APPROVED,
    )
    _shorten(employment, coordinator, ends_on=D(2026, 5, 31))
    employment.refresh_from_db()
    assert employment.ends_on == D(2026, 5, 31)


def test_contract_page_refuses_the_shortening_and_keeps_the_typed_values(
    client, staff, association, employment, hours_in_may
):
    client.force_login(staff)
    response = client.post(
        reverse("workers:employment_edit", args=[employment.pk]),
        {
            "version": str(employment.version),
            "association": association.pk,
            "starts_on": "2026-01-01",
            "ends_on": "2026-04-30",
            "hours_per_week": "24.40",
            "hourly_wage": "12.00",
            "tasks": "Lumityöt",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "3 työaikamerkintää" in text and "5.5.2026" in text and "Lumityöt" in text
    employment.refresh_from_db()
    assert employment.ends_on == D(2026, 10, 31)


def test_exit_before_recorded_hours_is_refused(employment, hours_in_may, coordinator):
    with pytest.raises(ValidationError) as caught:
        record_exit(
            actor=coordinator,
            worker=employment.worker,
            exited_on=D(2026, 4, 30),
            reason="found_work",
            destination=Destination.OPEN_FULL_TIME,
        )
    assert "5.5.2026" in caught.value.message_dict["exited_on"][0]
    assert not Exit.objects.exists()
    employment.refresh_from_db()
    assert employment.ends_on == D(2026, 10, 31)


def test_a_worker_with_recorded_hours_cannot_be_deleted(
    client, coordinator, employment, hours_in_may
):
    client.force_login(coordinator)
    response = client.post(reverse("workers:delete", args=[employment.worker_id]), follow=True)
    assert "Anonymisoi" in response.content.decode()
    assert Employment.objects.filter(pk=employment.pk).exists()
