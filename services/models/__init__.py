"""Every model of the services app, imported here so that Django finds them.

services/hours/models/: work entries (the crew's hours), their approval and monthly locks,
and the offline queue's saves. services/orders/models/: service catalogue, customers,
service orders and invoices.
"""

from services.hours.models.entries import (
    DEFAULT_TASK,
    EntryStatus,
    MonthLock,
    MonthlyHours,
    SheetStatus,
    Task,
    WeekSheet,
    WorkEntry,
)
from services.hours.models.sync import SyncedSave
from services.orders.models import (
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
