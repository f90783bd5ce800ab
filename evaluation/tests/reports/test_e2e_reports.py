"""The report job page in Chromium: progress without reloading, then the download link."""

import pytest
from django.urls import reverse

from conftest import assert_accessible, browser_login
from evaluation.models import JobStatus, ReportJob
from evaluation.tests.reports.factories import ReportJobFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_job_page_follows_progress_and_offers_the_download_without_reloading(
    page, coordinator, programme
):
    job = ReportJobFactory(programme=programme, status=JobStatus.RUNNING, progress=35, attempts=1)
    browser_login(page, coordinator.username, "salasana-testi-123")
    page.goto(page.base_url + reverse("evaluation:report_job", args=[job.pk]))
    page.evaluate("() => { window.notReloaded = true; }")
    assert page.get_by_role("status").inner_text() == "Käynnissä"
    assert not page.get_by_role("link", name="Lataa PDF").is_visible()
    assert_accessible(page)

    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, progress=100, file="reports/e2e.pdf"
    )
    page.get_by_role("link", name="Lataa PDF").wait_for(state="visible")
    assert page.get_by_role("status").inner_text() == "Valmis"
    assert page.locator("progress").evaluate("bar => bar.value") == 100
    assert page.evaluate("() => window.notReloaded") is True


def test_phone_sized_report_list_has_the_form_and_history(phone_page, coordinator, programme):
    ReportJobFactory(programme=programme, status=JobStatus.FAILED, failure="timeout")
    browser_login(phone_page, coordinator.username, "salasana-testi-123")
    phone_page.goto(phone_page.base_url + reverse("evaluation:report_list"))
    assert phone_page.get_by_label("Raportti").is_visible()
    assert phone_page.get_by_text("Epäonnistui").is_visible()
    width = phone_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360
    assert_accessible(phone_page)
