"""The model's assumptions: parameter sets and SROI value proxies."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evaluation import actions
from evaluation.forms import ParameterSetForm, SroiProxyForm
from evaluation.models import SroiProxy
from evaluation.views.access import READERS
from ryhma.access import get_for_user_or_404, role_required
from ryhma.concurrency import StaleEditError
from ryhma.models import Role
from workers.models import ParameterSet


@role_required(*READERS)
def parameter_sets(request):
    sets = (
        ParameterSet.objects.for_user(request.user)
        .select_related("municipality", "supersedes")
        .order_by("-year", "-id")
    )
    return render(request, "evaluation/parameter_sets.html", {"sets": sets})


@role_required(*READERS)
def parameter_set_detail(request, pk):
    parameter_set = get_for_user_or_404(
        ParameterSet.objects.prefetch_related("values", "share_steps"), request.user, pk=pk
    )
    can_edit = request.user.role == Role.COORDINATOR and parameter_set.status == "active"
    if request.method == "POST" and not can_edit:
        raise Http404()
    form = ParameterSetForm(request.POST or None, parameter_set=parameter_set)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.update_parameter_set(
                parameter_set=parameter_set,
                expected_version=form.cleaned_data["version"],
                values=form.cleaned_data["values"],
                steps=form.cleaned_data["steps"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except StaleEditError:
            form.add_error(
                None,
                _(
                    "Someone else saved this parameter set in the meantime. Open it again"
                    " to see their values; your typed values are kept below."
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved.pk != parameter_set.pk:
                messages.success(
                    request,
                    _(
                        "Figures had already been computed from the old set, so it was kept"
                        " as superseded and a new set replaces it."
                    ),
                )
            else:
                messages.success(request, _("The parameter set was saved."))
            return redirect("evaluation:parameter_set", pk=saved.pk)
    return render(
        request,
        "evaluation/parameter_set.html",
        {
            "parameter_set": parameter_set,
            "form": form,
            "can_edit": can_edit,
            "is_used": actions.parameter_set_is_used(parameter_set),
        },
    )


@require_POST
@role_required(Role.COORDINATOR)
def parameter_set_delete(request, pk):
    parameter_set = get_for_user_or_404(ParameterSet, request.user, pk=pk)
    try:
        actions.delete_parameter_set(parameter_set=parameter_set, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:parameter_set", pk=pk)
    messages.success(request, _("The parameter set was deleted."))
    return redirect("evaluation:parameter_sets")


@role_required(*READERS)
def sroi_proxies(request):
    """The SROI value proxies: every assumption visible, editable by coordinators."""
    proxies = SroiProxy.objects.for_user(request.user).order_by("name")
    form = None
    if request.user.role == Role.COORDINATOR:
        form = SroiProxyForm(
            request.POST or None, municipality=request.user.membership.municipality
        )
        if request.method == "POST" and form.is_valid():
            actions.save_sroi_proxy(proxy=form.instance, expected_version=None, actor=request.user)
            messages.success(request, _("The value proxy was saved."))
            return redirect("evaluation:sroi_proxies")
    elif request.method == "POST":
        raise Http404()
    return render(request, "evaluation/sroi_proxies.html", {"proxies": proxies, "form": form})


@role_required(Role.COORDINATOR)
def sroi_proxy_edit(request, pk):
    proxy = get_for_user_or_404(SroiProxy, request.user, pk=pk)
    form = SroiProxyForm(request.POST or None, instance=proxy, municipality=proxy.municipality)
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_sroi_proxy(
                proxy=form.instance,
                expected_version=form.cleaned_data.get("version"),
                actor=request.user,
            )
        except StaleEditError as error:
            current = error.current
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The value proxy was saved."))
            return redirect("evaluation:sroi_proxies")
    return render(request, "evaluation/sroi_proxy_form.html", {"form": form, "current": current})
