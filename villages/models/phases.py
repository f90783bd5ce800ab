from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ryhma.access import ScopedQuerySet
from ryhma.models import VersionedModel
from villages.phases import ASSOCIATION_PHASES


class PhaseStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    REVISIT = "revisit", _("To revisit")


class ProgrammeScopedQuerySet(ScopedQuerySet):
    """Rows of a programme: coordinators and officials of its municipality see them."""

    municipality_path = "programme__municipality"


class ChecklistQuerySet(ProgrammeScopedQuerySet):
    municipality_path = "phase__programme__municipality"


class AssociationScopedQuerySet(ScopedQuerySet):
    """Rows of an association: its municipality's coordinators and officials, its own staff."""

    municipality_path = "association__village__municipality"
    association_path = "association"


class ProgrammePhase(VersionedModel):
    """One of the ten phases of one programme: who owns it, by when, and its status."""

    programme = models.ForeignKey(
        "villages.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="phases",
    )
    number = models.PositiveSmallIntegerField(
        _("phase"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PhaseStatus.choices, default=PhaseStatus.NOT_STARTED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_phases",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme phase")
        verbose_name_plural = _("programme phases")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="phase_unique_number"),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=10), name="phase_number_1_to_10"
            ),
        ]

    def __str__(self) -> str:
        from villages.phases import phase_name

        return f"{self.number}. {phase_name(self.number)}"


class ChecklistItem(VersionedModel):
    """One line of a phase's checklist. One row per item, so that two people ticking
    different items at the same time both keep their change."""

    phase = models.ForeignKey(
        ProgrammePhase,
        verbose_name=_("phase"),
        on_delete=models.CASCADE,
        related_name="checklist",
    )
    text = models.CharField(_("item"), max_length=200)
    default_key = models.CharField(
        _("default item"),
        max_length=20,
        blank=True,
        editable=False,
        help_text=_("The shipped default this item still is; empty once its text is edited."),
    )
    done = models.BooleanField(_("done"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["phase", "position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """A shipped default in the reader's language; a text someone typed as typed."""
        from villages.phases import DEFAULT_CHECKLIST_ITEMS

        default = DEFAULT_CHECKLIST_ITEMS.get(self.default_key)
        return str(default) if default is not None else self.text


class AssociationPhase(VersionedModel):
    """The status of one of phases 3–8 at one association, set by hand.

    Completion is derived from data (villages.completion); this is the human status.
    """

    association = models.ForeignKey(
        "villages.Association",
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="phase_statuses",
    )
    number = models.PositiveSmallIntegerField(
        _("phase"), choices=[(n, str(n)) for n in ASSOCIATION_PHASES]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PhaseStatus.choices, default=PhaseStatus.NOT_STARTED
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = AssociationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("association phase")
        verbose_name_plural = _("association phases")
        ordering = ["association", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "number"], name="association_phase_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=3, number__lte=8), name="association_phase_3_to_8"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association} – {self.number}"
