import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ryhma.concurrency import StaleEditError
from ryhma.models import AuditAction, AuditEvent
from workers.actions.contracts import start_employment, update_employment
from workers.actions.decisions import record_subsidy_decision
from workers.actions.exits import record_exit, record_followup
from workers.actions.personal_data import (
    anonymise_after_retention,
    anonymise_worker,
    record_worker_view,
    worker_audit_events,
)
from workers.actions.plans import record_plan_review, save_plan
from workers.actions.workers import create_worker, delete_worker, update_worker
from workers.models import Destination, Employment, FollowUp, Worker
from workers.tests.factories import EmploymentFactory, WorkerFactory, employed_worker

D = datetime.date


@pytest.fixture(autouse=True)
def finnish():
    with translation.override("fi"):
        yield


def _start(actor, worker, association, **overrides):
    values = {
        "starts_on": D(2026, 4, 1),
        "ends_on": D(2026, 12, 31),
        "hours_per_week": Decimal("24.4"),
        "hourly_wage": Decimal("12.00"),
    }
    values.update(overrides)
    return start_employment(actor=actor, worker=worker, association=association, **values)


def test_creating_a_worker_is_audited_with_the_values(coordinator, municipality):
    worker = create_worker(
        actor=coordinator, municipality=municipality, first_name="Aino", last_name="Alatalo"
    )
    event = AuditEvent.objects.get(object_id=str(worker.pk), action=AuditAction.CREATE)
    assert event.actor == coordinator
    assert event.changes["first_name"] == [None, "Aino"]
    assert event.municipality_id == municipality.pk


def test_worker_update_from_a_stale_copy_is_refused(coordinator, municipality):
    worker = WorkerFactory(municipality=municipality)
    update_worker(actor=coordinator, worker=worker, expected_version=1, phone="0401")
    with pytest.raises(StaleEditError):
        update_worker(
            actor=coordinator,
            worker=Worker.objects.get(pk=worker.pk),
            expected_version=1,
            phone="0402",
        )
    assert Worker.objects.get(pk=worker.pk).phone == "0401"


def test_months_in_14_cannot_exceed_months_in_28(coordinator, municipality):
    with pytest.raises(ValidationError) as error:
        create_worker(
            actor=coordinator,
            municipality=municipality,
            first_name="A",
            last_name="B",
            months_unemployed_last_28=10,
            months_unemployed_last_14=12,
        )
    assert "14" in error.value.message_dict["months_unemployed_last_14"][0]


def test_contract_ending_before_it_starts_is_refused_naming_the_end_date(coordinator, association):
    worker = WorkerFactory(municipality=association.village.municipality)
    with pytest.raises(ValidationError) as error:
        _start(coordinator, worker, association, ends_on=D(2026, 3, 1))
    assert "päättymispäivä" in error.value.message_dict["ends_on"][0].lower()
    assert not Employment.objects.exists()


@pytest.mark.parametrize("hours", ["0", "40.5", "-3"])
def test_hours_per_week_outside_0_40_are_refused(coordinator, association, hours):
    worker = WorkerFactory(municipality=association.village.municipality)
    with pytest.raises(ValidationError) as error:
        _start(coordinator, worker, association, hours_per_week=Decimal(hours))
    assert "40" in error.value.message_dict["hours_per_week"][0]


def test_overlapping_contracts_at_the_same_association_are_refused(coordinator, association):
    worker = employed_worker(association, starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))
    with pytest.raises(ValidationError) as error:
        _start(coordinator, worker, association, starts_on=D(2026, 6, 1))
    assert "1.1.2026" in error.value.message_dict["starts_on"][0]


def test_overlapping_contract_at_another_association_is_allowed(
    coordinator, association, other_association
):
    worker = employed_worker(association, starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))
    outcome = _start(coordinator, worker, other_association, starts_on=D(2026, 6, 1))
    assert outcome.instance.pk


def test_unready_association_gives_a_warning_not_a_refusal(coordinator, association):
    association.accident_insurance = False
    association.save()
    worker = WorkerFactory(municipality=association.village.municipality)
    outcome = _start(coordinator, worker, association)
    assert outcome.instance.pk
    assert any("tapaturmavakuutus" in w.lower() for w in outcome.warnings)


def test_decision_dated_after_the_start_warns(coordinator, association):
    employment = EmploymentFactory(
        association=association,
        worker=WorkerFactory(municipality=association.village.municipality),
        starts_on=D(2026, 2, 1),
    )
    outcome = record_subsidy_decision(
        actor=coordinator,
        employment=employment,
        subsidy_type="association_100",
        rate_percent=Decimal("100"),
        months=10,
        starts_on=D(2026, 2, 1),
        ends_on=D(2026, 10, 31),
        decided_on=D(2026, 2, 10),
    )
    assert outcome.instance.pk
    assert "ennen tukipäätöstä" in outcome.warnings[0]


def test_exit_ends_the_contract_and_schedules_two_follow_ups(coordinator, association):
    worker = employed_worker(association, starts_on=D(2026, 1, 1), ends_on=D(2026, 10, 31))
    exit_ = record_exit(
        actor=coordinator,
        worker=worker,
        exited_on=D(2026, 5, 31),
        reason="found_work",
        destination=Destination.OPEN_PART_TIME,
    )
    assert worker.employments.get().ends_on == D(2026, 5, 31)
    assert [(f.timepoint, f.due_on) for f in exit_.follow_ups.order_by("timepoint")] == [
        (3, D(2026, 8, 31)),
        (6, D(2026, 11, 30)),
    ]


def test_follow_up_is_recorded_with_a_destination(coordinator, association):
    worker = employed_worker(association)
    exit_ = record_exit(
        actor=coordinator,
        worker=worker,
        exited_on=D(2026, 5, 31),
        reason="contract_ended",
        destination=Destination.UNEMPLOYED,
    )
    follow_up = exit_.follow_ups.get(timepoint=3)
    record_followup(
        actor=coordinator,
        follow_up=follow_up,
        recorded_on=D(2026, 9, 2),
        destination=Destination.EDUCATION,
    )
    assert FollowUp.objects.pending().count() == 1


def test_plan_review_moves_the_next_review_three_months_on(coordinator, association):
    worker = employed_worker(association)
    plan = save_plan(
        actor=coordinator,
        worker=worker,
        starts_on=D(2026, 1, 10),
        goals="Tieturva",
        pathway="open_market",
        support_needed="",
        review_interval_months=3,
    )
    assert plan.next_review_on == D(2026, 4, 10)
    record_plan_review(actor=coordinator, plan=plan, reviewed_on=D(2026, 4, 2), progress="ok")
    plan.refresh_from_db()
    assert plan.next_review_on == D(2026, 7, 2)


def test_a_plan_review_in_the_future_is_refused_with_a_message(client, coordinator, association):
    """A review is recorded once held: a date still to come (up to 31.12.9999, which once
    overflowed the next review's date into a server error) is refused, nothing saved."""
    from django.urls import reverse

    worker = employed_worker(association)
    plan = save_plan(
        actor=coordinator,
        worker=worker,
        starts_on=D(2026, 1, 10),
        goals="Tieturva",
        pathway="open_market",
        support_needed="",
        review_interval_months=3,
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("workers:plan_review", args=[worker.pk]),
        {"reviewed_on": "31.12.9999", "progress": "ok"},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert response.status_code == 200
    assert "Tarkistuksen päivä on tulevaisuudessa" in response.content.decode()
    plan.refresh_from_db()
    assert plan.reviews.count() == 0 and plan.next_review_on == D(2026, 4, 10)


def test_anonymise_removes_identity_and_keeps_contracts(coordinator, association):
    worker = employed_worker(association)
    worker.first_name, worker.last_name, worker.email = "Eero", "Esimerkki", "eero@example.fi"
    worker.save()
    record_worker_view(actor=coordinator, worker=worker)
    update_worker(
        actor=coordinator, worker=worker, expected_version=worker.version, phone="040 123"
    )
    anonymise_worker(actor=coordinator, worker=worker, reason="pyyntö")
    worker.refresh_from_db()
    assert "Eero" not in str(worker) and worker.email == "" and worker.phone == ""
    assert worker.birth_year == 1975 and worker.employments.count() == 1
    trail = " ".join(f"{e.object_repr} {e.changes}" for e in worker_audit_events(worker))
    assert "Eero" not in trail and "Esimerkki" not in trail and "040 123" not in trail


def test_worker_with_protected_rows_cannot_be_deleted(coordinator, association, monkeypatch):
    from django.db.models import ProtectedError

    worker = employed_worker(association)

    def protected(self, *args, **kwargs):
        raise ProtectedError("hours", set())

    monkeypatch.setattr(Employment, "delete", protected)
    with pytest.raises(ValidationError) as error:
        delete_worker(actor=coordinator, worker=worker)
    assert "anonymisoi" in error.value.messages[0].lower()
    assert Worker.objects.filter(pk=worker.pk).exists()


def test_worker_without_hours_can_be_deleted(coordinator, association):
    worker = employed_worker(association)
    delete_worker(actor=coordinator, worker=worker)
    assert not Worker.objects.exists()


def test_retention_sweep_anonymises_only_old_exits(coordinator, association, settings):
    settings.WORKER_RETENTION_YEARS = 5
    old, recent = employed_worker(association), employed_worker(association)
    for worker, day in ((old, D(2020, 1, 31)), (recent, D(2025, 1, 31))):
        Employment.objects.filter(worker=worker).update(starts_on=D(2019, 1, 1))
        record_exit(
            actor=coordinator,
            worker=worker,
            exited_on=day,
            reason="contract_ended",
            destination=Destination.UNKNOWN,
        )
    assert anonymise_after_retention(today=D(2026, 3, 1)) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at is not None and recent.anonymised_at is None


def test_retention_task_runs_the_sweep(db, settings):
    from workers.tasks import anonymise_expired_workers

    assert anonymise_expired_workers.delay().get() == 0


def test_checks_registered_by_higher_apps_refuse_a_contract_change(
    monkeypatch, coordinator, association
):
    from workers import employment_checks

    seen = []

    def no_shorter_than_may(employment):
        seen.append(employment.ends_on)
        if employment.ends_on and employment.ends_on < D(2026, 5, 1):
            return {"ends_on": "Toukokuulle on kirjattu jotain."}
        return {}

    monkeypatch.setattr(employment_checks, "_checks", {"test": no_shorter_than_may})
    employment = employed_worker(association).employments.get()
    with pytest.raises(ValidationError) as caught:
        update_employment(
            actor=coordinator, employment=employment, expected_version=1, ends_on=D(2026, 4, 30)
        )
    assert caught.value.message_dict == {"ends_on": ["Toukokuulle on kirjattu jotain."]}
    update_employment(
        actor=coordinator, employment=employment, expected_version=1, ends_on=D(2026, 5, 31)
    )
    assert seen == [D(2026, 4, 30), D(2026, 5, 31)]
