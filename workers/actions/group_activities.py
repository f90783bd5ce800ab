"""Group activities and who attended them."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from ryhma.audit import diff, snapshot
from ryhma.saving import save_recorded
from workers.actions import acting_user
from workers.models import Attendance, Employment, GroupActivity, Worker

ACTIVITY_FIELDS = ["kind", "title", "held_on", "duration_hours", "association", "description"]


def activity_attendee_choices(*, municipality_id: int, association_id: int | None):
    """The workers who may attend an activity: the association's workers (a contract
    there), or every worker of the municipality when the activity is open to all."""
    workers = Worker.objects.filter(municipality_id=municipality_id, anonymised_at__isnull=True)
    if association_id is not None:
        workers = workers.filter(
            Exists(Employment.objects.filter(worker=OuterRef("pk"), association_id=association_id))
        )
    return workers


def _check_attendees(activity: GroupActivity, worker_ids: set[int]) -> None:
    """Refuse attendees who are not the activity's association's workers, naming them."""
    if not worker_ids:
        return
    allowed = set(
        activity_attendee_choices(
            municipality_id=activity.municipality_id, association_id=activity.association_id
        )
        .filter(pk__in=worker_ids)
        .values_list("pk", flat=True)
    )
    outside = Worker.objects.filter(pk__in=worker_ids - allowed)
    if not outside:
        return
    names = ", ".join(str(worker) for worker in outside)
    if activity.association_id is None:
        message = _("Not a worker of this municipality: %(names)s. Remove the tick.") % {
            "names": names
        }
    else:
        message = _(
            "No contract at %(association)s: %(names)s. Remove the tick, or choose the "
            "association whose workers attended."
        ) % {"names": names, "association": activity.association}
    raise ValidationError({"workers": message})


def _activity_snapshot(activity: GroupActivity, attendee_ids) -> dict:
    names = [f if f != "association" else "association_id" for f in ACTIVITY_FIELDS]
    return {**snapshot(activity, names), "attended": sorted(attendee_ids)}


@transaction.atomic
def record_group_activity(*, actor, municipality, workers: list[Worker], **fields) -> GroupActivity:
    """A group activity with the workers who attended it (the association's workers only)."""
    activity = GroupActivity(
        municipality=municipality,
        created_by=acting_user(actor),
        **fields,
    )
    save_recorded(
        activity,
        actor=actor,
        fields=[],
        check=lambda activity: _check_attendees(activity, {w.pk for w in workers}),
        changes={"attended": [None, sorted(w.pk for w in workers)]},
    )
    Attendance.objects.bulk_create(Attendance(activity=activity, worker=w) for w in workers)
    return activity


@transaction.atomic
def update_group_activity(
    *,
    actor,
    activity: GroupActivity,
    expected_version: int,
    add: Sequence[Worker] = (),
    remove: Sequence[Worker] = (),
    **fields,
) -> GroupActivity:
    """Change the activity and its attendance: `add` and `remove` workers.

    Attendees named in neither stay as they are (village staff change only their own
    association's workers on an activity open to all). Raises StaleEditError when
    someone saved the activity or its attendance after `expected_version`.
    """
    before_ids = set(activity.attendances.values_list("worker_id", flat=True))
    before = _activity_snapshot(activity, before_ids)
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    removed = {w.pk for w in remove} & before_ids
    after_ids = (before_ids - removed) | {w.pk for w in add}
    _check_attendees(activity, after_ids)
    save_recorded(
        activity,
        actor=actor,
        fields=[],
        written=fields,
        expected_version=expected_version,
        full_clean=False,
        changes=diff(before, _activity_snapshot(activity, after_ids)),
    )
    Attendance.objects.filter(activity=activity, worker_id__in=removed).delete()
    Attendance.objects.bulk_create(
        Attendance(activity=activity, worker_id=pk) for pk in sorted(after_ids - before_ids)
    )
    return activity
