"""Tags of the order pages: the status badge, written in Python because the order list
shows one a row."""

from django import template
from django.utils.html import format_html

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


@register.simple_tag
def order_status_badge(order) -> str:
    css = BADGE_CLASSES.get(order.status, "text-bg-primary")
    label = STATUS_LABELS.get(order.status, order.status)
    return format_html('<span class="badge {}">{}</span>', css, label)
