"""Self-assessment instruments, assessments of workers and their answers (domain brief §6).

An instrument is generic (items, a scale with end labels, a direction and a scoring rule)
so that coordinators can enter the instrument their city licenses. The defaults we ship
are our own simple instruments (evaluation/demo.py); licensed ones (THL
osallisuusindikaattori, Kykyviisari, 3X10D) are never copied here.
"""

import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ryhma.access import ScopedQuerySet
from ryhma.models import Role, VersionedModel
from villages.models import Municipality
from workers.models import Worker


class Scoring(models.TextChoices):
    SUM = "sum", _("Sum of the items")
    MEAN = "mean", _("Mean of the items")
    PERCENT = "percent", _("0–100 (mean rescaled)")


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("A higher score is better")
    LOWER_IS_BETTER = "lower", _("A lower score is better")


class Respondent(models.TextChoices):
    WORKER = "worker", _("Worker (self-assessment)")
    CUSTOMER = "customer", _("Customer")


class MunicipalQuerySet(ScopedQuerySet):
    """Rows of a municipality, visible to its members with one of `municipality_roles`."""

    municipality_path = "municipality"


class InstrumentQuerySet(MunicipalQuerySet):
    """Coordinators and officials of the municipality; village staff read them too."""

    municipality_roles = (Role.COORDINATOR, Role.OFFICIAL, Role.VILLAGE_STAFF)

    def active(self):
        return self.filter(is_active=True)


# Instrument.text()'s field names -> the model's own (Finnish) fields.
OWN_TEXT_FIELDS = {
    "name": "name",
    "instructions": "instructions",
    "low": "low_label",
    "high": "high_label",
    "licence": "licence_note",
}


class Instrument(VersionedModel):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="instruments",
    )
    code = models.SlugField(_("short name"), max_length=50)
    name = models.CharField(_("name"), max_length=150)
    # The instrument's edition ("2.0"), not a row version: instruments are not saved
    # through save_versioned.
    version = models.CharField(_("version"), max_length=20, default="1")  # type: ignore[assignment]
    instructions = models.TextField(_("instructions for the respondent"), blank=True)
    respondent = models.CharField(
        _("respondent"), max_length=10, choices=Respondent.choices, default=Respondent.WORKER
    )
    scale_min = models.SmallIntegerField(_("scale minimum"), default=0)
    scale_max = models.SmallIntegerField(_("scale maximum"), default=10)
    low_label = models.CharField(_("label of the scale minimum"), max_length=80, blank=True)
    high_label = models.CharField(_("label of the scale maximum"), max_length=80, blank=True)
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    scoring = models.CharField(
        _("scoring"), max_length=8, choices=Scoring.choices, default=Scoring.MEAN
    )
    licence_note = models.TextField(
        _("licence note"),
        blank=True,
        help_text=_("Who owns the instrument and on what terms it may be used."),
    )
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_('{"sv": {"name": …, "instructions": …, "low": …, "high": …}, "en": {…}}'),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code", "version"], name="instrument_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")), name="instrument_scale_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} (v{self.version})"

    @property
    def label(self) -> str:
        """The name in the reader's language (as typed when it has no translation)."""
        return self.text("name", get_language())

    def text(self, field: str, language: str) -> str:
        """`name`, `instructions`, `low`, `high` or `licence` in `language`, falling back
        to Finnish."""
        # Only the field asked for: an instrument read with .only("name", "translations")
        # would load each other deferred field with a query of its own.
        own = getattr(self, OWN_TEXT_FIELDS[field])
        return (self.translations.get(language) or {}).get(field) or own

    @property
    def texts(self) -> dict[str, str]:
        """Its name, instructions, scale labels and licence in the reader's language."""
        language = get_language()
        return {
            field: self.text(field, language)
            for field in ("name", "instructions", "low", "high", "licence")
        }

    def score(self, values: list[int], items: list["InstrumentItem"]) -> Decimal | None:
        """The score of a full set of answers (reverse-keyed items flipped), 2 decimals."""
        if not values or len(values) != len(items):
            return None
        adjusted = [
            (self.scale_min + self.scale_max - v) if item.reverse else v
            for v, item in zip(values, items, strict=True)
        ]
        total = Decimal(sum(adjusted))
        if self.scoring == Scoring.SUM:
            result = total
        else:
            mean = total / len(adjusted)
            result = mean
            if self.scoring == Scoring.PERCENT:
                result = (mean - self.scale_min) * 100 / (self.scale_max - self.scale_min)
        return result.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def improvement(self, change: Decimal) -> Decimal:
        """The change turned so that a positive number is always an improvement."""
        return change if self.direction == Direction.HIGHER_IS_BETTER else -change


class InstrumentItem(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("statement"), max_length=300)
    text_sv = models.CharField(_("statement in Swedish"), max_length=300, blank=True)
    text_en = models.CharField(_("statement in English"), max_length=300, blank=True)
    reverse = models.BooleanField(_("reverse-keyed"), default=False)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "order"], name="item_unique_order")
        ]

    def __str__(self) -> str:
        return self.text_in(get_language())

    def text_in(self, language: str) -> str:
        return {"sv": self.text_sv, "en": self.text_en}.get(language) or self.text


class Timepoint(models.TextChoices):
    START = "start", _("Start")
    MONTH_3 = "m3", _("3 months")
    MONTH_6 = "m6", _("6 months")
    MONTH_9 = "m9", _("9 months")
    MONTH_12 = "m12", _("12 months")
    MONTH_15 = "m15", _("15 months")
    MONTH_18 = "m18", _("18 months")
    MONTH_21 = "m21", _("21 months")
    MONTH_24 = "m24", _("24 months")
    EXIT = "exit", _("Exit")


TIMEPOINT_MONTHS = {
    Timepoint.START: 0,
    **{Timepoint(f"m{m}"): m for m in range(3, 25, 3)},
}
TIMEPOINT_ORDER = {value: index for index, value in enumerate(Timepoint.values)}


class AssessmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for answers")
    DONE = "done", _("Done")


class AssessmentQuerySet(ScopedQuerySet):
    """Assessments of the workers the user may see (officials: none, only aggregates)."""

    scope_through = "worker"

    def done(self):
        return self.filter(status=AssessmentStatus.DONE, score__isnull=False)


class Assessment(models.Model):
    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="assessments"
    )
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    timepoint = models.CharField(_("timepoint"), max_length=5, choices=Timepoint.choices)
    assessed_on = models.DateField(_("date"))
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.PENDING,
    )
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    by_self_service = models.BooleanField(_("answered through the personal link"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["worker", "instrument", "assessed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "instrument", "timepoint"], name="assessment_once_per_timepoint"
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(score__isnull=False),
                name="assessment_done_has_score",
            ),
        ]
        indexes = [
            # A worker's latest later assessment of an instrument (selectors.score_pairs
            # asks it for every start assessment): the first entry of this index.
            models.Index(
                fields=["worker", "instrument", "-assessed_on", "-id"],
                condition=Q(status="done", score__isnull=False) & ~Q(timepoint="start"),
                name="assessment_latest_later",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.name}: {self.get_timepoint_display()}"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(InstrumentItem, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(_("answer"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="answer_once_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AssessmentLink(models.Model):
    """A personal link to answer one assessment without an account: expires, works once.

    Only the SHA-256 hash of the signed token is stored; the link itself is shown once.
    """

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="link", verbose_name=_("assessment")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=2, default="fi")
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal assessment link")
        verbose_name_plural = _("personal assessment links")

    def __str__(self) -> str:
        return str(self.assessment)

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
