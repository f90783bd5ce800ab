import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ryhma.models import AuditAction, AuditEvent
from ryhma.testing import count_queries
from workers.actions.consents import record_consent
from workers.actions.exits import record_exit
from workers.models import Destination, Employment, Exit, Worker
from workers.tests.factories import (
    EmploymentFactory,
    SubsidyDecisionFactory,
    WorkerFactory,
    employed_worker,
)

D = datetime.date

WORKER_PAGES = [
    "detail",
    "edit",
    "employment_create",
    "plan",
    "plan_review",
    "licence_create",
    "consent_create",
    "exit",
]
COORDINATOR_PAGES = ["audit", "export", "export_json", "anonymise"]


@pytest.fixture
def ours(association):
    worker = employed_worker(association)
    SubsidyDecisionFactory(employment=worker.employments.get())
    return worker


@pytest.mark.parametrize("name", WORKER_PAGES + COORDINATOR_PAGES)
@pytest.mark.parametrize("user_fixture", ["outsider", "other_staff", "official", "worker_user"])
def test_outsiders_get_404_on_worker_pages(client, request, ours, name, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse(f"workers:{name}", args=[ours.pk])).status_code == 404


@pytest.mark.parametrize("name", COORDINATOR_PAGES)
def test_village_staff_cannot_reach_coordinator_pages(client, staff, ours, name):
    client.force_login(staff)
    assert client.get(reverse(f"workers:{name}", args=[ours.pk])).status_code == 404


@pytest.mark.parametrize("name", ["create", "import"])
def test_only_coordinators_add_or_import_workers(client, staff, name):
    client.force_login(staff)
    assert client.get(reverse(f"workers:{name}")).status_code == 404


@pytest.mark.parametrize("user_fixture", ["official", "worker_user"])
def test_list_and_activities_are_hidden_from_other_roles(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("workers:list")).status_code == 404
    assert client.get(reverse("workers:activities")).status_code == 404


def test_outsiders_get_404_on_contract_decision_consent_and_follow_up(
    client, coordinator, other_staff, outsider, ours
):
    employment = ours.employments.get()
    consent = record_consent(
        actor=coordinator, worker=ours, purpose="evaluation", given_on=D(2026, 1, 5)
    )
    exit_ = record_exit(
        actor=coordinator,
        worker=ours,
        exited_on=D(2026, 3, 1),
        reason="contract_ended",
        destination=Destination.UNEMPLOYED,
    )
    follow_up = exit_.follow_ups.first()
    for user in (other_staff, outsider):
        client.force_login(user)
        assert (
            client.get(reverse("workers:employment_edit", args=[employment.pk])).status_code == 404
        )
        assert (
            client.get(reverse("workers:decision_create", args=[employment.pk])).status_code == 404
        )
        assert client.get(reverse("workers:followup", args=[follow_up.pk])).status_code == 404
        response = client.post(reverse("workers:consent_withdraw", args=[consent.pk]))
        assert response.status_code == 404
    client.force_login(coordinator)
    assert client.post(reverse("workers:delete", args=[ours.pk])).status_code == 302


def test_staff_sees_only_their_associations_workers(client, staff, association, other_association):
    mine = employed_worker(association)
    theirs = employed_worker(other_association)
    client.force_login(staff)
    text = client.get(reverse("workers:list")).content.decode()
    assert str(mine) in text and str(theirs) not in text


def test_opening_a_worker_page_is_audited(client, staff, ours):
    client.force_login(staff)
    response = client.get(reverse("workers:detail", args=[ours.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=str(ours.pk))
    assert event.actor == staff


def test_a_worker_page_opened_five_times_records_five_view_events(client, staff, coordinator, ours):
    """Every view of personal data is an event, also when the same person opens the
    same page again."""
    url = reverse("workers:detail", args=[ours.pk])
    for user in (staff, coordinator):
        client.force_login(user)
        for _time in range(5):
            assert client.get(url).status_code == 200
    events = AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(ours.pk))
    assert events.filter(actor=staff).count() == 5
    assert events.filter(actor=coordinator).count() == 5


def test_coordinator_reads_the_audit_trail(client, coordinator, staff, ours):
    client.force_login(staff)
    client.get(reverse("workers:detail", args=[ours.pk]))
    client.force_login(coordinator)
    text = client.get(reverse("workers:audit", args=[ours.pk])).content.decode()
    assert "kyla" in text and "katsottu" in text


def test_worker_page_shows_the_timeline(client, coordinator, ours):
    record_exit(
        actor=coordinator,
        worker=ours,
        exited_on=D(2026, 6, 30),
        reason="found_work",
        destination=Destination.OPEN_FULL_TIME,
    )
    client.force_login(coordinator)
    text = client.get(reverse("workers:detail", args=[ours.pk])).content.decode()
    for expected in ("Sopimus alkaa", "Tukipäätös", "Avoimet työmarkkinat, kokoaikainen"):
        assert expected in text


def _make_workers(association, count):
    for _ in range(count):
        worker = employed_worker(association)
        SubsidyDecisionFactory(employment=worker.employments.get())


def test_worker_list_runs_the_same_queries_at_10_and_100_workers(client, coordinator, association):
    client.force_login(coordinator)
    url = reverse("workers:list")
    _make_workers(association, 10)
    small = count_queries(lambda: client.get(url))
    _make_workers(association, 90)
    large = count_queries(lambda: client.get(url))
    assert small == large


def test_worker_list_filters_by_status_and_ending_subsidy(client, coordinator, association, today):
    active = employed_worker(association, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31))
    ending = employed_worker(association, starts_on=D(2026, 1, 1), ends_on=D(2026, 4, 5))
    SubsidyDecisionFactory(employment=ending.employments.get())
    starting = employed_worker(association, starts_on=D(2026, 4, 1), ends_on=None)
    client.force_login(coordinator)
    url = reverse("workers:list")
    text = client.get(url, {"status": "starting"}).content.decode()
    assert str(starting) in text and str(active) not in text
    text = client.get(url, {"subsidy_ending": "on"}).content.decode()
    assert str(ending) in text and str(active) not in text
    text = client.get(url, {"q": active.last_name}).content.decode()
    assert str(active) in text


def test_home_panels_show_endings_to_coordinator_and_staff(
    client, coordinator, staff, other_staff, programme, association, today
):
    worker = employed_worker(association, starts_on=D(2025, 6, 1), ends_on=D(2026, 4, 10))
    SubsidyDecisionFactory(employment=worker.employments.get())
    client.force_login(coordinator)
    text = client.get(reverse("villages:programme_detail", args=[programme.slug])).content.decode()
    assert "Päättyvät tuet" in text and str(worker) in text
    # The week grid is village staff's start page; a coordinator opens it to read one
    # association's week, and has the panels on the board.
    week = client.get(reverse("services:week"), {"yhdistys": association.pk}).content.decode()
    assert str(worker) in week and 'id="workers-alerts-heading"' not in week
    assert "Päättyvät tuet" not in week
    client.force_login(staff)
    week = client.get(reverse("services:week")).content.decode()
    assert 'id="workers-alerts-heading"' in week and "Päättyvät tuet" in week
    client.force_login(other_staff)
    assert str(worker) not in client.get(reverse("services:week")).content.decode()


def test_home_panel_queries_do_not_grow(client, staff, association, today):
    client.force_login(staff)
    url = reverse("services:week")
    _make_workers(association, 3)
    Employment.objects.update(ends_on=D(2026, 4, 1))
    small = count_queries(lambda: client.get(url))
    _make_workers(association, 20)
    Employment.objects.update(ends_on=D(2026, 4, 1))
    assert count_queries(lambda: client.get(url)) == small


def test_coordinator_adds_a_worker(client, coordinator, municipality):
    client.force_login(coordinator)
    response = client.post(
        reverse("workers:create"),
        {
            "first_name": "Aino",
            "last_name": "Alatalo",
            "birth_year": "1968",
            "months_unemployed_last_28": "26",
            "months_unemployed_last_14": "14",
            "benefit_days": "900",
        },
    )
    worker = Worker.objects.get(last_name="Alatalo")
    assert response.status_code == 302 and worker.municipality == municipality


def test_bad_worker_input_keeps_the_typed_values_and_names_the_field(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("workers:create"),
        {
            "first_name": "Aino",
            "last_name": "Alatalo",
            "months_unemployed_last_28": "10",
            "months_unemployed_last_14": "12",
            "benefit_days": "0",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "viimeisen 14 kuukauden" in text and 'value="Alatalo"' in text
    assert not Worker.objects.exists()


def test_overlapping_contract_is_refused_in_the_form(client, staff, association):
    worker = employed_worker(association, starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))
    client.force_login(staff)
    response = client.post(
        reverse("workers:employment_create", args=[worker.pk]),
        {
            "association": association.pk,
            "starts_on": "2026-05-01",
            "ends_on": "2026-08-31",
            "hours_per_week": "24",
            "hourly_wage": "12.50",
            "tasks": "Pihatyöt",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "päällekkäin" in text and "Pihatyöt" in text
    assert worker.employments.count() == 1


def test_staff_cannot_make_a_contract_for_another_association(
    client, staff, association, other_association
):
    worker = employed_worker(association)
    client.force_login(staff)
    response = client.post(
        reverse("workers:employment_create", args=[worker.pk]),
        {
            "association": other_association.pk,
            "starts_on": "2027-01-01",
            "hours_per_week": "24",
            "hourly_wage": "12",
        },
    )
    assert response.status_code == 200
    assert worker.employments.count() == 1


def test_stale_contract_edit_shows_the_other_values_and_keeps_mine(client, staff, association):
    worker = employed_worker(association, hours_per_week=Decimal("24.00"))
    employment = worker.employments.get()
    Employment.objects.filter(pk=employment.pk).update(version=2, hours_per_week=Decimal("30"))
    client.force_login(staff)
    response = client.post(
        reverse("workers:employment_edit", args=[employment.pk]),
        {
            "version": "1",
            "association": association.pk,
            "starts_on": employment.starts_on.isoformat(),
            "ends_on": employment.ends_on.isoformat(),
            "hours_per_week": "20",
            "hourly_wage": "12.00",
        },
    )
    text = response.content.decode()
    assert "Joku muu tallensi" in text and "30" in text and 'value="20"' in text
    employment.refresh_from_db()
    assert employment.hours_per_week == Decimal("30")


def test_decision_page_explains_eligibility(client, coordinator, association, municipality):
    from workers.parameters import seed_default_parameter_set

    seed_default_parameter_set(municipality=municipality, year=2026)
    worker = employed_worker(association)
    client.force_login(coordinator)
    text = client.get(
        reverse("workers:decision_create", args=[worker.employments.get().pk])
    ).content.decode()
    assert "26 / 28" in text or "26 viimeisen 28 kuukauden" in text


def test_export_json_holds_the_persons_data_and_is_audited(client, coordinator, ours):
    client.force_login(coordinator)
    response = client.get(reverse("workers:export_json", args=[ours.pk]))
    data = response.json()
    assert data["worker"][0]["last_name"] == ours.last_name
    assert len(data["employments"]) == 1 and len(data["subsidy_decisions"]) == 1
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1
    page = client.get(reverse("workers:export", args=[ours.pk])).content.decode()
    assert ours.last_name in page


def test_coordinator_anonymises_a_worker(client, coordinator, ours):
    name = ours.last_name
    client.force_login(coordinator)
    response = client.post(
        reverse("workers:anonymise", args=[ours.pk]), {"reason": "pyyntö", "confirm": "on"}
    )
    assert response.status_code == 302
    assert name not in client.get(reverse("workers:detail", args=[ours.pk])).content.decode()


def test_exit_form_records_exit_and_follow_ups(client, staff, ours):
    client.force_login(staff)
    response = client.post(
        reverse("workers:exit", args=[ours.pk]),
        {"exited_on": "2026-05-31", "reason": "found_work", "destination": "open_full_time"},
    )
    assert response.status_code == 302
    assert Exit.objects.get(worker=ours).follow_ups.count() == 2


def test_group_activity_with_attendance(client, staff, association):
    worker = employed_worker(association)
    client.force_login(staff)
    response = client.post(
        reverse("workers:activity_create"),
        {
            "kind": "peer_support",
            "title": "Vertaistukiryhmä",
            "held_on": "2026-03-10",
            "association": association.pk,
            "workers": [worker.pk],
        },
    )
    assert response.status_code == 302
    assert worker.attendances.count() == 1
    assert "Vertaistukiryhmä" in client.get(reverse("workers:activities")).content.decode()


def test_worker_sees_own_contracts_when_linked(client, worker_user, association):
    worker = EmploymentFactory(
        association=association,
        worker=WorkerFactory(municipality=association.village.municipality, user=worker_user),
    ).worker
    client.force_login(worker_user)
    text = client.get(reverse("workers:me")).content.decode()
    assert "Livokas ry" in text and worker.pk


def test_worker_page_queries_do_not_grow_with_contracts(client, coordinator, association):
    worker = employed_worker(association, starts_on=D(2020, 1, 1), ends_on=D(2020, 12, 31))
    client.force_login(coordinator)
    url = reverse("workers:detail", args=[worker.pk])
    client.get(url)  # the first request also fills the content-type cache of the audit trail
    small = count_queries(lambda: client.get(url))
    for year in (2021, 2022, 2023):
        employment = EmploymentFactory(
            worker=worker, association=association, starts_on=D(year, 1, 1), ends_on=D(year, 6, 30)
        )
        SubsidyDecisionFactory(employment=employment)
    assert count_queries(lambda: client.get(url)) == small


def test_follow_up_without_a_date_is_refused_with_a_message(client, staff, ours):
    client.force_login(staff)
    client.post(
        reverse("workers:exit", args=[ours.pk]),
        {"exited_on": "2026-05-31", "reason": "found_work", "destination": "open_full_time"},
    )
    follow_up = Exit.objects.get(worker=ours).follow_ups.first()
    response = client.post(
        reverse("workers:followup", args=[follow_up.pk]),
        {"recorded_on": "", "destination": "open_full_time"},
    )
    assert response.status_code == 200
    assert "Kirjoita seurannan päivämäärä" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.recorded_on is None and follow_up.destination == ""


def test_worker_list_row_shows_the_latest_contract_in_scope_and_its_latest_decision(
    client, coordinator, staff, association, other_association, today
):
    worker = employed_worker(
        association, starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31), tasks="Lumityöt"
    )
    old = worker.employments.get()
    SubsidyDecisionFactory(employment=old, starts_on=D(2025, 1, 1), ends_on=D(2025, 10, 31))
    latest = EmploymentFactory(
        worker=worker, association=other_association, starts_on=D(2026, 1, 1), ends_on=None
    )
    SubsidyDecisionFactory(employment=latest, starts_on=D(2026, 1, 1), ends_on=D(2026, 3, 31))
    SubsidyDecisionFactory(employment=latest, starts_on=D(2026, 4, 1), ends_on=D(2026, 9, 30))

    client.force_login(coordinator)
    text = client.get(reverse("workers:list")).content.decode()
    row = text.split(f'/tyontekijat/{worker.pk}/">')[1].split("</tr>")[0]
    assert "Jongun alueen kyläyhdistys ry" in row and "toistaiseksi" in row
    assert "30.9.2026" in row and "31.3.2026" not in row

    client.force_login(staff)  # sees the contract at Livokas ry only
    text = client.get(reverse("workers:list")).content.decode()
    row = text.split(f'/tyontekijat/{worker.pk}/">')[1].split("</tr>")[0]
    assert "Livokas ry" in row and "31.12.2025" in row and "31.10.2025" in row


def test_endings_panel_lists_licences_reviews_and_follow_ups_with_links(
    client, coordinator, programme, association, today
):
    from workers.models import FollowUp, IndividualPlan, Licence, LicenceKind

    worker = employed_worker(association, starts_on=D(2025, 6, 1), ends_on=D(2026, 12, 31))
    Licence.objects.create(
        worker=worker,
        kind=LicenceKind.FIRST_AID,
        obtained_on=D(2023, 3, 1),
        expires_on=D(2026, 3, 10),
    )
    IndividualPlan.objects.create(
        worker=worker, starts_on=D(2025, 6, 1), next_review_on=D(2026, 4, 1)
    )
    leaver = employed_worker(association, starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31))
    exit_ = Exit.objects.create(
        worker=leaver, exited_on=D(2025, 12, 31), destination=Destination.OPEN_FULL_TIME
    )
    follow_up = FollowUp.objects.create(exit=exit_, timepoint=3, due_on=D(2026, 3, 31))

    client.force_login(coordinator)
    text = client.get(reverse("villages:programme_detail", args=[programme.slug])).content.decode()
    panel = text.split('id="workers-alerts-heading"')[1].split("</section>")[0]
    assert f'href="/tyontekijat/{worker.pk}/">{worker}</a>, {LicenceKind.FIRST_AID.label}' in panel
    assert "(vanhentunut)" in panel
    assert f'href="{reverse("workers:followup", args=[follow_up.pk])}">{leaver}, ' in panel
