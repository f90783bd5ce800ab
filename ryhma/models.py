from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ryhma.access import ScopedQuerySet
from ryhma.roles import Role as Role  # re-exported: the apps import Role from here


class User(AbstractUser):
    """A person who logs in. What they may see follows from `role` and their scope.

    The scope itself (municipality, associations) is recorded in `villages.Membership`,
    so that this app does not depend on the domain apps.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICIAL)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_village_staff(self) -> bool:
        return self.role == Role.VILLAGE_STAFF

    @property
    def is_official(self) -> bool:
        return self.role == Role.OFFICIAL


class VersionedModel(models.Model):
    """Rows that people edit concurrently carry a version, bumped on every save.

    Writes go through `ryhma.concurrency.save_versioned`, which refuses a save
    made from a stale copy instead of silently overwriting the other edit.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    VIEW = "view", _("viewed")
    EXPORT = "export", _("exported")
    BULK = "bulk", _("changed in bulk")
    STATUS = "status", _("status changed")


class AuditEventQuerySet(ScopedQuerySet):
    """Coordinators read their own municipality's trail; superusers all of it."""

    def for_role(self, user):
        # The trail keeps a bare municipality id (ryhma has no foreign key to villages).
        membership = getattr(user, "membership", None)
        if user.role == Role.COORDINATOR and membership is not None:
            return self.filter(municipality_id=membership.municipality_id)
        return self.none()


class AuditEvent(models.Model):
    """Who did what to which row, with the values before and after. Append-only."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    municipality_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
