"""A worker on their own account: their hours by month and week with status, their
assessments, and answering the ones due; nobody else's, and nothing for other roles."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from evaluation.models import Assessment, AssessmentStatus, Respondent
from evaluation.tests.factories import InstrumentFactory
from services.models import EntryStatus
from services.tests.factories import WorkEntryFactory
from workers.tests.factories import EmploymentFactory, WorkerFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2026, 3, 25, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def own(worker_user, association):
    worker = WorkerFactory(municipality=association.village.municipality, user=worker_user)
    return EmploymentFactory(worker=worker, association=association)


def test_a_worker_sees_their_own_hours_by_week_with_status(client, worker_user, own, association):
    other = EmploymentFactory(
        worker=WorkerFactory(municipality=association.village.municipality),
        association=association,
    )
    WorkEntryFactory(employment=own, work_date=datetime.date(2026, 3, 2), hours=Decimal("7.5"))
    WorkEntryFactory(
        employment=own,
        work_date=datetime.date(2026, 3, 10),
        hours=Decimal("6"),
        status=EntryStatus.APPROVED,
    )
    WorkEntryFactory(employment=other, work_date=datetime.date(2026, 3, 2), hours=Decimal("3"))
    client.force_login(worker_user)
    text = client.get(reverse("services:my_hours") + "?kk=2026-03").content.decode()
    assert "Viikko 10/2026 · 7,5\xa0h" in text
    assert "Viikko 11/2026 · 6\xa0h" in text
    assert "Yhteensä 13,5\xa0h tässä kuussa." in text
    assert "Hyväksytty: 6\xa0h" in text and "Kirjattu: 7,5\xa0h" in text
    assert "3\xa0h" not in text  # the other worker's hours


@pytest.mark.parametrize("user_fixture", ["staff", "coordinator", "official"])
def test_own_hours_and_assessments_are_only_a_workers_pages(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("services:my_hours")).status_code == 404
    assert client.get(reverse("evaluation:my_assessments")).status_code == 404


def test_the_worker_menu_has_their_own_pages_and_no_report_request(client, worker_user, own):
    client.force_login(worker_user)
    text = client.get(reverse("workers:me")).content.decode()
    assert reverse("services:my_hours") in text
    assert reverse("evaluation:my_assessments") in text
    assert reverse("evaluation:report_list") not in text


@time_machine.travel(TODAY, tick=False)
def test_a_worker_answers_a_due_assessment_on_their_own_account(
    client, worker_user, own, municipality
):
    instrument = InstrumentFactory(municipality=municipality, respondent=Respondent.WORKER)
    client.force_login(worker_user)
    page = client.get(reverse("evaluation:my_assessments")).content.decode()
    # The contract began on 1.1.2026: the 3-month assessment is due from mid-March.
    url = reverse("evaluation:my_assessment_answer", args=[instrument.pk, "m3"])
    assert url in page
    items = list(instrument.items.order_by("order"))
    response = client.post(url, {f"item_{item.pk}": "7" for item in items})
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.worker_id, assessment.timepoint, assessment.status) == (
        own.worker_id,
        "m3",
        AssessmentStatus.DONE,
    )
    assert assessment.by_self_service and assessment.score == Decimal("7")
    page = client.get(reverse("evaluation:my_assessments")).content.decode()
    assert url not in page and instrument.name in page
    # Answered once: the link is no longer due.
    assert client.get(url).status_code == 404


def test_a_worker_cannot_answer_what_is_not_due(client, worker_user, own, municipality):
    instrument = InstrumentFactory(municipality=municipality, respondent=Respondent.WORKER)
    client.force_login(worker_user)
    url = reverse("evaluation:my_assessment_answer", args=[instrument.pk, "m24"])
    assert client.get(url).status_code == 404


def test_own_pages_run_the_same_number_of_queries_with_few_or_many_rows(
    client, worker_user, own, municipality
):
    from ryhma.testing import count_queries

    client.force_login(worker_user)
    counts = []
    for days in (2, 20):
        for offset in range(days):
            WorkEntryFactory(
                employment=own,
                work_date=datetime.date(2026, 3, 1) + datetime.timedelta(days=offset),
                hours=Decimal("1"),
            )
        InstrumentFactory(municipality=municipality, respondent=Respondent.WORKER)
        url = reverse("services:my_hours") + "?kk=2026-03"
        client.get(url)
        counts.append(
            (
                count_queries(lambda u=url: client.get(u)),
                count_queries(lambda: client.get(reverse("evaluation:my_assessments"))),
            )
        )
        WorkEntryFactory._meta.model.objects.all().delete()
    assert counts[0] == counts[1], counts
