"""Writing the hours of a checked CSV import (read and checked by services.hours.imports)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ryhma.audit import diff, record_bulk, snapshot
from ryhma.models import AuditAction
from services.hours.actions.sheets import ENTRY_FIELDS, refresh_sheets
from services.hours.weeks import monday_of
from services.models import WeekSheet, WorkEntry


@transaction.atomic
def import_hours(*, association, rows, actor) -> list[WorkEntry]:
    """Write checked import rows (services.hours.imports), all or nothing.

    The weeks touched get a new version, so a grid open in someone's browser cannot
    overwrite the imported hours without seeing them.
    """
    entries = []
    for row in rows:
        entry = WorkEntry(
            employment=row.employment,
            work_date=row.day,
            hours=row.hours,
            task=row.task,
            note=row.note,
            created_by=actor,
        )
        entry.full_clean(exclude=["employment", "created_by"], validate_constraints=False)
        entries.append(entry)
    created = WorkEntry.objects.bulk_create(entries)
    if not created:
        return created
    first = min(e.work_date for e in created)
    last = max(e.work_date for e in created)
    weeks = {monday_of(e.work_date) for e in created}
    existing = set(
        WeekSheet.objects.filter(association=association, week_start__in=weeks).values_list(
            "week_start", flat=True
        )
    )
    WeekSheet.objects.bulk_create(
        WeekSheet(association=association, week_start=week) for week in weeks - existing
    )
    WeekSheet.objects.filter(association=association, week_start__in=weeks).update(
        version=F("version") + 1, updated_by=actor, updated_at=timezone.now()
    )
    refresh_sheets(association, first, last)
    record_bulk(
        actor=actor,
        model=WorkEntry,
        rows=[
            {
                "pk": entry.pk,
                "repr": str(entry),
                "action": AuditAction.CREATE,
                "changes": {**diff({}, snapshot(entry, ENTRY_FIELDS)), "source": [None, "csv"]},
            }
            for entry in created
        ],
        municipality_id=association.village.municipality_id,
    )
    return created
