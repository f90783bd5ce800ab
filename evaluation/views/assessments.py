"""Assessments: who is due, a worker's assessments, recording them, personal links and
the worker's own answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from evaluation import actions, selectors
from evaluation.forms import AssessmentForm, AssessmentLinkForm
from evaluation.models import Assessment, Instrument, Respondent
from evaluation.views.access import ASSESSORS, get_worker
from ryhma.access import get_for_user_or_404, role_required
from ryhma.models import Role
from workers.models import Worker

# Due assessments per page: a city coordinator can have hundreds due at once.
DUE_PAGE_SIZE = 50


@role_required(*ASSESSORS)
def due(request):
    rows = selectors.due_assessments(request.user, timezone.localdate())
    page = Paginator(rows, DUE_PAGE_SIZE).get_page(request.GET.get("sivu"))
    return render(request, "evaluation/due.html", {"rows": page, "page": page})


@role_required(*ASSESSORS)
def worker_assessments(request, worker_id):
    worker = get_worker(request, worker_id)
    actions.record_view(actor=request.user, instance=worker, municipality_id=worker.municipality_id)
    assessments = list(
        Assessment.objects.filter(worker=worker)
        .select_related("instrument")
        .order_by("instrument__name", "assessed_on")
    )
    instruments = Instrument.objects.active().filter(
        municipality=worker.municipality, respondent=Respondent.WORKER
    )
    pairs = selectors.latest_pairs(
        [assessment for assessment in assessments if assessment.score is not None]
    )
    changes = [
        {
            "instrument": start.instrument,
            "start": start.score,
            "latest": latest.score,
            "latest_label": latest.get_timepoint_display(),
            "change": latest.score - start.score,
            "improved": start.instrument.improvement(latest.score - start.score) > 0,
        }
        for start, latest in pairs.values()
    ]
    return render(
        request,
        "evaluation/worker_assessments.html",
        {
            "worker": worker,
            "assessments": assessments,
            "instruments": instruments,
            "changes": changes,
            "link_form": AssessmentLinkForm(instruments=instruments),
            "is_coordinator": request.user.is_superuser or request.user.role == Role.COORDINATOR,
        },
    )


@role_required(*ASSESSORS)
def assessment_record(request, worker_id, instrument_id):
    worker = get_worker(request, worker_id)
    instrument = get_for_user_or_404(
        Instrument.objects.filter(municipality=worker.municipality), request.user, pk=instrument_id
    )
    items = instrument.items.order_by("order")
    form = AssessmentForm(request.POST or None, instrument=instrument, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_assessment(
                worker=worker,
                instrument=instrument,
                timepoint=form.cleaned_data["timepoint"],
                assessed_on=form.cleaned_data["assessed_on"],
                answers=form.answers(),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect("evaluation:worker_assessments", worker_id=worker.pk)
    return render(
        request,
        "evaluation/assessment_form.html",
        {"worker": worker, "instrument": instrument, "form": form},
    )


@require_POST
@role_required(*ASSESSORS)
def assessment_link(request, worker_id):
    worker = get_worker(request, worker_id)
    instruments = Instrument.objects.active().filter(
        municipality=worker.municipality, respondent=Respondent.WORKER
    )
    form = AssessmentLinkForm(request.POST, instruments=instruments)
    if not form.is_valid():
        messages.error(request, _("Choose the instrument, the timepoint and the language."))
        return redirect("evaluation:worker_assessments", worker_id=worker.pk)
    try:
        link, token = actions.create_assessment_link(
            worker=worker,
            instrument=form.cleaned_data["instrument"],
            timepoint=form.cleaned_data["timepoint"],
            language=form.cleaned_data["language"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:worker_assessments", worker_id=worker.pk)
    url = request.build_absolute_uri(reverse("evaluation:self_assessment", args=[token]))
    return render(
        request,
        "evaluation/link_created.html",
        {"worker": worker, "link": link, "url": url},
    )


def _own_worker(request):
    return Worker.objects.for_user(request.user).select_related("municipality").first()


def _self_service_form(request, instrument, language):
    """The form a worker answers on their own, in the language of the questions."""
    return AssessmentForm(
        request.POST or None,
        instrument=instrument,
        items=instrument.items.order_by("order"),
        language=language,
        staff=False,
    )


def _render_self_service(request, form, instrument, language):
    return render(
        request,
        "evaluation/self_assessment.html",
        {
            "form": form,
            "instrument": instrument,
            "title": instrument.text("name", language),
            "instructions": instrument.text("instructions", language),
            "language": language,
        },
    )


@role_required(Role.WORKER)
def my_assessments(request):
    """A worker's own assessments, and the ones due now, to answer on their own account."""
    worker = _own_worker(request)
    context = {"worker": worker, "assessments": [], "due": []}
    if worker is not None:
        context["assessments"] = list(
            Assessment.objects.filter(worker=worker)
            .select_related("instrument")
            .order_by("-assessed_on", "instrument__name")
        )
        context["due"] = selectors.due_assessments(request.user, timezone.localdate())
    return render(request, "evaluation/my_assessments.html", context)


@role_required(Role.WORKER)
def my_assessment_answer(request, instrument_id, timepoint):
    """Answer a due assessment: only one that is due for the worker now."""
    worker = _own_worker(request)
    if worker is None:
        raise Http404()
    due = next(
        (
            due_now
            for due_now in selectors.due_assessments(request.user, timezone.localdate())
            if due_now.instrument.pk == instrument_id and due_now.timepoint == timepoint
        ),
        None,
    )
    if due is None:
        raise Http404()
    instrument = Instrument.objects.get(pk=instrument_id)
    language = request.LANGUAGE_CODE
    form = _self_service_form(request, instrument, language)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_assessment(
                worker=worker,
                instrument=instrument,
                timepoint=timepoint,
                assessed_on=timezone.localdate(),
                answers=form.answers(),
                actor=request.user,
                by_self_service=True,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your answers were saved."))
            return redirect("evaluation:my_assessments")
    return _render_self_service(request, form, instrument, language)


@never_cache
def self_assessment(request, token):
    """The worker's own assessment through a personal link: no account, works once."""
    link = actions.link_for_token(token)
    if link is None:
        return render(request, "evaluation/self_assessment_gone.html", status=410)
    language = link.language
    with translation.override(language):
        instrument = link.assessment.instrument
        form = _self_service_form(request, instrument, language)
        if request.method == "POST" and form.is_valid():
            try:
                actions.answer_assessment_by_link(token=token, answers=form.answers())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return render(request, "evaluation/self_assessment_done.html")
        return _render_self_service(request, form, instrument, language)
