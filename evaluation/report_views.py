"""Pages of the PDF impact reports: request and history, a job's progress, download,
re-run, and the coordinator's schedules. Every job is reached through its scope."""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluation.models import JobStatus, ReportJob, ReportKind, ReportSchedule
from evaluation.reports import actions
from evaluation.reports.forms import ReportRequestForm, ScheduleForm
from ryhma.access import get_for_user_or_404, role_required
from ryhma.models import Role

REPORT_READERS = (Role.COORDINATOR, Role.OFFICIAL, Role.VILLAGE_STAFF, Role.WORKER)
HISTORY_LENGTH = 50
# What the history shows of a job (its scope's name, period, status and requester): the
# joined rows' other columns are not read.
HISTORY_FIELDS = (
    "kind",
    "programme__name",
    "association__name",
    "worker__first_name",
    "worker__last_name",
    "period_kind",
    "period_start",
    "period_end",
    "language",
    "status",
    "created_at",
    "requested_by__username",
    "requested_by__first_name",
    "requested_by__last_name",
)


def _jobs(user):
    return ReportJob.objects.for_user(user).select_related(
        "programme", "association", "worker", "requested_by"
    )


@role_required(*REPORT_READERS)
@require_http_methods(["GET", "POST"])
def report_list(request):
    """Ask for a report, and the history of the reports in the user's scope."""
    form = ReportRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = actions.request_report(
            user=request.user,
            kind=data["kind"],
            programme=data["programme"],
            period=data["period"],
            language=data["language"],
            association=data.get("association"),
            worker=data.get("worker"),
        )
        messages.success(request, _("The report was asked for. This page shows how it is going."))
        return redirect("evaluation:report_job", pk=job.pk)
    jobs = list(_jobs(request.user).only(*HISTORY_FIELDS)[:HISTORY_LENGTH])
    return render(
        request,
        "evaluation/reports/job_list.html",
        {"form": form, "jobs": jobs, "can_schedule": _can_schedule(request.user)},
    )


def _can_schedule(user) -> bool:
    return user.is_superuser or user.role == Role.COORDINATOR


@role_required(*REPORT_READERS)
@require_GET
def report_job(request, pk):
    job = get_for_user_or_404(_jobs(request.user), request.user, pk=pk)
    return render(request, "evaluation/reports/job_detail.html", {"job": job})


def status_payload(job: ReportJob) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": job.progress,
        "attempts": job.attempts,
        "finished": job.is_finished,
        "failure": job.get_failure_display() if job.failure else "",
        "download_url": (
            reverse("evaluation:report_download", args=[job.pk])
            if job.status == JobStatus.DONE
            else ""
        ),
    }


@never_cache
@role_required(*REPORT_READERS)
@require_GET
def report_job_status(request, pk):
    job = get_for_user_or_404(ReportJob.objects.all(), request.user, pk=pk)
    return JsonResponse(status_payload(job))


FILE_WORDS: dict[str, Promise] = {
    ReportKind.PROGRAMME: pgettext_lazy("file name", "impact-report"),
    ReportKind.VILLAGE: pgettext_lazy("file name", "village-report"),
    ReportKind.INDIVIDUAL: pgettext_lazy("file name", "individual-report"),
}


def report_filename(job: ReportJob) -> str:
    """The PDF's file name in the report's own language, e.g.
    ryhma-vaikuttavuusraportti-2026-01-01-12.pdf."""
    with translation.override(job.language):
        word = slugify(str(FILE_WORDS.get(job.kind, job.kind)))
    return f"ryhma-{word}-{job.period_start:%Y-%m-%d}-{job.pk}.pdf"


@never_cache  # the PDF may hold personal data: no copy in a browser's or a proxy's cache
@role_required(*REPORT_READERS)
@require_GET
def report_download(request, pk):
    job = get_for_user_or_404(ReportJob.objects.select_related("worker"), request.user, pk=pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    actions.record_download(actor=request.user, job=job)
    filename = report_filename(job)
    try:
        with job.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError as error:
        raise Http404 from error
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@role_required(*REPORT_READERS)
@require_POST
def report_rerun(request, pk):
    job = get_for_user_or_404(ReportJob.objects.all(), request.user, pk=pk)
    new_job = actions.rerun_report(user=request.user, job=job)
    messages.success(request, _("The report was asked for again. This page shows how it is going."))
    return redirect("evaluation:report_job", pk=new_job.pk)


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def schedule_list(request):
    form = ScheduleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.create_schedule(
            user=request.user,
            programme=data["programme"],
            frequency=data["frequency"],
            language=data["language"],
            recipients=data["recipients"],
        )
        messages.success(request, _("The schedule is saved."))
        return redirect("evaluation:report_schedules")
    schedules = (
        ReportSchedule.objects.for_user(request.user)
        .select_related("programme")
        .prefetch_related("recipients")
    )
    return render(
        request, "evaluation/reports/schedules.html", {"form": form, "schedules": schedules}
    )


@role_required(Role.COORDINATOR)
@require_POST
def schedule_stop(request, pk):
    schedule = get_for_user_or_404(ReportSchedule.objects.active(), request.user, pk=pk)
    actions.stop_schedule(user=request.user, schedule=schedule)
    messages.success(request, _("The schedule is stopped."))
    return redirect("evaluation:report_schedules")
