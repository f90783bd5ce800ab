"""The public request form: villagers ask an association for work without logging in.

Abuse gets a clear refusal in Finnish and never a 500: too many sends from one
address (429), an oversized body, a filled honeypot, a forged or stale start stamp,
a form sent faster than a person can fill it, or invalid fields (400).
"""

import hashlib
from typing import cast

from django.core.cache import cache
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from ryhma.security import client_ip, over_limit
from services.models import Service
from services.orders import actions
from services.orders.forms import PublicRequestForm
from villages.models import Association

# Per client address: at most RATE_LIMIT sends in RATE_WINDOW seconds.
RATE_LIMIT = 10
RATE_WINDOW = 10 * 60
# A person needs more than a few seconds to fill in the form.
MIN_FILL_SECONDS = 3
# How long a start stamp is valid (PublicRequestForm.started_age) and kept as used.
STAMP_SECONDS = 2 * 60 * 60
# The form's fields fit easily in this; anything bigger is not a request from the page.
MAX_BODY_BYTES = 20_000


def _public_association(association_id) -> Association:
    association = get_object_or_404(
        Association.objects.select_related("village"), pk=association_id
    )
    offered = Service.objects.filter(association=association, is_active=True, is_own_work=False)
    if not offered.exists():
        raise Http404()
    return association


def _over_rate_limit(request) -> bool:
    key = f"services:public-request:{client_ip(request) or 'unknown'}"
    return over_limit(key, RATE_LIMIT, RATE_WINDOW)


def _refuse(request, association, status: int, message: str, form=None):
    return render(
        request,
        "services/public_request.html",
        {"association": association, "form": form, "refusal": message},
        status=status,
    )


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return MAX_BODY_BYTES + 1


@never_cache
@csrf_protect
def public_request(request, association_id):
    association = _public_association(association_id)
    if request.method != "POST":
        return render(
            request,
            "services/public_request.html",
            {"association": association, "form": PublicRequestForm(association=association)},
        )
    if _over_rate_limit(request):
        response = _refuse(
            request,
            association,
            429,
            _(
                "Too many requests have been sent from your connection. "
                "Wait ten minutes and try again, or call the association."
            ),
        )
        response["Retry-After"] = str(RATE_WINDOW)
        return response
    if _content_length(request) > MAX_BODY_BYTES:
        return _refuse(
            request,
            association,
            400,
            _("The request was too large. Shorten the description and send again."),
        )
    form = PublicRequestForm(request.POST, association=association)
    if form.data.get("website"):
        return _refuse(
            request,
            association,
            400,
            _("The request could not be accepted. Leave the hidden field empty and send again."),
        )
    age = form.started_age()
    if not form.is_valid():
        # Say what is missing first: an empty form is not "sent too quickly".
        if age is None:
            form.data = _with_new_stamp(form)
        return render(
            request,
            "services/public_request.html",
            {"association": association, "form": form},
            status=400,
        )
    fresh = PublicRequestForm(request.POST, association=association)
    if age is None:
        fresh.data = _with_new_stamp(form)
        return _refuse(
            request,
            association,
            400,
            _("The form has expired. Check your details and send again."),
            fresh,
        )
    if age < MIN_FILL_SECONDS:
        fresh.data = _with_new_stamp(form)
        return _refuse(
            request,
            association,
            400,
            _("The form was sent too quickly. Check your details and send again."),
            fresh,
        )
    if not _first_use(form.data.get("started", "")):
        return _refuse(
            request,
            association,
            400,
            _("This form has been sent already. To send another request, open the form again."),
        )
    data = form.cleaned_data
    actions.submit_public_request(
        association=association,
        name=data["name"],
        phone=data["phone"],
        email=data["email"],
        address=data["address"],
        village=data["village"],
        service=data["service"],
        description=data["description"],
        preferred_date=data["preferred_date"],
        aged_65_plus=data["aged_65_plus"],
        holiday_home=data["holiday_home"],
    )
    return redirect("services:public_request_thanks", association_id=association.pk)


def _first_use(stamp: str) -> bool:
    """Whether this start stamp is sent for the first time: one opened form gives one
    request (the stamp is kept for as long as it is valid). A cache outage lets it pass:
    the rate limit still holds, and a villager's request is not lost to it."""
    key = "services:public-request:used:" + hashlib.sha256(stamp.encode()).hexdigest()
    try:
        if cache.add(key, 1, STAMP_SECONDS):
            return True
        # Not added: used already, unless the cache did not answer (ryhma.cache reads an
        # unreachable Redis as a miss, so the stamp is then not found either).
        return cache.get(key) is None
    except Exception:  # noqa: BLE001 - any other cache backend's error
        return True


def _with_new_stamp(form: PublicRequestForm):
    data = cast(QueryDict, form.data).copy()
    data["started"] = form.fields["started"].initial
    return data


def public_request_thanks(request, association_id):
    association = get_object_or_404(Association, pk=association_id)
    return render(request, "services/public_request_thanks.html", {"association": association})
