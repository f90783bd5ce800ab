"""Writes on work hours, one module per subject:

- `week`: saving the week grid (`save_week`), `week_checks` the rules it checks;
- `approval`: submitting, approving, returning a week, submitting and locking a month;
- `corrections`: amendments and late hours of locked months, approving and rejecting them;
- `csv_import`, `order_hours`, `offline`: hours from a CSV file, from a service order
  marked done, and saves sent by a browser's offline queue;
- `exports`: recording a payroll or detail export.

Every function is keyword-only and atomic, audits what it changes, and runs a constant
number of queries whatever the crew size (bulk writes, one read per table). Those that
change which hours count (approvals, locks, corrections) refresh the monthly roll-up of
approved hours (`services.hours.rollups`) in the same transaction. Reads live in
`services.hours.selectors`; the actions may use them, never the other way round.
"""

from services.hours.actions.approval import (
    approve_week,
    lock_month,
    return_week,
    submit_month,
    submit_week,
)
from services.hours.actions.corrections import (
    add_late_entry,
    amend_entry,
    approve_amendment,
    reject_amendment,
)
from services.hours.actions.csv_import import import_hours
from services.hours.actions.exports import record_export
from services.hours.actions.offline import QueuedSave, save_week_once
from services.hours.actions.order_hours import log_order_hours
from services.hours.actions.week import CellConflict, WeekSaved, save_week
from services.hours.actions.week_checks import WeekInvalid, cell_name

__all__ = [
    "CellConflict",
    "QueuedSave",
    "WeekInvalid",
    "WeekSaved",
    "add_late_entry",
    "amend_entry",
    "approve_amendment",
    "approve_week",
    "cell_name",
    "import_hours",
    "lock_month",
    "log_order_hours",
    "record_export",
    "reject_amendment",
    "return_week",
    "save_week",
    "save_week_once",
    "submit_month",
    "submit_week",
]
