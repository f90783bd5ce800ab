"""Reads of the hours pages, one module per subject:

- `crew`: an association's crew, hours and locked months over a period (used by the
  pages and the writes alike), the week as a save reads it, the user's associations;
- `week_grid` (what the grid holds) and `week_grid_build` (reading it: `build_week_grid`);
- `approvals`: the coordinator's queue; `months`: months to lock and a month's summary;
- `week_status`: village staff's home panel; `own_hours`: a worker's own hours.

Each function runs a constant number of queries whatever the number of workers or rows.
"""

from services.hours.selectors.approvals import (
    WeekLabels,
    first_waiting_sheets,
    waiting_amendments,
    waiting_amendments_queryset,
    waiting_sheets_queryset,
    with_labels,
    with_week_totals,
)
from services.hours.selectors.crew import (
    WeekForSave,
    crew_employments,
    current_entries,
    locked_months,
    staff_associations,
    week_entries,
    week_for_save,
    week_orders,
    worked_until,
)
from services.hours.selectors.months import (
    ClaimLine,
    MonthRow,
    claim_lines,
    month_summary,
    months_to_lock,
)
from services.hours.selectors.own_hours import OwnWeek, own_hours
from services.hours.selectors.week_grid import GridCell, GridDay, GridRow, WeekGrid, decimal_text
from services.hours.selectors.week_grid_build import apply_typed, build_week_grid, for_display
from services.hours.selectors.week_status import staff_week_status

__all__ = [
    "ClaimLine",
    "GridCell",
    "GridDay",
    "GridRow",
    "MonthRow",
    "OwnWeek",
    "WeekForSave",
    "WeekGrid",
    "WeekLabels",
    "apply_typed",
    "build_week_grid",
    "claim_lines",
    "crew_employments",
    "current_entries",
    "decimal_text",
    "first_waiting_sheets",
    "for_display",
    "locked_months",
    "month_summary",
    "months_to_lock",
    "own_hours",
    "staff_associations",
    "staff_week_status",
    "waiting_amendments",
    "waiting_amendments_queryset",
    "waiting_sheets_queryset",
    "week_entries",
    "week_for_save",
    "week_orders",
    "with_labels",
    "with_week_totals",
    "worked_until",
]
