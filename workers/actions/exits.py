"""Exit from the programme and the follow-ups after it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ryhma.audit import snapshot
from ryhma.dates import add_months
from ryhma.saving import save_recorded
from workers import employment_checks, signals
from workers.actions import acting_user
from workers.models import Exit, FollowUp, FollowUpTimepoint, Worker


@transaction.atomic
def record_exit(
    *,
    actor,
    worker: Worker,
    exited_on: datetime.date,
    reason: str,
    destination: str,
    note: str = "",
) -> Exit:
    """Record the exit, end open contracts on the exit date and schedule both follow-ups."""
    if Exit.objects.filter(worker=worker).exists():
        raise ValidationError(_("The exit of this worker has already been recorded."))
    employments = list(worker.employments.order_by("-starts_on"))
    if employments and exited_on < min(e.starts_on for e in employments):
        raise ValidationError(
            {"exited_on": _("The exit date is before the first contract started. Check the date.")}
        )
    ending = [
        (employment, snapshot(employment, ["ends_on"]))
        for employment in employments
        if employment.starts_on <= exited_on
        and (employment.ends_on is None or employment.ends_on > exited_on)
    ]
    for employment, _before in ending:
        employment.ends_on = exited_on
        problems = employment_checks.problems(employment)
        if problems:
            raise ValidationError(
                {
                    ("exited_on" if name == "ends_on" else name): messages
                    for name, messages in problems.items()
                }
            )
    exit_ = Exit(
        worker=worker,
        employment=employments[0] if employments else None,
        exited_on=exited_on,
        reason=reason,
        destination=destination,
        note=note,
        recorded_by=acting_user(actor),
    )
    save_recorded(exit_, actor=actor, fields=["exited_on", "reason", "destination"])
    for employment, before in ending:
        employment.version += 1
        save_recorded(
            employment,
            actor=actor,
            fields=["ends_on"],
            written=["version"],
            before=before,
            full_clean=False,
            municipality_id=worker.municipality_id,
        )
    signals.announce_employments([employment for employment, _before in ending], exited_on)
    FollowUp.objects.bulk_create(
        FollowUp(exit=exit_, timepoint=point, due_on=add_months(exited_on, point))
        for point in FollowUpTimepoint.values
    )
    return exit_


@transaction.atomic
def record_followup(
    *, actor, follow_up: FollowUp, recorded_on: datetime.date, destination: str, note: str = ""
) -> FollowUp:
    if recorded_on < follow_up.exit.exited_on:
        raise ValidationError(
            {"recorded_on": _("The follow-up date is before the exit. Check the date.")}
        )
    if not destination:
        raise ValidationError({"destination": _("Choose where the person is now.")})
    before = snapshot(follow_up, ["recorded_on", "destination", "note"])
    follow_up.recorded_on = recorded_on
    follow_up.destination = destination
    follow_up.note = note
    follow_up.recorded_by = acting_user(actor)
    return save_recorded(
        follow_up,
        actor=actor,
        fields=["recorded_on", "destination", "note"],
        written=["recorded_by"],
        before=before,
    )
