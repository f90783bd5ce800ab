"""The structured data of phases 1–6, 8 and 10 (7 and 9 live in evaluation)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ryhma.models import VersionedModel
from villages.models.phases import AssociationScopedQuerySet, ProgrammeScopedQuerySet
from villages.phases import PHASES

PHASE_CHOICES = [(n, format_lazy("{}. {}", n, name)) for n, name in PHASES.items()]


class ProgrammeData(VersionedModel):
    """A row of a programme's phase data: the coordinators and officials of its
    municipality see it. Each subclass names the programme's list of its rows with
    `Meta.default_related_name`."""

    programme = models.ForeignKey(
        "villages.Programme", verbose_name=_("programme"), on_delete=models.CASCADE
    )

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class AssociationData(VersionedModel):
    """Like ProgrammeData, for a row of one association's phase data: its staff see it too."""

    association = models.ForeignKey(
        "villages.Association", verbose_name=_("association"), on_delete=models.CASCADE
    )

    objects = AssociationScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class ServiceKind(models.TextChoices):
    SNOW = "snow", _("Snow work")
    YARD = "yard", _("Yard and garden work")
    FIREWOOD = "firewood", _("Firewood")
    CLEANING = "cleaning", _("Cleaning")
    ERRANDS = "errands", _("Errands")
    HOME_HELP = "home_help", _("Home help")
    HOLIDAY_HOME = "holiday_home", _("Holiday-home caretaking")
    VILLAGE_HALL = "village_hall", _("Village-hall upkeep")
    OTHER = "other", _("Other")


class UnemploymentFigure(ProgrammeData):
    """Phase 1: unemployed job seekers in a village (or a named area) in a year."""

    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unemployment_figures",
    )
    area = models.CharField(
        _("area"), max_length=100, blank=True, help_text=_("When the figure is not for a village.")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    job_seekers = models.PositiveIntegerField(_("unemployed job seekers"))
    long_term_unemployed = models.PositiveIntegerField(
        _("of whom long-term unemployed"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("unemployment figure")
        verbose_name_plural = _("unemployment figures")
        default_related_name = "unemployment_figures"
        ordering = ["-year", "village__name", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "village", "year"], name="unemployment_unique_village_year"
            ),
            models.CheckConstraint(
                condition=~Q(village__isnull=True, area=""), name="unemployment_village_or_area"
            ),
            models.CheckConstraint(
                condition=Q(long_term_unemployed__isnull=True)
                | Q(long_term_unemployed__lte=models.F("job_seekers")),
                name="unemployment_long_term_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village or self.area} {self.year}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.village_id is None and not self.area.strip():
            raise ValidationError({"village": _("Choose a village or write the name of the area.")})
        if (
            self.long_term_unemployed is not None
            and self.job_seekers is not None
            and self.long_term_unemployed > self.job_seekers
        ):
            raise ValidationError(
                {
                    "long_term_unemployed": _(
                        "The long-term unemployed cannot outnumber all job seekers."
                    )
                }
            )


class ServiceNeed(ProgrammeData):
    """Phase 1: households in a village wanting a service, from a survey."""

    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="service_needs",
    )
    service_kind = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices)
    year = models.PositiveSmallIntegerField(
        _("survey year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    households = models.PositiveIntegerField(_("households wanting the service"))

    class Meta:
        verbose_name = _("service need")
        verbose_name_plural = _("service needs")
        default_related_name = "service_needs"
        ordering = ["-year", "village__name", "service_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "village", "service_kind", "year"],
                name="service_need_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.village} {self.get_service_kind_display()} {self.year}"


class FundingKind(models.TextChoices):
    PAY_SUBSIDY = "pay_subsidy", _("Pay subsidy")
    MUNICIPAL_TOP_UP = "top_up", _("Municipal top-up")
    PROJECT = "project", _("Project funding (ESF, Leader …)")
    OWN_REVENUE = "own_revenue", _("Own revenue")
    BRIDGING_LOAN = "bridging_loan", _("Bridging loan")


class FundingSource(ProgrammeData):
    """Phase 2: money available for the programme in a year."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("type"), max_length=20, choices=FundingKind.choices)
    name = models.CharField(
        _("name"), max_length=150, blank=True, help_text=_("E.g. the project or the funder.")
    )
    amount = models.DecimalField(
        _("amount (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        default_related_name = "funding_sources"
        ordering = ["-year", "kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class Respondent(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    WORKER = "worker", _("Future worker")


class AnswerTopic(models.TextChoices):
    WISH = "wish", _("Wish")
    NEED = "need", _("Need")
    GOAL = "goal", _("Goal")


class MappingAnswer(AssociationData):
    """Phase 4: one structured answer from a customer or a future worker of an association."""

    respondent = models.CharField(_("respondent"), max_length=10, choices=Respondent.choices)
    topic = models.CharField(_("topic"), max_length=10, choices=AnswerTopic.choices)
    service_kind = models.CharField(
        _("service"), max_length=20, choices=ServiceKind.choices, blank=True
    )
    importance = models.PositiveSmallIntegerField(
        _("importance (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("mapping answer")
        verbose_name_plural = _("mapping answers")
        default_related_name = "mapping_answers"
        ordering = ["association", "respondent", "topic", "id"]

    def __str__(self) -> str:
        return f"{self.get_respondent_display()}: {self.get_topic_display()}"


class ServiceOffering(AssociationData):
    """Phase 5: a service an association offers and the channels customers order it by."""

    service_kind = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices)
    by_phone = models.BooleanField(_("phone"), default=False)
    at_village_hall = models.BooleanField(_("village hall"), default=False)
    by_web_form = models.BooleanField(_("web form"), default=False)
    on_notice_board = models.BooleanField(_("notice board"), default=False)

    class Meta:
        verbose_name = _("service offering")
        verbose_name_plural = _("service offerings")
        default_related_name = "service_offerings"
        ordering = ["association", "service_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "service_kind"], name="offering_unique_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.association}: {self.get_service_kind_display()}"

    @property
    def has_channel(self) -> bool:
        return self.by_phone or self.at_village_hall or self.by_web_form or self.on_notice_board


class PartnerKind(models.TextChoices):
    PAYROLL = "payroll", _("Payroll service")
    EMPLOYMENT_SERVICES = "employment", _("Employment services")
    INSTRUCTOR = "instructor", _("Work-activity instructor")
    OCCUPATIONAL_HEALTH = "occupational_health", _("Occupational health care")
    NEIGHBOURING_VILLAGE = "village", _("Neighbouring village")
    CLUB = "club", _("Association or club")
    COMPANY = "company", _("Company")
    VOLUNTEER = "volunteer", _("Volunteer")


# Partners a programme cannot run without (phase 5 completion).
ESSENTIAL_PARTNERS = (
    PartnerKind.PAYROLL,
    PartnerKind.EMPLOYMENT_SERVICES,
    PartnerKind.OCCUPATIONAL_HEALTH,
)


class Partner(ProgrammeData):
    """Phase 5: a partner of the programme with its role in the process."""

    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    name = models.CharField(_("name"), max_length=150)
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    agreement_starts_on = models.DateField(_("agreement starts"), null=True, blank=True)
    agreement_ends_on = models.DateField(_("agreement ends"), null=True, blank=True)
    role = models.TextField(_("role in the process"), blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        default_related_name = "partners"
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement_ends_on__isnull=True)
                | Q(agreement_starts_on__isnull=True)
                | Q(agreement_ends_on__gte=models.F("agreement_starts_on")),
                name="partner_agreement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if (
            self.agreement_starts_on
            and self.agreement_ends_on
            and self.agreement_ends_on < self.agreement_starts_on
        ):
            raise ValidationError(
                {"agreement_ends_on": _("The agreement cannot end before it starts.")}
            )


class Competence(ProgrammeData):
    """Phase 5: a competence the programme needs, how many have it and how many are needed."""

    name = models.CharField(_("competence"), max_length=150)
    needed = models.PositiveSmallIntegerField(_("people needed"), default=1)
    available = models.PositiveSmallIntegerField(_("people available"), default=0)
    note = models.CharField(_("how to fill the gap"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        default_related_name = "competences"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="competence_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def gap(self) -> int:
        return max(self.needed - self.available, 0)


class ProcessRole(ProgrammeData):
    """Phase 6: a role in the service process (a column of the RACI table)."""

    name = models.CharField(_("role"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("process role")
        verbose_name_plural = _("process roles")
        default_related_name = "process_roles"
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="process_role_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ProcessStep(ProgrammeData):
    """Phase 6: a step of the service process (a row of the RACI table)."""

    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("step"), max_length=150)
    tasks = models.TextField(_("tasks"), blank=True)

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        default_related_name = "process_steps"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Raci(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class RaciQuerySet(ProgrammeScopedQuerySet):
    municipality_path = "step__programme__municipality"


class RaciAssignment(VersionedModel):
    """Phase 6: one cell of the RACI table. Versioned per cell, so that two people
    editing different cells of the table at once both keep their change."""

    step = models.ForeignKey(ProcessStep, on_delete=models.CASCADE, related_name="assignments")
    role = models.ForeignKey(ProcessRole, on_delete=models.CASCADE, related_name="assignments")
    letter = models.CharField(_("responsibility"), max_length=1, choices=Raci.choices)

    objects = RaciQuerySet.as_manager()

    class Meta:
        verbose_name = _("RACI assignment")
        verbose_name_plural = _("RACI assignments")
        constraints = [
            models.UniqueConstraint(fields=["step", "role"], name="raci_one_letter_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.step} / {self.role}: {self.letter}"


class FeedbackSource(models.TextChoices):
    WORKER = "worker", _("Worker")
    CUSTOMER = "customer", _("Customer")
    ASSOCIATION = "association", _("Association")
    PARTNER = "partner", _("Partner")
    CITY = "city", _("City")


class Feedback(ProgrammeData):
    """Phase 10: an observation from one of the parties, possibly about a phase."""

    source = models.CharField(_("source"), max_length=12, choices=FeedbackSource.choices)
    received_on = models.DateField(_("received"))
    phase = models.PositiveSmallIntegerField(
        _("phase"), null=True, blank=True, choices=PHASE_CHOICES
    )
    text = models.TextField(_("feedback"))

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        default_related_name = "feedback"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class DevelopmentAction(ProgrammeData):
    """Phase 10: something the programme will change, with an owner and a due date."""

    title = models.CharField(_("action"), max_length=200)
    phase = models.PositiveSmallIntegerField(
        _("phase"), null=True, blank=True, choices=PHASE_CHOICES
    )
    feedback = models.ForeignKey(
        Feedback,
        verbose_name=_("based on feedback"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )

    class Meta:
        verbose_name = _("development action")
        verbose_name_plural = _("development actions")
        default_related_name = "development_actions"
        ordering = ["status", "due_on", "id"]

    def __str__(self) -> str:
        return self.title
