import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from evaluation.models import JobStatus, ReportJob, ReportSchedule
from evaluation.tests.reports.factories import ReportJobFactory, ReportScheduleFactory
from ryhma.models import AuditEvent
from ryhma.testing import count_queries
from villages.tests.factories import ProgrammeFactory
from workers.tests.factories import WorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_report_files():
    yield
    folder = Path(settings.MEDIA_ROOT) / "reports"
    for path in folder.glob("*/report-*.pdf"):
        path.unlink()


@pytest.fixture
def foreign_programme(other_municipality):
    return ProgrammeFactory(municipality=other_municipality, name="Vieras", slug="vieras")


def post_request(client, programme, **extra):
    data = {
        "kind": "programme",
        "programme": programme.pk,
        "period_kind": "year",
        "year": 2026,
        "language": "fi",
        **extra,
    }
    return client.post(reverse("evaluation:report_list"), data)


def test_coordinator_asks_for_a_programme_report_and_downloads_it(
    client, coordinator, programme, crew, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_request(client, programme)
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("evaluation:report_job", args=[job.pk])
    assert job.requested_by == coordinator
    assert job.status == JobStatus.DONE
    page = client.get(response.url).content.decode()
    assert "Valmis" in page and "Lataa PDF" in page
    assert "evaluation-report-status.js" in page and "<script>" not in page
    download = client.get(reverse("evaluation:report_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment;")
    assert "no-store" in download["Cache-Control"] and "private" in download["Cache-Control"]
    assert len(mail.outbox) == 1
    # Each download of the programme report is an event of the report.
    client.get(reverse("evaluation:report_download", args=[job.pk]))
    events = AuditEvent.objects.filter(object_id=str(job.pk), action="export")
    assert events.count() == 2


def test_status_endpoint_reports_progress_as_json(client, coordinator, programme):
    job = ReportJobFactory(programme=programme, status=JobStatus.RUNNING, progress=35, attempts=1)
    client.force_login(coordinator)
    response = client.get(reverse("evaluation:report_job_status", args=[job.pk]))
    payload = json.loads(response.content)
    assert payload == {
        "id": job.pk,
        "status": "running",
        "status_label": "Käynnissä",
        "progress": 35,
        "attempts": 1,
        "finished": False,
        "failure": "",
        "download_url": "",
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_failed_job_shows_the_reason_in_finnish_and_can_be_rerun(
    client, coordinator, programme, django_capture_on_commit_callbacks
):
    job = ReportJobFactory(
        programme=programme, status=JobStatus.FAILED, failure="timeout", attempts=1
    )
    client.force_login(coordinator)
    page = client.get(reverse("evaluation:report_job", args=[job.pk])).content.decode()
    assert "Raportin laatiminen kesti liian kauan." in page
    assert client.get(reverse("evaluation:report_download", args=[job.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluation:report_rerun", args=[job.pk]))
    new = ReportJob.objects.exclude(pk=job.pk).get()
    assert response.url == reverse("evaluation:report_job", args=[new.pk])
    assert (new.rerun_of, new.period_start, new.status) == (job, job.period_start, JobStatus.DONE)


def test_rerun_is_post_only(client, coordinator, programme):
    job = ReportJobFactory(programme=programme)
    client.force_login(coordinator)
    assert client.get(reverse("evaluation:report_rerun", args=[job.pk])).status_code == 405


@pytest.mark.parametrize("name", ["report_job", "report_job_status", "report_download"])
def test_an_outsider_cannot_see_or_download_a_report(client, outsider, programme, name):
    job = ReportJobFactory(programme=programme, status=JobStatus.DONE, file="reports/x.pdf")
    client.force_login(outsider)
    assert client.get(reverse(f"evaluation:{name}", args=[job.pk])).status_code == 404


def test_an_outsider_cannot_rerun_a_report(client, outsider, programme):
    job = ReportJobFactory(programme=programme)
    client.force_login(outsider)
    assert client.post(reverse("evaluation:report_rerun", args=[job.pk])).status_code == 404
    assert ReportJob.objects.count() == 1


def test_an_outsider_cannot_request_a_report_of_another_municipality(client, outsider, programme):
    client.force_login(outsider)
    response = post_request(client, programme)
    assert response.status_code == 200
    assert "Valitse oikea vaihtoehto" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_outsiders_history_does_not_list_our_reports(
    client, outsider, programme, foreign_programme
):
    ReportJobFactory(programme=programme)
    ReportJobFactory(programme=foreign_programme)
    client.force_login(outsider)
    page = client.get(reverse("evaluation:report_list")).content.decode()
    assert "Vieras" in page and "Kylätyö" not in page


def test_village_staff_see_only_their_own_associations_village_reports(
    client, staff, programme, association, other_association
):
    own = ReportJobFactory(programme=programme, kind="village", association=association)
    other = ReportJobFactory(programme=programme, kind="village", association=other_association)
    whole = ReportJobFactory(programme=programme)
    client.force_login(staff)
    assert client.get(reverse("evaluation:report_job", args=[own.pk])).status_code == 200
    for job in (other, whole):
        assert client.get(reverse("evaluation:report_job", args=[job.pk])).status_code == 404
    page = client.get(reverse("evaluation:report_list")).content.decode()
    assert "Livokas ry" in page and "Jongun alueen" not in page.split("<h2")[2]


def test_village_staff_cannot_ask_for_another_associations_report(
    client, staff, programme, other_association
):
    client.force_login(staff)
    response = post_request(client, programme, kind="village", association=other_association.pk)
    assert response.status_code == 200
    assert not ReportJob.objects.exists()


def test_an_official_cannot_ask_for_or_see_an_individual_report(
    client, official, coordinator, programme, crew
):
    job = ReportJobFactory(programme=programme, kind="individual", worker=crew[0])
    client.force_login(official)
    response = post_request(client, programme, kind="individual", worker=crew[0].pk)
    assert response.status_code == 200
    assert ReportJob.objects.count() == 1
    assert client.get(reverse("evaluation:report_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("evaluation:report_download", args=[job.pk])).status_code == 404


def test_a_worker_sees_only_their_own_individual_reports(
    client, worker_user, programme, crew, django_capture_on_commit_callbacks
):
    own = WorkerFactory(municipality=programme.municipality, user=worker_user)
    mine = ReportJobFactory(programme=programme, kind="individual", worker=own)
    others = ReportJobFactory(programme=programme, kind="individual", worker=crew[0])
    whole = ReportJobFactory(programme=programme)
    client.force_login(worker_user)
    assert client.get(reverse("evaluation:report_job", args=[mine.pk])).status_code == 200
    for job in (others, whole):
        assert client.get(reverse("evaluation:report_job", args=[job.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        post_request(client, programme, kind="individual", worker=crew[0].pk)
        post_request(client, programme, kind="programme")
    assert ReportJob.objects.count() == 3


def test_an_individual_report_request_and_download_are_audited(
    client, coordinator, programme, crew, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        post_request(client, programme, kind="individual", worker=crew[0].pk)
    job = ReportJob.objects.get()
    client.get(reverse("evaluation:report_download", args=[job.pk]))
    events = AuditEvent.objects.filter(object_id=str(crew[0].pk), action="export")
    assert events.count() == 2


def test_bad_period_input_is_explained_in_finnish_and_keeps_the_values(
    client, coordinator, programme
):
    client.force_login(coordinator)
    response = post_request(
        client, programme, period_kind="custom", starts_on="2026-06-30", ends_on="2026-01-01"
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Jakson on päätyttävä aikaisintaan sen ensimmäisenä päivänä." in text
    assert 'value="2026-06-30"' in text
    response = post_request(client, programme, period_kind="month")
    assert "Anna kuukausi numerona 1–12." in response.content.decode()
    response = post_request(client, programme, kind="village")
    assert "Valitse yhdistys kyläraporttia varten." in response.content.decode()
    assert not ReportJob.objects.exists()


def test_a_worker_of_another_municipality_cannot_be_chosen(
    client, coordinator, programme, other_municipality
):
    stranger = WorkerFactory(municipality=other_municipality)
    client.force_login(coordinator)
    post_request(client, programme, kind="individual", worker=stranger.pk)
    assert not ReportJob.objects.exists()


def test_history_runs_a_constant_number_of_queries(client, coordinator, programme, association):
    client.force_login(coordinator)

    def page():
        assert client.get(reverse("evaluation:report_list")).status_code == 200

    for _ in range(3):
        ReportJobFactory(programme=programme, kind="village", association=association)
    small = count_queries(page)
    for _ in range(30):
        ReportJobFactory(programme=programme, requested_by=coordinator)
    for _ in range(3):
        worker = WorkerFactory(municipality=programme.municipality)
        ReportJobFactory(programme=programme, kind="individual", worker=worker)
    assert count_queries(page) == small


def test_coordinator_schedules_a_monthly_report(client, coordinator, official, programme):
    client.force_login(coordinator)
    response = client.post(
        reverse("evaluation:report_schedules"),
        {
            "programme": programme.pk,
            "frequency": "monthly",
            "language": "fi",
            "recipients": [coordinator.pk, official.pk],
        },
    )
    # Officials read whole-year reports only: they are not offered as recipients.
    assert response.status_code == 200
    assert not ReportSchedule.objects.exists()
    response = client.post(
        reverse("evaluation:report_schedules"),
        {
            "programme": programme.pk,
            "frequency": "monthly",
            "language": "fi",
            "recipients": [coordinator.pk],
        },
    )
    assert response.status_code == 302
    schedule = ReportSchedule.objects.get()
    assert set(schedule.recipients.all()) == {coordinator}
    page = client.get(reverse("evaluation:report_schedules")).content.decode()
    assert "Kuukausittain" in page
    client.post(reverse("evaluation:report_schedule_stop", args=[schedule.pk]))
    schedule.refresh_from_db()
    assert schedule.active is False


def test_recipients_from_another_municipality_cannot_be_chosen(
    client, coordinator, outsider, programme
):
    client.force_login(coordinator)
    client.post(
        reverse("evaluation:report_schedules"),
        {
            "programme": programme.pk,
            "frequency": "monthly",
            "language": "fi",
            "recipients": [outsider.pk],
        },
    )
    assert not ReportSchedule.objects.exists()


def test_only_coordinators_manage_schedules(client, official, staff, outsider, programme):
    schedule = ReportScheduleFactory(programme=programme)
    for user in (official, staff):
        client.force_login(user)
        assert client.get(reverse("evaluation:report_schedules")).status_code == 404
    client.force_login(outsider)
    stop = client.post(reverse("evaluation:report_schedule_stop", args=[schedule.pk]))
    assert stop.status_code == 404
    schedule.refresh_from_db()
    assert schedule.active is True


def test_schedule_list_runs_a_constant_number_of_queries(client, coordinator, programme):
    client.force_login(coordinator)

    def page():
        assert client.get(reverse("evaluation:report_schedules")).status_code == 200

    ReportScheduleFactory(programme=programme).recipients.set([coordinator])
    small = count_queries(page)
    for _ in range(10):
        ReportScheduleFactory(programme=programme).recipients.set([coordinator])
    assert count_queries(page) == small


def test_a_job_period_label_reads_in_finnish(programme):
    job = ReportJobFactory(
        programme=programme,
        period_kind="quarter",
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 6, 30),
    )
    assert job.period_label == "Q2/2026"


def test_the_report_form_preselects_the_only_programme_and_marks_fields_per_choice(
    client, coordinator, programme
):
    client.force_login(coordinator)
    text = client.get(reverse("evaluation:report_list")).content.decode()
    assert f'<option value="{programme.pk}" selected>' in text
    # Fields that only one report kind or period needs say so, for report-form.js.
    assert 'data-shown-by="kind" data-shown-for="village"' in text
    assert 'data-shown-by="period_kind" data-shown-for="custom"' in text
    assert "report-form.js" in text
    assert "tämän päivämäärän kuukauden ensimmäisestä päivästä" in text
