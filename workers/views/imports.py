"""Importing workers and contracts from a file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ryhma.access import role_required
from ryhma.models import Role
from workers import forms, importing
from workers.views.common import user_municipality

IMPORT_SESSION_KEY = "workers_import"


@role_required(Role.COORDINATOR)
def worker_import(request):
    municipality = user_municipality(request.user)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and "save" in request.POST:
        rows = request.session.get(IMPORT_SESSION_KEY)
        if not rows:
            messages.error(request, _("Check the file first, then save."))
            return redirect("workers:import")
        try:
            summary = importing.save(rows, actor=request.user, municipality=municipality)
        except ValidationError:
            result = importing.check(rows, user=request.user, municipality=municipality)
            form = forms.ImportForm()
        else:
            del request.session[IMPORT_SESSION_KEY]
            messages.success(
                request,
                _(
                    "Imported: %(new)s new workers, %(existing)s already saved; "
                    "%(contracts)s new contracts."
                )
                % {
                    "new": summary.new_workers,
                    "existing": summary.existing_workers,
                    "contracts": summary.new_contracts,
                },
            )
            return redirect("workers:list")
    elif request.method == "POST" and form.is_valid():
        try:
            rows = importing.read(form.cleaned_data["file"])
        except importing.UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            result = importing.check(rows, user=request.user, municipality=municipality)
            request.session[IMPORT_SESSION_KEY] = rows if result.ok else None
    return render(
        request,
        "workers/worker_import.html",
        {"form": form, "result": result, "columns": importing.COLUMNS},
    )
