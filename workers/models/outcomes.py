"""Choices shared by exits, follow-ups and the reports built on them (domain brief §7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Destination(models.TextChoices):
    """Where a person is at exit and at the +3 and +6 month follow-ups."""

    OPEN_FULL_TIME = "open_full_time", _("Open labour market, full-time")
    OPEN_PART_TIME = "open_part_time", _("Open labour market, part-time")
    EDUCATION = "education", _("Education or apprenticeship")
    SUBSIDY_ELSEWHERE = "subsidy_elsewhere", _("Pay-subsidised work elsewhere")
    WORK_TRIAL = "work_trial", _("Work trial")
    REHABILITATIVE = "rehabilitative", _("Rehabilitative work activity")
    LABOUR_TRAINING = "labour_training", _("Labour-market training")
    ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship")
    UNEMPLOYED = "unemployed", _("Back to unemployment")
    OUTSIDE_LABOUR_FORCE = "outside_labour_force", _("Outside the labour force")
    UNKNOWN = "unknown", _("Unknown")

    @classmethod
    def open_market(cls) -> set[str]:
        return {cls.OPEN_FULL_TIME, cls.OPEN_PART_TIME}

    @classmethod
    def other_measure(cls) -> set[str]:
        """The destinations domain brief §7 groups as 'another measure'."""
        return {cls.SUBSIDY_ELSEWHERE, cls.WORK_TRIAL, cls.REHABILITATIVE, cls.LABOUR_TRAINING}


class ExitReason(models.TextChoices):
    CONTRACT_ENDED = "contract_ended", _("The contract ended")
    FOUND_WORK = "found_work", _("Found other work")
    STUDIES = "studies", _("Started studies")
    HEALTH = "health", _("Health reasons")
    OWN_DECISION = "own_decision", _("Own decision")
    DISMISSED = "dismissed", _("The employer ended the contract")
    OTHER = "other", _("Other reason")


class FollowUpTimepoint(models.IntegerChoices):
    THREE_MONTHS = 3, _("3 months after exit")
    SIX_MONTHS = 6, _("6 months after exit")
