"""Work hours: the crew's entries, the week sheet they are edited on, and monthly locks.

Life of an entry: entered → submitted → approved → locked (the whole month, by the
coordinator). A week returned by the coordinator goes to `returned` and is edited again.
After the month is locked, an entry is corrected by an amendment: a new row linked to
the original (`amends`), with a reason, that goes through approval again; when it is
approved it becomes the current row and the one it replaces stops being current. Sums
(payroll, subsidy claims, reports) read `current()` rows only.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Mod
from django.db.models.lookups import Exact
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ryhma.access import ScopedQuerySet
from ryhma.models import Role, VersionedModel
from services.orders.models import AssociationScopedQuerySet
from villages.models import Association
from workers.models import Employment

MAX_HOURS_PER_DAY = Decimal("16")
HOUR_STEP = Decimal("0.25")


class Task(models.TextChoices):
    """Own-work categories of the village (domain brief §4).

    SERVICE_ORDER marks hours on a service order (the entry's `service_order`); on the
    grid such a row is keyed by the order (`order_row_task`), not by the task.
    """

    GENERAL = "general", _("General village work")
    VILLAGE_HALL = "village_hall", _("Village-hall upkeep")
    ENVIRONMENT = "environment", _("Village environment care")
    TRAINING = "training", _("Training")
    PEER_SUPPORT = "peer_support", _("Peer-support group")
    OTHER = "other", _("Other own work")
    SERVICE_ORDER = "service_order", _("Service orders")


DEFAULT_TASK = Task.GENERAL
ORDER_ROW_PREFIX = "order-"


def order_row_task(order_id: int) -> str:
    """The grid's row key for hours on a service order (in place of an own-work task)."""
    return f"{ORDER_ROW_PREFIX}{order_id}"


def order_id_of(row_task: str) -> int | None:
    """The service order a grid row key stands for, None for an own-work task."""
    number = row_task.removeprefix(ORDER_ROW_PREFIX)
    return int(number) if row_task.startswith(ORDER_ROW_PREFIX) and number.isdecimal() else None


def is_row_task(row_task: str) -> bool:
    """A task a grid row may have: an own-work task, or a service order."""
    return (row_task in Task.values and row_task != Task.SERVICE_ORDER) or bool(
        order_id_of(row_task)
    )


class EntryStatus(models.TextChoices):
    ENTERED = "entered", _("Entered")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")
    LOCKED = "locked", _("Locked")


EDITABLE_STATUSES = (EntryStatus.ENTERED, EntryStatus.RETURNED)
OPEN_STATUSES = (EntryStatus.ENTERED, EntryStatus.SUBMITTED, EntryStatus.RETURNED)
APPROVED_STATUSES = (EntryStatus.APPROVED, EntryStatus.LOCKED)


class WorkEntryQuerySet(ScopedQuerySet):
    """Coordinators: their municipality. Village staff: their associations' crews."""

    municipality_path = "employment__association__village__municipality"
    municipality_roles = (Role.COORDINATOR,)
    association_path = "employment__association"

    def current(self):
        """The rows that count: originals not replaced by an approved amendment."""
        return self.filter(is_current=True)

    def approved(self):
        return self.current().filter(status__in=APPROVED_STATUSES)

    def between(self, first: datetime.date, last: datetime.date):
        return self.filter(work_date__gte=first, work_date__lte=last)


class WorkEntry(VersionedModel):
    """Hours one worker did on one day for one task."""

    employment = models.ForeignKey(
        Employment,
        verbose_name=_("employment contract"),
        on_delete=models.PROTECT,
        related_name="work_entries",
        # Indexed together with the date (Meta.indexes), which serves this column alone too.
        db_index=False,
    )
    work_date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    task = models.CharField(_("task"), max_length=30, choices=Task.choices, default=DEFAULT_TASK)
    service_order = models.ForeignKey(
        "services.ServiceOrder",
        verbose_name=_("service order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_entries",
        help_text=_("Hours on a service order count toward the order."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.ENTERED
    )
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = WorkEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("work entry")
        verbose_name_plural = _("work entries")
        ordering = ["work_date", "employment_id", "task", "id"]
        constraints = [
            # An original is (0, 16] h; an amendment may set the day to 0 h (hours removed).
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=MAX_HOURS_PER_DAY)
                | Q(amends__isnull=False, hours__gte=0, hours__lte=MAX_HOURS_PER_DAY),
                name="work_entry_hours_0_16",
            ),
            models.CheckConstraint(
                condition=Exact(Mod(F("hours") * Value(4), Value(1)), Value(0)),
                name="work_entry_quarter_hours",
            ),
            models.CheckConstraint(
                condition=Q(amends__isnull=True) | ~Q(reason=""),
                name="work_entry_amendment_has_reason",
            ),
            # One entry per employment, date and task (amendments are linked rows).
            models.UniqueConstraint(
                fields=["employment", "work_date", "task"],
                condition=Q(amends__isnull=True, service_order__isnull=True),
                name="work_entry_one_per_task",
            ),
            models.UniqueConstraint(
                fields=["employment", "work_date", "service_order"],
                condition=Q(amends__isnull=True, service_order__isnull=False),
                name="work_entry_one_per_order",
            ),
            models.CheckConstraint(
                condition=Q(service_order__isnull=True) & ~Q(task="service_order")
                | Q(service_order__isnull=False, task="service_order"),
                name="work_entry_order_task",
            ),
            models.UniqueConstraint(
                fields=["amends"],
                condition=Q(status__in=["entered", "submitted", "returned"]),
                name="work_entry_one_open_amendment",
            ),
            # "Date inside the employment" spans two tables: a trigger in migration 0002.
        ]
        indexes = [
            # An association's week or month reads each contract's days: without the date
            # in the index every contract's whole history was scanned (a city's week grid
            # visited 30,000 rows to show 240).
            models.Index(fields=["employment", "work_date"], name="work_entry_employment_date"),
            # Corrections (rows with a reason) waiting for the coordinator: a few rows among
            # millions, looked up by every coordinator's start page and approval queue.
            models.Index(
                fields=["status"], condition=~Q(reason=""), name="work_entry_correction_status"
            ),
            models.Index(fields=["work_date", "status"]),
            # The coordinator's "months to lock" looks for rows not locked yet in past
            # months: a handful among millions once months are locked. Covering, so the
            # planner need not visit the table to rule the rest out.
            models.Index(
                fields=["work_date"],
                include=["employment", "status", "is_current", "amends"],
                condition=~Q(status="locked"),
                name="work_entry_not_locked",
            ),
        ]

    def __str__(self) -> str:
        day = date_format(self.work_date, "SHORT_DATE_FORMAT")
        return f"{self.employment.worker} {day} {self.hours} h"

    @property
    def is_amendment(self) -> bool:
        return self.amends_id is not None

    @property
    def row_task(self) -> str:
        """The grid row the entry sits on: its task, or its service order."""
        return order_row_task(self.service_order_id) if self.service_order_id else self.task


class SheetStatus(models.TextChoices):
    OPEN = "open", _("Being filled in")
    SUBMITTED = "submitted", _("Waiting for approval")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")


class WeekSheetQuerySet(AssociationScopedQuerySet):
    pass


class WeekSheet(VersionedModel):
    """One association's week (Monday to Sunday): the unit that is edited, submitted and
    approved. Its version guards the whole grid; `last_token` makes a repeated POST of the
    same form (refresh, double click) a no-op."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="week_sheets",
    )
    week_start = models.DateField(_("week starts on"))
    status = models.CharField(
        _("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.OPEN
    )
    return_comment = models.TextField(_("comment on return"), blank=True)
    last_token = models.CharField(max_length=64, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    objects = WeekSheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("week sheet")
        verbose_name_plural = _("week sheets")
        ordering = ["-week_start", "association_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "week_start"], name="week_sheet_one_per_week"
            )
        ]
        indexes = [models.Index(fields=["status", "week_start"])]

    def __str__(self) -> str:
        year, week, _day = self.week_start.isocalendar()
        return f"{self.association} {week}/{year}"

    @property
    def week_end(self) -> datetime.date:
        return self.week_start + datetime.timedelta(days=6)


class MonthLockQuerySet(AssociationScopedQuerySet):
    pass


class MonthLock(models.Model):
    """An association's approved month: its hours are locked and feed payroll and claims."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="month_locks",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    locked_at = models.DateTimeField(_("locked at"), auto_now_add=True)

    objects = MonthLockQuerySet.as_manager()

    class Meta:
        verbose_name = _("locked month")
        verbose_name_plural = _("locked months")
        ordering = ["-month", "association_id"]
        constraints = [
            models.UniqueConstraint(fields=["association", "month"], name="month_lock_once"),
        ]

    def __str__(self) -> str:
        return f"{self.association} {self.month:%m/%Y}"


class MonthlyHours(models.Model):
    """Roll-up: one employment's approved, current hours in one month.

    The dashboards and reports sum hours per contract and month; at national size that is
    millions of entries, so they read this table instead. It holds exactly
    `WorkEntry.objects.approved()` summed per (employment, month): the hour actions
    (`services.hours.actions`) refresh the months they approve or amend, in the same
    transaction; the bulk paths (demo seed, generate_load) write it themselves, and
    `manage.py rebuild_monthly_hours` recomputes it from the entries. A month with no
    approved hours has no row.

    `first_day` and `last_day` are the first and last days with approved hours: a subsidy
    decision that spans them covers every hour of the month, one that misses them covers
    none, and only the months in between need their entries (`services.hours.rollups`).
    """

    employment = models.ForeignKey(
        Employment,
        verbose_name=_("employment contract"),
        on_delete=models.CASCADE,
        related_name="monthly_hours",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    order_hours = models.DecimalField(
        _("hours on service orders"), max_digits=8, decimal_places=2, default=Decimal("0")
    )
    first_day = models.DateField(_("first day with hours"))
    last_day = models.DateField(_("last day with hours"))

    class Meta:
        verbose_name = _("monthly hours")
        verbose_name_plural = _("monthly hours")
        ordering = ["month", "employment_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employment", "month"], name="monthly_hours_one_per_month"
            ),
            models.CheckConstraint(
                condition=Q(first_day__lte=F("last_day")), name="monthly_hours_days_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employment} {self.month:%m/%Y} {self.hours} h"
