"""Recorded drops in a worker's household's basic social assistance (coordinators only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evaluation import actions
from evaluation.forms import SocialAssistanceDropForm
from evaluation.models import SocialAssistanceDrop
from evaluation.views.access import get_worker
from ryhma.access import get_for_user_or_404, role_required
from ryhma.models import Role


@role_required(Role.COORDINATOR)
def social_assistance(request, worker_id):
    """Drops in the worker's household's basic social assistance (coordinators only)."""
    worker = get_worker(request, worker_id)
    form = SocialAssistanceDropForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_assistance_drop(worker=worker, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The drop in social assistance was saved."))
            return redirect("evaluation:social_assistance", worker_id=worker.pk)
    if request.method == "GET":
        actions.record_view(
            actor=request.user, instance=worker, municipality_id=worker.municipality_id
        )
    drops = (
        SocialAssistanceDrop.objects.for_user(request.user)
        .filter(worker=worker)
        .select_related("recorded_by")
        .order_by("first_month")
    )
    return render(
        request,
        "evaluation/social_assistance.html",
        {"worker": worker, "drops": drops, "form": form},
    )


@require_POST
@role_required(Role.COORDINATOR)
def social_assistance_delete(request, worker_id, pk):
    worker = get_worker(request, worker_id)
    drop = get_for_user_or_404(
        SocialAssistanceDrop.objects.filter(worker=worker).select_related("worker"),
        request.user,
        pk=pk,
    )
    actions.delete_assistance_drop(drop=drop, actor=request.user)
    messages.success(request, _("The drop in social assistance was removed."))
    return redirect("evaluation:social_assistance", worker_id=worker.pk)
