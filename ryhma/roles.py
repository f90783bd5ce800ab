from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    VILLAGE_STAFF = "village_staff", _("Village association staff")
    OFFICIAL = "official", _("City official")
    WORKER = "worker", _("Worker")
