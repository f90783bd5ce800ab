"""Services app models, one module per area so that parallel work does not collide.

hours.py: work entries (the crew's hours), their approval and monthly locks.
orders.py: service catalogue, customers, service orders and invoices.
"""

from services.models.hours import (
    DEFAULT_TASK,
    EntryStatus,
    MonthLock,
    MonthlyHours,
    SheetStatus,
    Task,
    WeekSheet,
    WorkEntry,
)
from services.models.orders import (
    DONE_ORDER_STATUSES,
    OPEN_ORDER_STATUSES,
    Customer,
    CustomerKind,
    Invoice,
    InvoiceLine,
    InvoicingProfile,
    OrderSource,
    OrderStatus,
    Recurrence,
    Service,
    ServiceKind,
    ServiceOrder,
    Unit,
)
from services.models.sync import SyncedSave

__all__ = [
    "DEFAULT_TASK",
    "EntryStatus",
    "MonthlyHours",
    "MonthLock",
    "SheetStatus",
    "SyncedSave",
    "Task",
    "WeekSheet",
    "WorkEntry",
    "DONE_ORDER_STATUSES",
    "OPEN_ORDER_STATUSES",
    "Customer",
    "CustomerKind",
    "Invoice",
    "InvoiceLine",
    "InvoicingProfile",
    "OrderSource",
    "OrderStatus",
    "Recurrence",
    "Service",
    "ServiceKind",
    "ServiceOrder",
    "Unit",
]
