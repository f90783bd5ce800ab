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


@register.simple_tag
def order_status_badge(order) -> str:
    css = BADGE_CLASSES.get(order.status, "text-bg-primary")
    return format_html('<span class="badge {}">{}</span>', css, order.get_status_display())
