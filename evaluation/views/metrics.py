"""A programme's indicators against their targets, and editing them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evaluation import actions, selectors
from evaluation.forms import MetricForm
from evaluation.models import Metric
from evaluation.reports.figures import hide_metrics
from evaluation.views.access import READERS, get_programme, is_official_user
from ryhma.access import get_for_user_or_404, role_required
from ryhma.concurrency import StaleEditError
from ryhma.models import Role


@role_required(*READERS)
def metrics(request, slug):
    programme = get_programme(request, slug)
    form = None
    if request.user.role == Role.COORDINATOR or request.user.is_superuser:
        form = MetricForm(request.POST or None, programme=programme)
        if request.method == "POST" and form.is_valid():
            actions.save_metric(metric=form.instance, expected_version=None, actor=request.user)
            messages.success(request, _("The indicator was added."))
            return redirect("evaluation:metrics", slug=programme.slug)
    elif request.method == "POST":
        raise Http404()
    # Over all the municipality's pairs: the values and an official's group sizes.
    changes = selectors.score_changes(programme.municipality)
    statuses = selectors.metric_statuses(programme, changes=changes)
    if is_official_user(request.user):
        hide_metrics(programme, statuses, changes=changes)
    return render(
        request,
        "evaluation/metrics.html",
        {
            "programme": programme,
            "statuses": statuses,
            "form": form,
        },
    )


@role_required(Role.COORDINATOR)
def metric_edit(request, slug, pk):
    programme = get_programme(request, slug)
    metric = get_for_user_or_404(Metric.objects.filter(programme=programme), request.user, pk=pk)
    form = MetricForm(request.POST or None, instance=metric, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_metric(
                metric=form.instance,
                expected_version=form.cleaned_data.get("version"),
                actor=request.user,
            )
        except StaleEditError as error:
            form.add_error(None, str(error))
            return render(
                request,
                "evaluation/metric_form.html",
                {"programme": programme, "form": form, "current": error.current},
            )
        messages.success(request, _("The indicator was saved."))
        return redirect("evaluation:metrics", slug=programme.slug)
    return render(request, "evaluation/metric_form.html", {"programme": programme, "form": form})


@require_POST
@role_required(Role.COORDINATOR)
def metric_delete(request, slug, pk):
    programme = get_programme(request, slug)
    metric = get_for_user_or_404(Metric.objects.filter(programme=programme), request.user, pk=pk)
    actions.delete_metric(metric=metric, actor=request.user)
    messages.success(request, _("The indicator was removed."))
    return redirect("evaluation:metrics", slug=programme.slug)
