"""Saves of the week grid sent by a browser's offline queue, applied once per key."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from services.hours.actions.week import WeekSaved, save_week
from services.hours.actions.week_checks import cell_name
from services.models import SyncedSave
from services.templatetags.hours_text import cell_label, hours_text
from workers.models import Employment


@dataclass
class QueuedSave:
    """What a save sent by the offline queue did: `answer` as told to the first send
    (version, counts, conflicts); `repeated` when this send had been applied before."""

    answer: dict
    repeated: bool = False


def _queued_answer(saved: WeekSaved) -> dict:
    """A save's outcome as plain values, kept with its key for a repeated send."""
    conflicts = []
    if saved.conflicts:
        employments = Employment.objects.select_related("worker").in_bulk(
            {conflict.key[0] for conflict in saved.conflicts}
        )
        for conflict in saved.conflicts:
            employment_id, task, day = conflict.key
            conflicts.append(
                {
                    "cell": cell_name(employment_id, task, day),
                    "label": cell_label(employments[employment_id], day),
                    "mine": "" if conflict.mine is None else hours_text(conflict.mine),
                    "mine_note": conflict.mine_note or "",
                    "theirs": "" if conflict.theirs is None else hours_text(conflict.theirs),
                    "theirs_note": conflict.theirs_note or "",
                }
            )
    return {
        "version": saved.sheet.version,
        "created": saved.created,
        "updated": saved.updated,
        "deleted": saved.deleted,
        "conflicts": conflicts,
    }


@transaction.atomic
def save_week_once(
    *, key: str, actor, association, week_start: datetime.date, **save
) -> QueuedSave:
    """`save_week` for a save kept in a browser's offline queue under its idempotency `key`:
    applied once however many times it is sent. The key is stored in the same transaction
    as the hours (a save refused with WeekInvalid stores nothing, so it can be sent again
    once corrected); a repeat gets the first send's answer and writes nothing."""
    previous = SyncedSave.objects.filter(user=actor, key=key).first()
    if previous is not None:
        return QueuedSave(answer=previous.answer, repeated=True)
    # The sheet's last token, as a form's: one user's key is not another's.
    token = f"{actor.pk}:{key}"[:64]
    saved = save_week(
        association=association, week_start=week_start, token=token, actor=actor, **save
    )
    answer = _queued_answer(saved)
    try:
        with transaction.atomic():
            SyncedSave.objects.create(user=actor, key=key, sheet=saved.sheet, answer=answer)
    except IntegrityError:
        # The same key sent twice at the same moment: the other send stored it first and
        # save_week saw its token (the sheet's row lock orders the two), so nothing was written.
        previous = SyncedSave.objects.get(user=actor, key=key)
        return QueuedSave(answer=previous.answer, repeated=True)
    return QueuedSave(answer=answer, repeated=saved.repeated)
