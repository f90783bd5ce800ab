"""Writes of the service-order side, one module per subject:

- `customers` and `catalogue`: the association's customers and services;
- `orders`: an order's way from request to done (create, schedule, assign, complete,
  feedback, cancel); `recurring`: occurrences of recurring orders;
- `invoices`: invoicing a month's done orders and recording their downloads;
- `public_requests`: requests sent through the public order form.

Every function is keyword-only, runs in a transaction and validates before saving.
"""

from services.orders.actions.catalogue import create_service, update_service
from services.orders.actions.customers import create_customer, update_customer
from services.orders.actions.invoices import create_month_invoices, record_invoice_export
from services.orders.actions.orders import (
    assign_order,
    cancel_order,
    complete_order,
    create_order,
    record_order_feedback,
    schedule_order,
)
from services.orders.actions.public_requests import submit_public_request
from services.orders.actions.recurring import generate_recurring_orders, occurrence_dates

__all__ = [
    "assign_order",
    "cancel_order",
    "complete_order",
    "create_customer",
    "create_month_invoices",
    "create_order",
    "create_service",
    "generate_recurring_orders",
    "occurrence_dates",
    "record_invoice_export",
    "record_order_feedback",
    "schedule_order",
    "submit_public_request",
    "update_customer",
    "update_service",
]
