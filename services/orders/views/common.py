"""What the order pages share: the roles, the association a page is for, form errors and
stale edits."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render

from ryhma.access import get_for_user_or_404
from ryhma.concurrency import StaleEditError
from ryhma.models import Role
from villages.models import Association

ORDER_ROLES = (Role.VILLAGE_STAFF, Role.COORDINATOR)


PAGE_SIZE = 50


def get_association(request, association_id) -> Association:
    return get_for_user_or_404(
        Association.objects.select_related("village"), request.user, pk=association_id
    )


def first_association(request) -> Association:
    association = Association.objects.for_user(request.user).order_by("name").first()
    if association is None:
        raise Http404()
    return association


def add_form_errors(error: ValidationError, form) -> None:
    """Put an action's validation errors onto the form that was submitted."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def stale_response(request, form, stale: StaleEditError, template: str, association):
    """Show the other person's saved values next to the typed ones; save nothing."""
    current = stale.current
    others = [
        (form.fields[name].label, display_value(current, name))
        for name in form.fields
        if name != "version" and hasattr(current, name)
    ]
    form.data = form.data.copy()
    form.data["version"] = current.version
    form.add_error(None, str(stale))
    return render(
        request,
        template,
        {"form": form, "association": association, "stale_values": others},
        status=409,
    )


def display_value(instance, name):
    getter = getattr(instance, f"get_{name}display_value", None)
    return getter() if getter else getattr(instance, name)
