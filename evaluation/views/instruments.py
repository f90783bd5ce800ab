"""The assessment instruments."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from evaluation import actions
from evaluation.forms import InstrumentForm
from evaluation.models import Instrument
from evaluation.views.access import READERS
from ryhma.access import role_required
from ryhma.models import Role


@role_required(*READERS)
def instruments(request):
    rows = (
        Instrument.objects.for_user(request.user)
        .prefetch_related("items")
        .order_by("name", "version")
    )
    return render(request, "evaluation/instruments.html", {"instruments": rows})


@role_required(Role.COORDINATOR)
def instrument_create(request):
    municipality = request.user.membership.municipality
    form = InstrumentForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        actions.create_instrument(instrument=form.instance, items=form.items(), actor=request.user)
        messages.success(request, _("The instrument was saved."))
        return redirect("evaluation:instruments")
    return render(request, "evaluation/instrument_form.html", {"form": form})
