"""Licence cards and training of workers, and the group activities they attend."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ryhma.access import ScopedQuerySet
from ryhma.models import Role, VersionedModel
from villages.models import Association, Municipality
from workers.models.people import Worker, WorkerOwnedQuerySet


class LicenceKind(models.TextChoices):
    OCCUPATIONAL_SAFETY = "occupational_safety", _("Occupational safety card")
    HYGIENE_PASSPORT = "hygiene_passport", _("Hygiene passport")
    FIRST_AID = "first_aid", _("First aid")
    ROAD_WORK_SAFETY = "road_work_safety", _("Road-work safety (Tieturva)")
    CHAINSAW = "chainsaw", _("Chainsaw card")
    FIRE_SAFETY = "fire_safety", _("Hot work / fire safety card")
    DRIVING_LICENCE = "driving_licence", _("Driving licence")
    TRAINING = "training", _("Other training")


class Licence(models.Model):
    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="licences"
    )
    kind = models.CharField(_("licence or training"), max_length=30, choices=LicenceKind.choices)
    name = models.CharField(
        _("name"), max_length=150, blank=True, help_text=_("Needed for other training.")
    )
    obtained_on = models.DateField(_("obtained on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True, db_index=True)
    gained_in_programme = models.BooleanField(_("gained during the programme"), default=True)

    objects = WorkerOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("licence or training")
        verbose_name_plural = _("licences and training")
        ordering = ["-obtained_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("obtained_on")),
                name="licence_expires_after_obtained",
            )
        ]

    def __str__(self) -> str:
        return self.name or str(self.get_kind_display())


class ActivityKind(models.TextChoices):
    PEER_SUPPORT = "peer_support", _("Peer-support meeting")
    TRAINING_DAY = "training_day", _("Training day")
    EXCURSION = "excursion", _("Excursion or visit")
    OTHER = "other", _("Other group activity")


class GroupActivityQuerySet(ScopedQuerySet):
    """Coordinators: their municipality. Village staff: their associations' activities and
    the municipality-wide ones. Others: none."""

    municipality_path = "municipality"
    municipality_roles = (Role.COORDINATOR,)

    def for_role(self, user):
        if user.role == Role.VILLAGE_STAFF:
            mine = Association.objects.for_user(user)
            # A subquery, not a join: joining the memberships inside an OR would repeat
            # each activity once per member of the municipality.
            theirs = Municipality.objects.filter(memberships__user=user)
            return self.filter(
                Q(association__in=mine) | Q(association__isnull=True, municipality__in=theirs)
            )
        return super().for_role(user)


class GroupActivity(VersionedModel):
    """A peer-support meeting, training day or other activity the crews attend together.

    Its version also covers the attendance: adding or removing an attendee bumps it, so
    two people ticking the list at once cannot silently undo each other.
    """

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="group_activities",
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_activities",
        help_text=_("Leave empty for an activity open to every association."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=150)
    held_on = models.DateField(_("date"))
    duration_hours = models.DecimalField(
        _("duration (h)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = GroupActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("group activity")
        verbose_name_plural = _("group activities")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} {date_format(self.held_on, 'SHORT_DATE_FORMAT')}"


class Attendance(models.Model):
    activity = models.ForeignKey(
        GroupActivity,
        verbose_name=_("group activity"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="attendances"
    )

    objects = WorkerOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["activity", "worker"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.worker} – {self.activity}"
