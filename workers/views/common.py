"""What every worker page shares: the scoped fetch of a worker and the body of a form page."""

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ryhma.access import get_for_user_or_404
from ryhma.concurrency import StaleEditError
from ryhma.models import Role
from villages.models import Municipality
from workers.actions import Outcome
from workers.models import Worker

STAFF = (Role.COORDINATOR, Role.VILLAGE_STAFF)
PAGE_SIZE = 25


def get_worker(request, pk) -> Worker:
    return get_for_user_or_404(
        Worker.objects.select_related("municipality", "user"), request.user, pk=pk
    )


def form_page(request, form, *, title, worker=None, intro="", extra=None, status=200):
    context = {"form": form, "title": title, "worker": worker, "intro": intro, **(extra or {})}
    return render(request, "workers/form_page.html", context, status=status)


def _stale(form, error: StaleEditError, fields) -> list[tuple[str, object]]:
    """The other person's saved values, to show beside what this user typed."""
    form.take_version(error.current.version)
    form.add_error(None, str(error))
    return [
        (form.fields[name].label, getattr(error.current, name))
        for name in fields
        if name in form.fields and getattr(error.current, name) != form.cleaned_data.get(name)
    ]


def _show_warnings(request, warnings) -> None:
    for warning in warnings:
        messages.warning(request, warning)


def save_form(
    request,
    form,
    *,
    act: Callable[..., object],
    done: str,
    title: str,
    worker: Worker | None = None,
    success_url: str | None = None,
    stale_fields: Iterable[str] = (),
    also_theirs: Callable[[], list[tuple[str, object]]] | None = None,
    intro: str = "",
    extra: dict | None = None,
):
    """The body of a form page: on a valid POST run `act(actor=user, **values)`, say `done`
    (and the warnings of an `Outcome`) and go to `success_url`, by default the
    worker's page.

    A refused save shows the form again with the reason. A stale one (someone else saved
    first) shows it with the other person's values of `stale_fields` beside this user's,
    and the rows `also_theirs()` adds.
    """
    theirs = []
    if request.method == "POST" and form.is_valid():
        try:
            outcome = act(actor=request.user, **form.values())
        except ValidationError as error:
            form.add_action_error(error)
        except StaleEditError as error:
            theirs = _stale(form, error, stale_fields) + (also_theirs() if also_theirs else [])
        else:
            messages.success(request, done)
            if isinstance(outcome, Outcome):
                _show_warnings(request, outcome.warnings)
            if not success_url:
                assert worker is not None  # a form without a success_url is about a worker
                success_url = reverse("workers:detail", kwargs={"pk": worker.pk})
            return redirect(success_url)
    context = {**(extra or {}), "theirs": theirs}
    return form_page(request, form, title=title, worker=worker, intro=intro, extra=context)


def user_municipality(user) -> Municipality:
    municipality = Municipality.objects.for_user(user).first()
    if municipality is None:
        raise Http404()
    return municipality
