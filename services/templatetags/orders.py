"""Tags of the order pages: the status badge (its markup in services/_status_badge.html)."""

from django import template

from services.models import OrderStatus

register = template.Library()

BADGE_CLASSES = {
    OrderStatus.REQUESTED: "text-bg-warning",
    OrderStatus.DONE: "text-bg-success",
    OrderStatus.INVOICED: "text-bg-dark",
    OrderStatus.CANCELLED: "text-bg-light",
}

# Translated when shown: get_status_display() translates every label of the list to find
# one, on every row.
STATUS_LABELS = dict(OrderStatus.choices)


@register.inclusion_tag("services/_status_badge.html")
def order_status_badge(order) -> dict:
    return {
        "css": BADGE_CLASSES.get(order.status, "text-bg-primary"),
        "label": STATUS_LABELS.get(order.status, order.status),
    }
