from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ryhma.access import ScopedQuerySet
from ryhma.models import Role, VersionedModel
from villages.validators import validate_business_id


class MunicipalityQuerySet(ScopedQuerySet):
    """Every member sees their own municipality, whatever their role."""

    municipality_path = ""
    municipality_roles = tuple(Role)


class Municipality(models.Model):
    """The tenant: a city or municipality and its employment area."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name"), unique=True)
    employment_area = models.CharField(_("employment area"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    coordinators_need_two_factor = models.BooleanField(
        _("coordinators must use two-factor login"),
        default=False,
        help_text=_("Coordinators confirm each login with a code from an authenticator app."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgrammeQuerySet(ScopedQuerySet):
    municipality_path = "municipality"
    association_path = "municipality__villages__associations"


class Programme(VersionedModel):
    """A municipality's group-employment programme, run through the ten phases."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(
        _("short name"),
        unique=True,
        help_text=_(
            "Used in the page addresses: lower-case letters, digits and hyphens, e.g. kylatyo-2026."
        ),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_programmes",
    )
    target_participants = models.PositiveIntegerField(
        _("target: participants"), null=True, blank=True
    )
    target_employed = models.PositiveIntegerField(
        _("target: people employed"), null=True, blank=True
    )
    target_villages = models.PositiveIntegerField(
        _("target: villages reached"), null=True, blank=True
    )
    group_activity_plan = models.TextField(_("group activities and peer support plan"), blank=True)
    development_plan = models.TextField(_("continuous development plan"), blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = _(
                "The programme must end after it starts. Change the end date or leave it empty."
            )
        if (
            self.target_employed is not None
            and self.target_participants is not None
            and self.target_employed > self.target_participants
        ):
            errors["target_employed"] = _(
                "The target for people employed cannot exceed the target for participants."
            )
        if errors:
            raise ValidationError(errors)


class VillageQuerySet(ScopedQuerySet):
    municipality_path = "municipality"
    association_path = "associations"


class Village(VersionedModel):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="villages",
    )
    name = models.CharField(_("name"), max_length=100)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    share_aged_65_plus = models.DecimalField(
        _("share aged 65+ (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    distance_to_centre_km = models.DecimalField(
        _("distance to the centre (km)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    objects = VillageQuerySet.as_manager()

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="village_unique_name"),
            models.CheckConstraint(
                condition=Q(share_aged_65_plus__isnull=True)
                | Q(share_aged_65_plus__gte=0, share_aged_65_plus__lte=100),
                name="village_share_65_is_percentage",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PayrollArrangement(models.TextChoices):
    OWN = "own", _("Own payroll")
    SERVICE = "service", _("Payroll service")
    NONE = "", _("Not arranged")


class ImplementationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PILOT = "pilot", _("Pilot")
    LIVE = "live", _("In use")
    PAUSED = "paused", _("Paused")


# What an association needs before it can employ (each field set or true), and the texts
# of its analysis as a service provider (phase 3), with their labels for people.
READINESS_FIELDS = (
    ("business_id", _("business ID")),
    ("payroll_arrangement", _("payroll arrangement")),
    ("accident_insurance", _("accident insurance")),
    ("occupational_health_contract", _("occupational health care contract")),
    ("work_supervisor", _("work supervisor")),
    ("tools_and_premises", _("tools and premises")),
    ("bookkeeping", _("bookkeeping")),
)
ANALYSIS_FIELDS = (
    ("operating_environment", _("operating environment")),
    ("goals", _("goals")),
    ("target_groups", _("target groups and customers")),
)


def translated(fields) -> dict[str, str]:
    """{field: its label in the active language} of READINESS_FIELDS or ANALYSIS_FIELDS."""
    return {name: str(label) for name, label in fields}


class AssociationQuerySet(ScopedQuerySet):
    municipality_path = "village__municipality"
    association_path = ""


class Association(VersionedModel):
    """A village association (kyläyhdistys) that employs workers and sells services."""

    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="associations",
    )
    name = models.CharField(_("name"), max_length=150)
    business_id = models.CharField(
        _("business ID"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
        help_text=_("Y-tunnus, e.g. 1234567-1."),
    )
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    payroll_arrangement = models.CharField(
        _("payroll arrangement"),
        max_length=10,
        choices=PayrollArrangement.choices,
        blank=True,
    )
    accident_insurance = models.BooleanField(_("accident insurance in force"), default=False)
    occupational_health_contract = models.BooleanField(
        _("occupational health care contract"), default=False
    )
    work_supervisor = models.CharField(_("work supervisor"), max_length=150, blank=True)
    tools_and_premises = models.BooleanField(_("tools and premises in order"), default=False)
    bookkeeping = models.BooleanField(_("bookkeeping arranged"), default=False)
    has_business_activity = models.BooleanField(
        _("runs business activity"),
        default=False,
        help_text=_(
            "Business activity (elinkeinotoiminta) rules out the 100 % association subsidy."
        ),
    )
    yearly_sales = models.DecimalField(
        _("yearly sales (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    bridging_loan_balance = models.DecimalField(
        _("bridging loan balance (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Phase 2: resources.
    capacity = models.TextField(
        _("capacity"), blank=True, help_text=_("Active members, board, premises and equipment.")
    )
    volunteer_count = models.PositiveIntegerField(_("volunteers"), null=True, blank=True)
    # Phase 3: analysis of the association as a service provider.
    operating_environment = models.TextField(_("operating environment"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    target_groups = models.TextField(_("target groups and customers"), blank=True)
    # Phase 4: the number of tasks/jobs the association can offer.
    jobs_available = models.PositiveIntegerField(
        _("jobs the association can offer"), null=True, blank=True
    )
    # Phase 8: implementation.
    go_live_on = models.DateField(_("go-live date"), null=True, blank=True)
    implementation_status = models.CharField(
        _("implementation status"),
        max_length=12,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.PLANNED,
    )

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["village", "name"], name="association_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def analysis_missing(self, labels: dict | None = None) -> list[str]:
        """Phase 3 texts still empty, as labels for people (`labels`: the labels of
        ANALYSIS_FIELDS already translated, for a caller that asks many associations)."""
        return [
            labels[name] if labels else str(label)
            for name, label in ANALYSIS_FIELDS
            if not getattr(self, name).strip()
        ]

    def readiness_missing(self, labels: dict | None = None) -> list[str]:
        """What the association still lacks to start as an employer, as labels for people
        (`labels`: those of READINESS_FIELDS already translated)."""
        return [
            labels[name] if labels else str(label)
            for name, label in READINESS_FIELDS
            if not getattr(self, name)
        ]

    @property
    def is_ready_as_employer(self) -> bool:
        return not self.readiness_missing()


class Membership(models.Model):
    """A user's scope: the municipality they work for and, for village staff, their associations."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    associations = models.ManyToManyField(
        Association,
        verbose_name=_("associations"),
        blank=True,
        related_name="staff_memberships",
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality}"
