"""Forms of the service-order pages and the public request form."""

import datetime
import time
from decimal import Decimal
from typing import cast

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ryhma.forms import DecimalCommaMixin, PlausibleMixin
from services.models import (
    Customer,
    OrderSource,
    Recurrence,
    Service,
    ServiceOrder,
)
from services.orders.models import CUSTOMER_FIELDS, SERVICE_FIELDS
from villages.models import Association, Village
from workers.models import Worker

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Decimal comma: a text field with the number keyboard on phones.
DECIMAL_WIDGET = forms.TextInput(attrs={"inputmode": "decimal"})
RATING_CHOICES = [("", _("No rating"))] + [(str(i), str(i)) for i in range(1, 6)]


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=1, **kwargs)


class ServiceForm(PlausibleMixin, DecimalCommaMixin, forms.ModelForm):
    version = VersionField(required=False)
    # Sanity bounds for typing mistakes, confirmed when right.
    plausible = {
        "price": (Decimal("1"), Decimal("200"), _("a price (€ per unit)")),
        "travel_charge": (Decimal("0"), Decimal("100"), _("a travel charge (€)")),
    }

    class Meta:
        model = Service
        fields = SERVICE_FIELDS
        localized_fields = ["price", "travel_charge"]

    def __init__(self, *args, association: Association, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.association = association
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if data.get("kind") == "other" and not data.get("name"):
            self.add_error("name", _("Give the association's own service type a name."))
        return data


class CustomerForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Customer
        fields = CUSTOMER_FIELDS

    def __init__(self, *args, association: Association, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.association = association
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = Village.objects.filter(
            municipality_id=association.village.municipality_id
        )
        if not self.instance.pk:
            self.fields["village"].initial = association.village_id
        else:
            self.fields["version"].initial = self.instance.version


class OrderCreateForm(forms.Form):
    association = forms.ModelChoiceField(
        queryset=Association.objects.none(), label=_("Association")
    )
    customer = forms.ModelChoiceField(queryset=Customer.objects.none(), label=_("Customer"))
    service = forms.ModelChoiceField(queryset=Service.objects.none(), label=_("Service"))
    source = forms.ChoiceField(
        label=_("Request came by"),
        choices=[
            (OrderSource.PHONE, OrderSource.PHONE.label),
            (OrderSource.WALK_IN, OrderSource.WALK_IN.label),
        ],
    )
    description = forms.CharField(
        label=_("What is wanted"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    preferred_date = forms.DateField(label=_("Preferred date"), required=False, widget=DATE_WIDGET)
    scheduled_on = forms.DateField(
        label=_("Scheduled for"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("For a recurring order, the first date."),
    )
    recurrence = forms.ChoiceField(label=_("Repeats"), choices=Recurrence.choices, required=False)
    recurrence_until = forms.DateField(label=_("Repeats until"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        associations = Association.objects.for_user(user)
        self.fields["association"].queryset = associations
        self.fields["customer"].queryset = Customer.objects.for_user(user).select_related(
            "association"
        )
        self.fields["service"].queryset = (
            Service.objects.for_user(user).active().select_related("association")
        )
        if len(associations[:2]) == 1:
            self.fields["association"].initial = associations.first()
            self.fields["association"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        association = data.get("association")
        if association:
            if data.get("customer") and data["customer"].association_id != association.pk:
                self.add_error("customer", _("Choose a customer of this association."))
            if data.get("service") and data["service"].association_id != association.pk:
                self.add_error("service", _("Choose a service from this association's catalogue."))
        if data.get("recurrence") and not data.get("scheduled_on"):
            self.add_error("scheduled_on", _("A recurring order needs its first date."))
        return data


class VersionedForm(DecimalCommaMixin, forms.Form):
    version = VersionField()


class ScheduleForm(VersionedForm):
    scheduled_on = forms.DateField(label=_("Scheduled for"), widget=DATE_WIDGET)


class AssignForm(VersionedForm):
    workers = forms.ModelMultipleChoiceField(
        label=_("Workers"),
        queryset=Worker.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, order: ServiceOrder, **kwargs):
        super().__init__(*args, **kwargs)
        day = order.scheduled_on or timezone.localdate()
        workers_field = cast(forms.ModelMultipleChoiceField, self.fields["workers"])
        workers_field.queryset = (
            Worker.objects.filter(
                employments__association_id=order.association_id,
                employments__starts_on__lte=day,
            )
            .exclude(employments__ends_on__lt=day)
            .distinct()
            .order_by("last_name", "first_name")
        )
        if not workers_field.queryset.exists():
            self.fields["workers"].help_text = _(
                "No worker has a contract with the association on the scheduled day."
            )


class FeedbackFields(forms.Form):
    feedback_rating = forms.TypedChoiceField(
        label=_("Customer satisfaction (1–5)"),
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    feedback_comment = forms.CharField(
        label=_("Customer feedback"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    complaint = forms.CharField(
        label=_("Complaint"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=_("Record a complaint here; it is counted in the reports."),
    )


class CompleteForm(PlausibleMixin, VersionedForm, FeedbackFields):
    plausible = {
        "hours": (Decimal("0.25"), Decimal("60"), _("the hours of one order")),
        "materials_cost": (Decimal("0"), Decimal("2000"), _("a materials cost (€)")),
    }

    completed_on = forms.DateField(label=_("Done on"), widget=DATE_WIDGET)
    hours = forms.DecimalField(
        label=_("Hours worked"),
        min_value=Decimal("0"),
        max_value=Decimal("999"),
        decimal_places=2,
        required=False,
        localize=True,
        widget=DECIMAL_WIDGET,
    )
    units = forms.DecimalField(
        label=_("Units to invoice"),
        min_value=Decimal("0"),
        max_value=Decimal("9999"),
        decimal_places=2,
        required=False,
        help_text=_("Empty: the hours worked for hourly services, otherwise 1."),
        localize=True,
        widget=DECIMAL_WIDGET,
    )
    materials = forms.CharField(label=_("Materials"), max_length=300, required=False)
    materials_cost = forms.DecimalField(
        label=_("Materials cost (€)"),
        min_value=Decimal("0"),
        max_value=Decimal("99999"),
        decimal_places=2,
        required=False,
        localize=True,
        widget=DECIMAL_WIDGET,
    )
    field_order = ["completed_on", "hours", "units", "materials", "materials_cost"]

    def clean(self):
        data = super().clean()
        if data.get("completed_on") and data["completed_on"] > timezone.localdate():
            self.add_error("completed_on", _("The date cannot be in the future."))
        return data


class FeedbackForm(VersionedForm, FeedbackFields):
    pass


class CancelForm(VersionedForm):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)


class PublicRequestForm(forms.Form):
    """A villager's request. Length limits, a honeypot and a signed start time keep it clean."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=30)
    email = forms.EmailField(label=_("Email (optional)"), required=False, max_length=254)
    address = forms.CharField(label=_("Address where the work is done"), max_length=200)
    village = forms.ModelChoiceField(queryset=Village.objects.none(), label=_("Village"))
    service = forms.ModelChoiceField(queryset=Service.objects.none(), label=_("Service"))
    description = forms.CharField(
        label=_("What do you need?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
    )
    preferred_date = forms.DateField(
        label=_("Preferred date (optional)"), required=False, widget=DATE_WIDGET
    )
    aged_65_plus = forms.BooleanField(
        label=_("I am 65 or older (optional, for the association's statistics)"), required=False
    )
    holiday_home = forms.BooleanField(label=_("The work is at a holiday home"), required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that the association contacts me about this request and keeps my "
            "contact details for handling it."
        ),
        error_messages={"required": _("Tick the consent box so that we can contact you.")},
    )
    # A field people do not see; bots fill it in.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)
    started = forms.CharField(widget=forms.HiddenInput)

    SALT = "services.public-request"

    def __init__(self, *args, association: Association, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = Village.objects.filter(
            municipality_id=association.village.municipality_id
        )
        self.fields["village"].initial = association.village_id
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = Service.objects.filter(
            association=association, is_active=True, is_own_work=False
        )
        self.fields["started"].initial = signing.dumps(
            {"a": association.pk, "t": time.time()}, salt=self.SALT
        )
        self.fields["website"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1", "class": "form-control"}
        )

    def clean_preferred_date(self):
        day = self.cleaned_data.get("preferred_date")
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later date."))
        if day and day > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Choose a date within the next year."))
        return day

    def started_age(self) -> float | None:
        """Seconds since the form was shown; None if the start stamp is missing, forged,
        expired or for another association."""
        try:
            stamp = signing.loads(
                self.data.get("started", ""), salt=self.SALT, max_age=datetime.timedelta(hours=2)
            )
        except signing.BadSignature:
            return None
        if not isinstance(stamp, dict) or stamp.get("a") != self.association.pk:
            return None
        return time.time() - float(stamp.get("t", 0))
