"""The kinds of phase data a programme page lists and edits, one entry per model.

The views in villages.views.data are generic over these: a list, a create/edit form and a
delete button for each kind. A kind belongs to a phase, to the programme (or its
municipality) or to one association, and says which fields its form and table show.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from villages.models import (
    Association,
    Competence,
    DevelopmentAction,
    Feedback,
    FundingSource,
    MappingAnswer,
    Partner,
    ProcessRole,
    ProcessStep,
    ServiceNeed,
    ServiceOffering,
    UnemploymentFigure,
    Village,
)

PROGRAMME = "programme"
MUNICIPALITY = "municipality"
ASSOCIATION = "association"


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type[models.Model]
    phase: int
    title: object
    add_label: object
    fields: list[str]
    columns: list[str]
    parent: str = PROGRAMME
    select_related: tuple = ()
    filters: tuple = ()
    # Village staff may edit their own association's rows of this kind.
    staff_edit: bool = False
    extra: dict = field(default_factory=dict)

    def rows_for(self, programme, association=None) -> models.QuerySet:
        queryset = self.model._default_manager.select_related(*self.select_related)
        if self.parent == ASSOCIATION:
            return queryset.filter(association=association)
        if self.parent == MUNICIPALITY:
            lookup = "village__municipality_id" if self.model is Association else "municipality_id"
            return queryset.filter(**{lookup: programme.municipality_id})
        return queryset.filter(programme=programme)

    def attach(self, instance, programme, association=None) -> None:
        if self.parent == ASSOCIATION:
            instance.association = association
        elif self.model is Village:
            instance.municipality = programme.municipality
        elif self.parent == PROGRAMME:
            instance.programme = programme


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in [
        Kind(
            "kylat",
            Village,
            1,
            _("Villages"),
            _("Add a village"),
            [
                "name",
                "population",
                "share_aged_65_plus",
                "distance_to_centre_km",
                "latitude",
                "longitude",
            ],
            ["name", "population", "share_aged_65_plus", "distance_to_centre_km"],
            parent=MUNICIPALITY,
        ),
        Kind(
            "yhdistykset",
            Association,
            3,
            _("Associations"),
            _("Add an association"),
            [
                "village",
                "name",
                "business_id",
                "contact_person",
                "contact_email",
                "contact_phone",
                "payroll_arrangement",
                "accident_insurance",
                "occupational_health_contract",
                "work_supervisor",
                "tools_and_premises",
                "bookkeeping",
                "has_business_activity",
                "yearly_sales",
                "bridging_loan_balance",
            ],
            ["name", "village", "business_id", "contact_person", "payroll_arrangement"],
            parent=MUNICIPALITY,
            select_related=("village",),
        ),
        Kind(
            "tyottomat",
            UnemploymentFigure,
            1,
            _("Unemployed job seekers"),
            _("Add a figure"),
            ["village", "area", "year", "job_seekers", "long_term_unemployed"],
            ["year", "village", "area", "job_seekers", "long_term_unemployed"],
            select_related=("village",),
        ),
        Kind(
            "palvelutarpeet",
            ServiceNeed,
            1,
            _("Villagers' service needs"),
            _("Add a service need"),
            ["village", "service_kind", "year", "households"],
            ["year", "village", "service_kind", "households"],
            select_related=("village",),
        ),
        Kind(
            "rahoitus",
            FundingSource,
            2,
            _("Funding sources"),
            _("Add a funding source"),
            ["year", "kind", "name", "amount"],
            ["year", "kind", "name", "amount"],
        ),
        Kind(
            "kartoitus",
            MappingAnswer,
            4,
            _("Mapping answers"),
            _("Add an answer"),
            ["respondent", "topic", "service_kind", "importance", "notes"],
            ["respondent", "topic", "service_kind", "importance", "notes"],
            parent=ASSOCIATION,
            staff_edit=True,
        ),
        Kind(
            "palvelut",
            ServiceOffering,
            5,
            _("Services and order channels"),
            _("Add a service"),
            ["service_kind", "by_phone", "at_village_hall", "by_web_form", "on_notice_board"],
            ["service_kind", "by_phone", "at_village_hall", "by_web_form", "on_notice_board"],
            parent=ASSOCIATION,
        ),
        Kind(
            "kumppanit",
            Partner,
            5,
            _("Partners"),
            _("Add a partner"),
            [
                "kind",
                "name",
                "contact_person",
                "email",
                "phone",
                "agreement_starts_on",
                "agreement_ends_on",
                "role",
            ],
            ["kind", "name", "contact_person", "agreement_ends_on", "role"],
            filters=("kind",),
        ),
        Kind(
            "osaaminen",
            Competence,
            5,
            _("Competences needed and available"),
            _("Add a competence"),
            ["name", "needed", "available", "note"],
            ["name", "needed", "available", "note"],
        ),
        Kind(
            "roolit",
            ProcessRole,
            6,
            _("Roles in the service process"),
            _("Add a role"),
            ["name", "position"],
            ["position", "name"],
        ),
        Kind(
            "prosessi",
            ProcessStep,
            6,
            _("Steps of the service process"),
            _("Add a step"),
            ["position", "name", "tasks"],
            ["position", "name", "tasks"],
        ),
        Kind(
            "palaute",
            Feedback,
            10,
            _("Feedback"),
            _("Add feedback"),
            ["source", "received_on", "phase", "text"],
            ["received_on", "source", "phase", "text"],
            filters=("source", "phase"),
        ),
        Kind(
            "kehitystoimet",
            DevelopmentAction,
            10,
            _("Development actions"),
            _("Add a development action"),
            ["title", "phase", "feedback", "owner", "due_on", "status"],
            ["title", "phase", "owner", "due_on", "status"],
            select_related=("owner",),
            filters=("status", "phase"),
        ),
    ]
}


def kinds_for_phase(number: int) -> list[Kind]:
    return [k for k in KINDS.values() if k.phase == number and k.parent != ASSOCIATION]


def association_kinds() -> list[Kind]:
    return [k for k in KINDS.values() if k.parent == ASSOCIATION]
