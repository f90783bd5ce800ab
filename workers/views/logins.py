"""Linking the worker's own login."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ryhma.access import role_required
from workers import forms
from workers.actions.logins import link_worker_login, login_candidates, unlink_worker_login
from workers.views.common import STAFF, get_worker


@role_required(*STAFF)
def worker_login(request, pk):
    worker = get_worker(request, pk)
    candidates = list(login_candidates(worker)[:200])
    form = forms.LoginLinkForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            link_worker_login(
                actor=request.user, worker=worker, username=form.cleaned_data["username"]
            )
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(
                request,
                _("The login %(username)s was linked to %(name)s.")
                % {"username": worker.user.username, "name": worker},
            )
            return redirect("workers:detail", pk=worker.pk)
    return render(
        request,
        "workers/worker_login.html",
        {"worker": worker, "form": form, "candidates": candidates},
    )


@role_required(*STAFF)
@require_POST
def worker_login_unlink(request, pk):
    worker = get_worker(request, pk)
    try:
        unlink_worker_login(actor=request.user, worker=worker)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The login was unlinked from %(name)s.") % {"name": worker})
    return redirect("workers:login", pk=worker.pk)
