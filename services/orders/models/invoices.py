"""Invoices: a customer's month of completed orders (domain brief §7).

Invoice lines copy the price at invoicing time: a later catalogue change does not alter an
invoice already sent.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from services.orders.models.orders import (
    AssociationScopedQuerySet,
    Customer,
    ServiceOrder,
    Unit,
    quantity_text,
)
from villages.models import Association


class InvoicingProfile(models.Model):
    """An association's invoicing details and its invoice-number counter (one row each).

    `next_number` is taken under `select_for_update`, so two invoicing runs at once
    never give the same number.
    """

    association = models.OneToOneField(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="invoicing_profile",
    )
    next_number = models.PositiveIntegerField(_("next invoice number"), default=1)
    payment_term_days = models.PositiveSmallIntegerField(
        _("payment term (days)"), default=14, validators=[MaxValueValidator(120)]
    )
    iban = models.CharField(_("bank account (IBAN)"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    vat_note = models.CharField(
        _("VAT note"),
        max_length=200,
        blank=True,
        help_text=_("E.g. that the association is not liable for VAT."),
    )

    class Meta:
        verbose_name = _("invoicing profile")
        verbose_name_plural = _("invoicing profiles")

    def __str__(self) -> str:
        return str(self.association)


class InvoiceQuerySet(AssociationScopedQuerySet):
    def for_month(self, year: int, month: int):
        return self.filter(period_start__year=year, period_start__month=month)


class Invoice(models.Model):
    """A customer's invoice for one month's completed orders. Its lines never change."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="invoices"
    )
    number = models.PositiveIntegerField(_("invoice number"))
    reference = models.CharField(_("reference number"), max_length=20)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    issued_on = models.DateField(_("invoice date"))
    due_on = models.DateField(_("due date"))
    total = models.DecimalField(_("total (€)"), max_digits=10, decimal_places=2)
    labour_share = models.DecimalField(
        _("labour share eligible for the household tax credit (€)"),
        max_digits=10,
        decimal_places=2,
    )
    customer_name = models.CharField(_("customer"), max_length=150)
    customer_address = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["association", "number"]
        constraints = [
            models.UniqueConstraint(fields=["association", "number"], name="invoice_number_unique"),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("issued_on")), name="invoice_due_after_issue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.customer_name}"

    @property
    def reference_grouped(self) -> str:
        """The reference in groups of five from the right, as printed on Finnish invoices."""
        digits = self.reference
        groups: list[str] = []
        while digits:
            groups.insert(0, digits[-5:])
            digits = digits[:-5]
        return " ".join(groups)


class InvoiceLine(models.Model):
    """One order on an invoice, with the price as it was when invoiced."""

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.CASCADE, related_name="lines"
    )
    order = models.ForeignKey(
        ServiceOrder,
        verbose_name=_("service order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoice_lines",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    description = models.CharField(_("description"), max_length=200)
    performed_on = models.DateField(_("date"), null=True, blank=True)
    units = models.DecimalField(_("units"), max_digits=8, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    unit_price = models.DecimalField(_("unit price (€)"), max_digits=8, decimal_places=2)
    travel = models.DecimalField(_("travel (€)"), max_digits=8, decimal_places=2)
    amount = models.DecimalField(_("amount (€)"), max_digits=10, decimal_places=2)
    tax_credit_eligible = models.BooleanField(_("household tax credit"), default=False)

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "position"]

    def __str__(self) -> str:
        return self.description

    @property
    def quantity(self) -> str:
        return quantity_text(self.units, self.unit)
