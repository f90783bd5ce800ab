"""Access-matrix entries of the PDF report pages (included in access_matrix.py's CASES)."""

from django.core.files.base import ContentFile

from evaluation.models import JobStatus
from evaluation.tests.reports.factories import ReportJobFactory, ReportScheduleFactory
from ryhma.testing import Case, expect
from villages.tests.factories import ProgrammeFactory
from workers.tests.factories import WorkerFactory


def foreign_job(w, **fields):
    return ReportJobFactory(programme=ProgrammeFactory(municipality=w.other_municipality), **fields)


def foreign_done_job(w):
    job = foreign_job(w, status=JobStatus.DONE)
    job.file.save(f"matrix-{job.pk}.pdf", ContentFile(b"%PDF-1.7 matrix"), save=True)
    return job


def individual_job(w):
    return ReportJobFactory(
        programme=w.programme,
        kind="individual",
        worker=WorkerFactory(municipality=w.municipality),
    )


def own_individual_job(w):
    worker = WorkerFactory(municipality=w.municipality, user=w.worker)
    return ReportJobFactory(programme=w.programme, kind="individual", worker=worker)


def other_village_job(w):
    return ReportJobFactory(programme=w.programme, kind="village", association=w.other_association)


def other_village_done_job(w):
    job = other_village_job(w)
    job.status = JobStatus.DONE
    job.save(update_fields=["status"])
    job.file.save(f"matrix-{job.pk}.pdf", ContentFile(b"%PDF-1.7 matrix"), save=True)
    return job


def job_cases(name):
    return [
        Case(
            name,
            expect(outsider=200),
            kwargs=lambda w: {"pk": foreign_job(w).pk},
            label="another municipality's report",
        ),
        Case(
            name,
            expect(coordinator=200),
            kwargs=lambda w: {"pk": individual_job(w).pk},
            label="another worker's individual report",
        ),
        Case(
            name,
            expect(coordinator=200, worker=200),
            kwargs=lambda w: {"pk": own_individual_job(w).pk},
            label="the worker's own individual report",
        ),
        Case(
            name,
            expect(coordinator=200, official=200),
            kwargs=lambda w: {"pk": other_village_job(w).pk},
            label="another association's village report",
        ),
    ]


REPORT_CASES = [
    Case(
        "evaluation:report_list",
        expect(coordinator=200, staff=200, official=200, worker=200, outsider=200),
    ),
    *job_cases("evaluation:report_job"),
    *job_cases("evaluation:report_job_status"),
    Case(
        "evaluation:report_download",
        expect(outsider=200),
        kwargs=lambda w: {"pk": foreign_done_job(w).pk},
        label="another municipality's report",
    ),
    Case(
        "evaluation:report_download",
        expect(coordinator=200, official=200),
        kwargs=lambda w: {"pk": other_village_done_job(w).pk},
        label="another association's village report",
    ),
    Case(
        "evaluation:report_rerun",
        expect(coordinator=302, official=302),
        method="post",
        kwargs=lambda w: {"pk": other_village_job(w).pk},
        label="another association's village report",
    ),
    Case(
        "evaluation:report_rerun",
        expect(outsider=302),
        method="post",
        kwargs=lambda w: {"pk": foreign_job(w).pk},
        label="another municipality's report",
    ),
    Case("evaluation:report_schedules", expect(coordinator=200, outsider=200)),
    Case(
        "evaluation:report_schedule_stop",
        expect(outsider=302),
        method="post",
        kwargs=lambda w: {
            "pk": ReportScheduleFactory.create(
                programme=ProgrammeFactory(municipality=w.other_municipality)
            ).pk
        },
        label="another municipality's schedule",
    ),
]
