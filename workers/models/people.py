import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ryhma.access import ScopedQuerySet
from ryhma.models import Role, VersionedModel
from villages.models import Association, Municipality


class WorkerQuerySet(ScopedQuerySet):
    """Coordinators: their municipality. Village staff: workers with a contract at one
    of their associations. Workers: themselves. Officials: none (aggregates only)."""

    municipality_path = "municipality"
    municipality_roles = (Role.COORDINATOR,)
    user_path = "user"

    def for_role(self, user):
        if user.role == Role.VILLAGE_STAFF:
            staff_employment = Employment.objects.filter(
                worker=OuterRef("pk"), association__staff_memberships__user=user
            )
            return self.filter(Exists(staff_employment))
        return super().for_role(user)


class Worker(VersionedModel):
    """A person employed in the programme, with as little personal data as the work needs.

    There is no personal identity code (henkilötunnus) here on purpose: payroll is done
    by the association's payroll service, which holds it.
    """

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="workers",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    months_unemployed_last_28 = models.PositiveSmallIntegerField(
        _("months unemployed in the last 28 months"), default=0
    )
    months_unemployed_last_14 = models.PositiveSmallIntegerField(
        _("months unemployed in the last 14 months"), default=0
    )
    benefit_days = models.PositiveIntegerField(
        _("cumulative unemployment benefit days"),
        default=0,
        help_text=_("Decides the municipal share of the benefit."),
    )
    reduced_work_ability = models.BooleanField(_("reduced work ability"), default=False)
    languages = models.CharField(_("languages"), max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="worker_profile",
        help_text=_("For the optional self-service: the worker sees their own data."),
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = WorkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(months_unemployed_last_28__lte=28),
                name="worker_months_28_at_most_28",
            ),
            models.CheckConstraint(
                condition=Q(months_unemployed_last_14__lte=14),
                name="worker_months_14_at_most_14",
            ),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="worker_birth_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age_in(self, year: int) -> int | None:
        return None if self.birth_year is None else year - self.birth_year


class EmploymentQuerySet(ScopedQuerySet):
    municipality_path = "association__village__municipality"
    municipality_roles = (Role.COORDINATOR,)
    association_path = "association"

    def active_on(self, day: datetime.date):
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def overlapping(self, starts_on: datetime.date, ends_on: datetime.date | None):
        """Contracts whose period shares at least one day with [starts_on, ends_on]."""
        queryset = self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
        if ends_on is not None:
            queryset = queryset.filter(starts_on__lte=ends_on)
        return queryset


class Employment(VersionedModel):
    """An employment contract between a worker and an association."""

    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="employments"
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="employments",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=2)
    hourly_wage = models.DecimalField(_("hourly wage (€)"), max_digits=6, decimal_places=2)
    collective_agreement = models.CharField(_("collective agreement"), max_length=150, blank=True)
    agreement_class = models.CharField(_("pay class"), max_length=50, blank=True)
    tasks = models.TextField(_("tasks"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EmploymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("employment contract")
        verbose_name_plural = _("employment contracts")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="employment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=40),
                name="employment_hours_per_week_0_40",
            ),
            models.CheckConstraint(
                condition=Q(hourly_wage__gte=0), name="employment_wage_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["association", "starts_on"])]

    def __str__(self) -> str:
        starts = date_format(self.starts_on, "SHORT_DATE_FORMAT")
        return f"{self.worker} – {self.association} ({starts})"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    @property
    def started_before_first_decision(self) -> bool:
        """No pay subsidy at all: the contract started before its first decision's date
        (the money engine's rule; reads the prefetched decisions)."""
        from workers.money import started_before_decision

        return started_before_decision(self, list(self.subsidy_decisions.all()))


class SubsidyType(models.TextChoices):
    """The pay-subsidy types of domain brief §5; their rates and caps are parameters."""

    ASSOCIATION_100 = "association_100", _("Association, non-business tasks (100 %)")
    DISADVANTAGED_50 = "disadvantaged_50", _("Disadvantaged job seeker (50 %)")
    REDUCED_WORK_ABILITY_70 = "reduced_ability_70", _("Reduced work ability (70 %)")
    AGE_55_PLUS_70 = "age_55_plus_70", _("55+ employment subsidy (70 %)")


class SubsidyPayer(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality (employment area)")
    STATE = "state", _("State")
    OTHER = "other", _("Other")


class SubsidyDecisionQuerySet(ScopedQuerySet):
    scope_through = "employment"


class SubsidyDecision(VersionedModel):
    """A pay-subsidy decision for one employment contract."""

    employment = models.ForeignKey(
        Employment,
        verbose_name=_("employment contract"),
        on_delete=models.PROTECT,
        related_name="subsidy_decisions",
    )
    subsidy_type = models.CharField(_("subsidy type"), max_length=20, choices=SubsidyType.choices)
    rate_percent = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    monthly_cap = models.DecimalField(
        _("monthly cap (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    months = models.PositiveSmallIntegerField(_("months"))
    starts_on = models.DateField(_("subsidy starts on"))
    ends_on = models.DateField(_("subsidy ends on"))
    payer = models.CharField(
        _("payer"), max_length=20, choices=SubsidyPayer.choices, default=SubsidyPayer.MUNICIPALITY
    )
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decided_on = models.DateField(_("decision date"))

    objects = SubsidyDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subsidy decision")
        verbose_name_plural = _("subsidy decisions")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rate_percent__gt=0, rate_percent__lte=100),
                name="subsidy_rate_is_percentage",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="subsidy_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(months__gte=1, months__lte=24), name="subsidy_months_1_24"
            ),
        ]

    def __str__(self) -> str:
        starts = date_format(self.starts_on, "SHORT_DATE_FORMAT")
        ends = date_format(self.ends_on, "SHORT_DATE_FORMAT")
        return f"{self.get_subsidy_type_display()} {starts}–{ends}"

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class WorkerOwnedQuerySet(ScopedQuerySet):
    """Rows about one worker: visible to whoever may see the worker."""

    scope_through = "worker"


class ConsentPurpose(models.TextChoices):
    DATA_PROCESSING = "data_processing", _("Processing of personal data in the programme")
    EVALUATION = "evaluation", _("Taking part in evaluation and assessments")
    PHOTOS = "photos", _("Photos and stories in communications")
    CONTACT_AFTER_EXIT = "contact_after_exit", _("Contact for follow-up after exit")
    SHARING_WITH_PARTNERS = "sharing", _("Sharing information with employment services")
    OTHER = "other", _("Other")


class Consent(models.Model):
    """A consent the worker gave: what, when, recorded by whom; withdrawable."""

    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = WorkerOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            )
        ]

    def __str__(self) -> str:
        return str(self.get_purpose_display())

    @property
    def is_in_force(self) -> bool:
        return self.withdrawn_on is None
