"""Services app models, one module per area so that parallel work does not collide.

hours.py: work entries (the crew's hours), their approval and monthly locks.
orders.py: service catalogue, customers, service orders and invoices.
"""

from services.models.hours import (
    DEFAULT_TASK,
    EntryStatus,
    MonthLock,
    SheetStatus,
    Task,
    WeekSheet,
    WorkEntry,
)

__all__ = [
    "DEFAULT_TASK",
    "EntryStatus",
    "MonthLock",
    "SheetStatus",
    "Task",
    "WeekSheet",
    "WorkEntry",
]
