"""Hostile-input cases for the services pages (format: ryhma/tests/test_hostile_forms.py)."""

from django.urls import reverse

from ryhma.testing import FormCase
from services.hours import forms, imports
from services.hours.models.entries import EntryStatus, SheetStatus
from services.models import OrderStatus, ServiceOrder, WeekSheet, WorkEntry
from services.orders import forms as order_forms


def demo_objects(d):
    d.association = d.associations["Livokas ry"]
    orders = ServiceOrder.objects.filter(association=d.association, recurrence="")
    d.open_order = (
        orders.filter(status__in=[OrderStatus.SCHEDULED, OrderStatus.ASSIGNED])
        .exclude(scheduled_on=None)
        .first()
    )
    d.done_order = orders.filter(status=OrderStatus.DONE).first()
    d.waiting_sheet = WeekSheet.objects.filter(
        association__village__municipality=d.municipality, status=SheetStatus.SUBMITTED
    ).first()
    d.locked_entry = WorkEntry.objects.filter(
        employment__association=d.association, status=EntryStatus.LOCKED
    ).first()


def _order_url(d):
    return reverse("services:order_detail", args=[d.open_order.pk])


def _order_action(name):
    return lambda d: reverse(name, args=[d.open_order.pk])


CASES = [
    FormCase(
        (),
        lambda d: f"{reverse('services:week')}?yhdistys={d.association.pk}",
        user="kyla",
        action=lambda d: reverse("services:week"),
        label="week grid",
    ),
    FormCase(
        (forms.ReturnForm,),
        lambda d: reverse("services:approvals"),
        action=lambda d: reverse("services:week_review", args=[d.waiting_sheet.pk]),
    ),
    FormCase(
        (forms.AmendmentForm,),
        lambda d: reverse("services:amend", args=[d.locked_entry.pk]),
        user="kyla",
    ),
    FormCase(
        (forms.ImportForm,),
        lambda d: f"{reverse('services:import')}?yhdistys={d.association.pk}",
        user="kyla",
        action=lambda d: reverse("services:import"),
        upload=("csv",),
        header=tuple(imports.HEADER),
    ),
    FormCase(
        (order_forms.ServiceForm,),
        lambda d: reverse("services:service_create", args=[d.association.pk]),
        user="kyla",
    ),
    FormCase(
        (order_forms.CustomerForm,), lambda d: reverse("services:customer_create"), user="kyla"
    ),
    FormCase(
        (order_forms.OrderCreateForm,), lambda d: reverse("services:order_create"), user="kyla"
    ),
    FormCase(
        (order_forms.ScheduleForm,),
        _order_url,
        user="kyla",
        action=_order_action("services:order_schedule"),
    ),
    FormCase(
        (order_forms.AssignForm,),
        _order_url,
        user="kyla",
        action=_order_action("services:order_assign"),
    ),
    FormCase(
        (order_forms.CompleteForm,),
        _order_url,
        user="kyla",
        action=_order_action("services:order_complete"),
    ),
    FormCase(
        (order_forms.CancelForm,),
        _order_url,
        user="kyla",
        action=_order_action("services:order_cancel"),
    ),
    FormCase(
        (order_forms.FeedbackForm,),
        lambda d: reverse("services:order_detail", args=[d.done_order.pk]),
        user="kyla",
        action=lambda d: reverse("services:order_feedback", args=[d.done_order.pk]),
    ),
    FormCase(
        (order_forms.PublicRequestForm,),
        lambda d: reverse("services:public_request", args=[d.association.pk]),
        user=None,
    ),
]
