from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ryhma.access import get_for_user_or_404
from ryhma.concurrency import StaleEditError
from ryhma.models import Role
from villages import actions
from villages.forms import cell, model_form
from villages.models import Programme

PROGRAMME_READERS = (Role.COORDINATOR, Role.OFFICIAL)
PROGRAMME_EDITORS = (Role.COORDINATOR,)


def can_edit_programme(user) -> bool:
    return user.is_superuser or user.role in PROGRAMME_EDITORS


def get_programme(user, slug) -> Programme:
    """The programme in the user's scope, or 404."""
    return get_for_user_or_404(
        Programme.objects.select_related("municipality", "coordinator"), user, slug=slug
    )


def _rebind(request, model, make_form, current):
    """The person's typed values on a form whose next save goes on top of `current`."""
    data = request.POST.copy()
    data["version"] = current.version
    fresh = model._default_manager.get(pk=current.pk)
    form = make_form(data=data, instance=fresh)
    form.is_valid()
    return form


def save_row_form(request, *, model, fields, programme, instance, make_form=None):
    """Bind, validate and save one row's form: (form, saved, the other person's values).

    On a stale edit nothing is written; the form keeps what this person typed and the
    values the other person saved are returned as (label, text) pairs to show.
    `make_form(data=, instance=)` builds the form (default: villages.forms.model_form).
    """
    if make_form is None:

        def make_form(data, instance):
            return model_form(model, fields, programme, data=data, instance=instance)

    form = make_form(data=request.POST or None, instance=instance)
    if request.method != "POST" or not form.is_valid():
        return form, False, None
    try:
        actions.save_row(
            instance=form.instance,
            user=request.user,
            fields=fields,
            expected_version=form.cleaned_data.get("version"),
        )
    except StaleEditError as error:
        messages.error(request, str(error))
        other = [(model._meta.get_field(n).verbose_name, cell(error.current, n)) for n in fields]
        return _rebind(request, model, make_form, error.current), False, other
    except ValidationError as error:
        form.add_error(None, error)
        return form, False, None
    messages.success(request, _("Saved."))
    return form, True, None
