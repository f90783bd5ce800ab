"""Village staff's home panel: this week's state and the weeks returned for correction."""

import datetime
from collections import defaultdict

from django.db.models import FilteredRelation, Q

from ryhma.dates import is_working_day
from services.hours.selectors.crew import staff_associations
from services.hours.weeks import DAY, monday_of
from services.models import SheetStatus, WeekSheet
from workers.models import Employment


def staff_week_status(user, *, today: datetime.date) -> dict | None:
    """Home panel for village staff: this week's state, weekdays so far with no hours, and
    weeks returned for correction."""
    associations = list(staff_associations(user))
    if not associations:
        return None
    monday = monday_of(today)
    sheets, returned = {}, []
    # This week's sheets and the returned ones in one read.
    for sheet in (
        WeekSheet.objects.filter(association__in=associations)
        .filter(Q(week_start=monday) | Q(status=SheetStatus.RETURNED))
        .select_related("association")
        .order_by("week_start", "pk")
    ):
        if sheet.week_start == monday:
            sheets[sheet.association_id] = sheet
        if sheet.status == SheetStatus.RETURNED:
            returned.append(sheet)
    # The contracts running this week and their days with hours so far, in one read: an
    # association with no such contract has no crew to miss hours from, and an entry's day
    # lies inside its contract (the trigger of migration 0002), so no other contract has
    # entries this week.
    days_with_hours, has_crew = defaultdict(set), set()
    for association_id, work_date in (
        Employment.objects.filter(association__in=associations, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=monday))
        .annotate(
            this_week=FilteredRelation(
                "work_entries",
                condition=Q(
                    work_entries__is_current=True,
                    work_entries__work_date__gte=monday,
                    work_entries__work_date__lte=today,
                ),
            )
        )
        .values_list("association_id", "this_week__work_date")
        .order_by()  # without the model's ordering the distinct pairs are the days, not rows
        .distinct()
    ):
        has_crew.add(association_id)
        if work_date is not None:
            days_with_hours[association_id].add(work_date)
    items = []
    for association in associations:
        sheet = sheets.get(association.pk)
        missing = [
            day
            for day in (monday + DAY * n for n in range((today - monday).days + 1))
            if association.pk in has_crew
            and is_working_day(day)
            and day not in days_with_hours[association.pk]
        ]
        items.append(
            {
                "association": association,
                "status": sheet.get_status_display() if sheet else SheetStatus.OPEN.label,
                "missing": missing,
            }
        )
    return {"items": items, "returned": returned, "week_start": monday}
