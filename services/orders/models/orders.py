"""Service catalogue, customers and service orders (domain brief §4 and §7).

An order goes requested → scheduled → assigned → done → invoiced, or is cancelled.
A recurring order is the pattern; its occurrences are orders of their own with
`recurrence_parent` set and one row per date, so generating them twice adds nothing.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ryhma.access import ScopedQuerySet
from ryhma.models import Role, VersionedModel
from villages.models import Association, Village
from workers.models import Worker


class AssociationScopedQuerySet(ScopedQuerySet):
    """Rows that belong to an association: its staff and the municipality's coordinators.

    Officials see aggregates only (through the selectors), workers nothing.
    """

    municipality_path = "association__village__municipality"
    municipality_roles = (Role.COORDINATOR,)
    association_path = "association"


class ServiceKind(models.TextChoices):
    """The shared list of service types; an association names its own under OTHER."""

    SNOW = "snow", _("Snow clearing")
    YARD = "yard", _("Yard and garden work")
    FIREWOOD = "firewood", _("Firewood")
    CLEANING = "cleaning", _("Cleaning")
    ERRANDS = "errands", _("Errands")
    HOME_HELP = "home_help", _("Home help")
    CARETAKING = "caretaking", _("Holiday-home caretaking")
    VILLAGE_HALL = "village_hall", _("Village-hall upkeep")
    OTHER = "other", _("Other (association's own)")


# The type's label by its value, translated when shown: get_kind_display() translates
# every label of the list to find one, and the order list names a service on every row.
SERVICE_KIND_LABELS = dict(ServiceKind.choices)


class Unit(models.TextChoices):
    HOUR = "hour", _("hour")
    PIECE = "piece", _("piece")
    MONTH = "month", _("month")


def quantity_text(units: Decimal | None, unit: str) -> str:
    """'3,5 tuntia', '1 hour', '2 kappaletta': the number with its unit in the right
    plural form. Finnish, Swedish and English use the singular for exactly one only, so
    a fraction such as 1,5 counts as many."""
    if units is None:
        return "–"
    number = floatformat(units, -2)
    count = 1 if units == 1 else 2
    if unit == Unit.HOUR:
        text = ngettext("%(n)s hour", "%(n)s hours", count)
    elif unit == Unit.PIECE:
        text = ngettext("%(n)s piece", "%(n)s pieces", count)
    elif unit == Unit.MONTH:
        text = ngettext("%(n)s month", "%(n)s months", count)
    else:
        return f"{number} {unit}"
    return text % {"n": number}


class ServiceQuerySet(AssociationScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Service(VersionedModel):
    """An entry of an association's service catalogue with its current price."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    kind = models.CharField(_("service type"), max_length=20, choices=ServiceKind.choices)
    name = models.CharField(
        _("name"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty to use the name of the service type."),
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.HOUR)
    price = models.DecimalField(
        _("price per unit (€)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    travel_charge = models.DecimalField(
        _("travel charge per visit (€)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    tax_credit_eligible = models.BooleanField(
        _("eligible for the household tax credit"),
        default=True,
        help_text=_("Kotitalousvähennys: the labour share of the invoice is shown separately."),
    )
    is_own_work = models.BooleanField(
        _("own village work"),
        default=False,
        help_text=_("Work for the village itself (e.g. the village hall); not invoiced."),
    )
    is_active = models.BooleanField(_("offered"), default=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["association", "kind", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="service_price_not_negative"),
            models.CheckConstraint(
                condition=Q(travel_charge__gte=0), name="service_travel_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(kind="other") | ~Q(name=""), name="service_own_type_has_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(SERVICE_KIND_LABELS.get(self.kind, self.kind))

    @property
    def display_name(self) -> str:
        return str(self)


SERVICE_FIELDS = [
    "kind",
    "name",
    "unit",
    "price",
    "travel_charge",
    "tax_credit_eligible",
    "is_own_work",
    "is_active",
]
CUSTOMER_FIELDS = [
    "kind",
    "name",
    "village",
    "address",
    "postal_code",
    "post_office",
    "phone",
    "email",
    "aged_65_plus",
    "holiday_home",
    "consent_to_contact",
]


class CustomerKind(models.TextChoices):
    HOUSEHOLD = "household", _("Household")
    ORGANISATION = "organisation", _("Organisation")


class CustomerQuerySet(AssociationScopedQuerySet):
    pass


class Customer(VersionedModel):
    """A household or organisation the association serves: only what an order needs."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="customers",
    )
    kind = models.CharField(
        _("customer type"),
        max_length=20,
        choices=CustomerKind.choices,
        default=CustomerKind.HOUSEHOLD,
    )
    name = models.CharField(_("name"), max_length=150)
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="customers",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    post_office = models.CharField(_("post office"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    aged_65_plus = models.BooleanField(_("aged 65 or over"), default=False)
    holiday_home = models.BooleanField(_("holiday home"), default=False)
    consent_to_contact = models.BooleanField(_("consents to being contacted"), default=False)
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["association", "name"])]

    def __str__(self) -> str:
        return self.name


class OrderStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SCHEDULED = "scheduled", _("Scheduled")
    ASSIGNED = "assigned", _("Assigned to workers")
    DONE = "done", _("Done")
    INVOICED = "invoiced", _("Invoiced")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ORDER_STATUSES = (OrderStatus.REQUESTED, OrderStatus.SCHEDULED, OrderStatus.ASSIGNED)
DONE_ORDER_STATUSES = (OrderStatus.DONE, OrderStatus.INVOICED)


class OrderSource(models.TextChoices):
    PHONE = "phone", _("Phone")
    WALK_IN = "walk_in", _("Walk-in")
    PUBLIC_FORM = "public_form", _("Public request form")
    RECURRING = "recurring", _("Recurring order")


class Recurrence(models.TextChoices):
    NONE = "", _("Once")
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every other week")
    MONTHLY = "monthly", _("Monthly")


class ServiceOrderQuerySet(AssociationScopedQuerySet):
    def with_list_data(self):
        return self.select_related("customer__village", "service", "association").prefetch_related(
            "workers"
        )


class ServiceOrder(VersionedModel):
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="service_orders",
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="orders"
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="orders"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.REQUESTED
    )
    source = models.CharField(
        _("request came by"), max_length=12, choices=OrderSource.choices, default=OrderSource.PHONE
    )
    description = models.TextField(_("what is wanted"), max_length=2000, blank=True)
    requested_on = models.DateField(_("requested on"))
    preferred_date = models.DateField(_("preferred date"), null=True, blank=True)
    scheduled_on = models.DateField(_("scheduled for"), null=True, blank=True, db_index=True)
    recurrence = models.CharField(
        _("repeats"), max_length=10, choices=Recurrence.choices, default=Recurrence.NONE, blank=True
    )
    recurrence_until = models.DateField(_("repeats until"), null=True, blank=True)
    recurrence_parent = models.ForeignKey(
        "self",
        verbose_name=_("recurring order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="occurrences",
    )
    workers = models.ManyToManyField(
        Worker, verbose_name=_("workers"), blank=True, related_name="service_orders"
    )
    completed_on = models.DateField(_("done on"), null=True, blank=True)
    hours = models.DecimalField(
        _("hours worked"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    units = models.DecimalField(
        _("units to invoice"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    materials = models.CharField(_("materials"), max_length=300, blank=True)
    materials_cost = models.DecimalField(
        _("materials cost (€)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    feedback_rating = models.PositiveSmallIntegerField(
        _("customer satisfaction (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    feedback_comment = models.TextField(_("customer feedback"), max_length=2000, blank=True)
    complaint = models.TextField(_("complaint"), max_length=2000, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ServiceOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("service order")
        verbose_name_plural = _("service orders")
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(feedback_rating__isnull=True)
                | Q(feedback_rating__gte=1, feedback_rating__lte=5),
                name="order_rating_1_5",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["done", "invoiced"]) | Q(completed_on__isnull=False),
                name="order_done_has_date",
            ),
            models.UniqueConstraint(
                fields=["recurrence_parent", "scheduled_on"],
                condition=Q(recurrence_parent__isnull=False),
                name="order_one_occurrence_per_day",
            ),
        ]
        indexes = [models.Index(fields=["association", "status", "completed_on"])]

    def __str__(self) -> str:
        day = date_format(self.requested_on, "SHORT_DATE_FORMAT")
        return f"{self.service} – {self.customer} ({day})"

    @property
    def units_text(self) -> str:
        return quantity_text(self.units, self.service.unit)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ORDER_STATUSES

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence)
