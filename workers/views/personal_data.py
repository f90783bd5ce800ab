"""Consents, the audit trail, the export and anonymising of a worker's data."""

import json
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ryhma.access import get_for_user_or_404, role_required
from ryhma.models import Role
from workers import exports, forms
from workers.actions.consents import record_consent, withdraw_consent
from workers.actions.personal_data import (
    anonymise_worker,
    record_worker_export,
    worker_audit_events,
)
from workers.models import Consent
from workers.views.common import STAFF, form_page, get_worker, save_form


@role_required(*STAFF)
def consent_create(request, pk):
    worker = get_worker(request, pk)
    return save_form(
        request,
        forms.ConsentForm(request.POST or None, initial={"given_on": timezone.localdate()}),
        act=partial(record_consent, worker=worker),
        done=_("The consent was recorded."),
        title=_("New consent"),
        worker=worker,
    )


@role_required(*STAFF)
@require_POST
def consent_withdraw(request, pk):
    consent = get_for_user_or_404(Consent.objects.select_related("worker"), request.user, pk=pk)
    try:
        withdraw_consent(actor=request.user, consent=consent, withdrawn_on=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The consent was withdrawn."))
    return redirect("workers:detail", pk=consent.worker_id)


@role_required(Role.COORDINATOR)
def worker_audit(request, pk):
    worker = get_worker(request, pk)
    events = worker_audit_events(worker).select_related("content_type")
    page = Paginator(events, 50).get_page(request.GET.get("sivu"))
    return render(request, "workers/worker_audit.html", {"worker": worker, "page": page})


@role_required(Role.COORDINATOR)
def worker_export(request, pk):
    worker = get_worker(request, pk)
    data = exports.worker_data(worker)
    record_worker_export(actor=request.user, worker=worker)
    return render(request, "workers/worker_export.html", {"worker": worker, "data": data})


@role_required(Role.COORDINATOR)
def worker_export_json(request, pk):
    worker = get_worker(request, pk)
    data = exports.worker_data_json(worker)
    record_worker_export(actor=request.user, worker=worker)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="tyontekija-{worker.pk}.json"'
    return response


@role_required(Role.COORDINATOR)
def worker_anonymise(request, pk):
    worker = get_worker(request, pk)
    form = forms.AnonymiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            anonymise_worker(actor=request.user, worker=worker, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The worker was anonymised."))
            return redirect("workers:detail", pk=worker.pk)
    return form_page(
        request,
        form,
        title=_("Anonymise %(name)s") % {"name": worker},
        worker=worker,
        intro=_(
            "Name, contact details, languages and free-text notes are removed, also from the "
            "audit trail. Contracts, subsidy decisions, hours, birth year and outcomes stay, "
            "so that the statistics remain right. This cannot be undone."
        ),
    )
