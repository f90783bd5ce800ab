"""Villages' own data checks for the phases whose data it holds (see villages.phases).

Each function takes the programme and its associations (a list, already loaded) and runs
a constant number of queries. They are registered like any other app's providers, in
VillagesConfig.ready().
"""

from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from villages.models import (
    DevelopmentAction,
    FundingKind,
    FundingSource,
    ImplementationStatus,
    MappingAnswer,
    Partner,
    ProcessRole,
    ProcessStep,
    RaciAssignment,
    ServiceNeed,
    ServiceOffering,
    UnemploymentFigure,
    Village,
)
from villages.models.phase_data import (
    ESSENTIAL_PARTNERS,
    ActionStatus,
    Competence,
    Feedback,
    FeedbackSource,
)
from villages.phases import Check, PhaseData, register_completion_provider


def _names(associations) -> str:
    return ", ".join(a.name for a in associations)


def _all_associations(label_ok: str, label_missing: str, failing) -> Check:
    """One programme-level check: holds when no association fails; else names them."""
    if not failing:
        return Check(label_ok, True)
    return Check(label_missing % {"names": _names(failing)}, False)


def need(programme, associations) -> PhaseData:
    figures = set(
        UnemploymentFigure.objects.filter(programme=programme).values_list("village_id", "year")
    )
    has_needs = ServiceNeed.objects.filter(programme=programme).exists()
    # Read whether or not figures exist, so that the page's query count does not depend
    # on the data (the benchmark compares it at two sizes).
    villages = list(
        Village.objects.filter(municipality_id=programme.municipality_id)
        .order_by("name")
        .values_list("pk", "name")
    )
    checks = [Check(_("Unemployed job seekers entered"), bool(figures))]
    if figures:
        # Every village counted for the latest year entered, so the need can be compared.
        latest = max(year for _village, year in figures)
        uncounted = [name for pk, name in villages if (pk, latest) not in figures]
        checks.append(
            Check(
                _("Job seekers counted in every village for %(year)s") % {"year": latest}
                if not uncounted
                else _("Job seekers for %(year)s not counted: %(names)s")
                % {"year": latest, "names": ", ".join(uncounted)},
                not uncounted,
            )
        )
    checks.append(Check(_("Villagers' service needs entered"), has_needs))
    return PhaseData(checks=checks)


def resources(programme, associations) -> PhaseData:
    kinds = set(FundingSource.objects.filter(programme=programme).values_list("kind", flat=True))
    no_capacity = [a for a in associations if not a.capacity.strip()]
    return PhaseData(
        checks=[
            Check(_("Pay subsidy funding entered"), FundingKind.PAY_SUBSIDY in kinds),
            Check(_("Municipal top-up entered"), FundingKind.MUNICIPAL_TOP_UP in kinds),
            _all_associations(
                _("Capacity described for every association"),
                _("Capacity not described: %(names)s"),
                no_capacity,
            ),
        ]
    )


def association_analysis(programme, associations) -> PhaseData:
    per_association = {}
    not_ready, not_analysed = [], []
    for association in associations:
        readiness = association.readiness_missing()
        analysis = association.analysis_missing()
        if readiness:
            not_ready.append(association)
        if analysis:
            not_analysed.append(association)
        per_association[association.pk] = [
            Check(
                _("Ready as employer")
                if not readiness
                else _("Missing for employer: %(items)s") % {"items": ", ".join(readiness)},
                not readiness,
            ),
            Check(
                _("Analysis written")
                if not analysis
                else _("Analysis missing: %(items)s") % {"items": ", ".join(analysis)},
                not analysis,
            ),
        ]
    return PhaseData(
        checks=[
            _all_associations(
                _("Every association is ready as employer"),
                _("Not ready as employer: %(names)s"),
                not_ready,
            ),
            _all_associations(
                _("Every association's analysis is written"),
                _("Analysis not written: %(names)s"),
                not_analysed,
            ),
        ],
        per_association=per_association,
    )


def mapping(programme, associations) -> PhaseData:
    answers = Counter(
        MappingAnswer.objects.filter(association__in=associations).values_list(
            "association_id", "respondent"
        )
    )
    per_association = {}
    for association in associations:
        per_association[association.pk] = [
            Check(_("Customers' answers"), answers[(association.pk, "customer")] > 0),
            Check(_("Future workers' answers"), answers[(association.pk, "worker")] > 0),
            Check(_("Number of jobs"), association.jobs_available is not None),
        ]
    unmapped = [a for a in associations if not all(c.ok for c in per_association[a.pk])]
    return PhaseData(
        checks=[
            _all_associations(
                _("Every association's mapping is done"),
                _("Mapping incomplete: %(names)s"),
                unmapped,
            )
        ],
        per_association=per_association,
    )


def planning(programme, associations) -> PhaseData:
    offering = set(
        ServiceOffering.objects.filter(association__in=associations)
        .exclude(by_phone=False, at_village_hall=False, by_web_form=False, on_notice_board=False)
        .values_list("association_id", flat=True)
    )
    partner_kinds = set(Partner.objects.filter(programme=programme).values_list("kind", flat=True))
    gaps = [c.name for c in Competence.objects.filter(programme=programme) if c.gap]
    per_association = {
        a.pk: [Check(_("Services and order channels"), a.pk in offering)] for a in associations
    }
    missing_partners = [str(kind.label) for kind in ESSENTIAL_PARTNERS if kind not in partner_kinds]
    return PhaseData(
        checks=[
            _all_associations(
                _("Every association's service model is planned"),
                _("Service model missing: %(names)s"),
                [a for a in associations if a.pk not in offering],
            ),
            Check(
                _("Essential partners in the registry")
                if not missing_partners
                else _("Partners missing: %(kinds)s") % {"kinds": ", ".join(missing_partners)},
                not missing_partners,
            ),
            Check(
                _("Group activities and peer support planned"),
                bool(programme.group_activity_plan.strip()),
            ),
            Check(
                _("Needed competences available")
                if not gaps
                else _("Competences short: %(names)s") % {"names": ", ".join(gaps)},
                not gaps,
            ),
        ],
        per_association=per_association,
    )


def process_model(programme, associations) -> PhaseData:
    steps = list(ProcessStep.objects.filter(programme=programme).values_list("pk", flat=True))
    has_roles = ProcessRole.objects.filter(programme=programme).exists()
    letters = Counter(
        RaciAssignment.objects.filter(step__programme=programme).values_list("step_id", "letter")
    )
    complete = [s for s in steps if letters[(s, "A")] == 1 and letters[(s, "R")] >= 1]
    modelled = bool(steps) and has_roles and len(complete) == len(steps)
    # The process model is the programme's; at an association it is in use once the model
    # is complete and the association's services are in it (the printed operating model
    # lists each association's services and order channels).
    offering = set(
        ServiceOffering.objects.filter(association__in=associations).values_list(
            "association_id", flat=True
        )
    )
    return PhaseData(
        checks=[
            Check(_("Process steps recorded"), bool(steps)),
            Check(_("Process roles recorded"), has_roles),
            Check(
                _("Every step has one accountable and a responsible role"),
                bool(steps) and len(complete) == len(steps),
            ),
        ],
        per_association={
            a.pk: [
                Check(_("Process and responsibilities modelled"), modelled),
                Check(_("Services in the operating model"), a.pk in offering),
            ]
            for a in associations
        },
    )


def implementation(programme, associations) -> PhaseData:
    per_association = {
        a.pk: [
            Check(_("Go-live date"), a.go_live_on is not None),
            Check(_("In use"), a.implementation_status == ImplementationStatus.LIVE),
        ]
        for a in associations
    }
    return PhaseData(
        checks=[
            _all_associations(
                _("Go-live date set with every association"),
                _("No go-live date: %(names)s"),
                [a for a in associations if a.go_live_on is None],
            ),
            _all_associations(
                _("The model is in use at every association"),
                _("Not yet in use: %(names)s"),
                [a for a in associations if a.implementation_status != ImplementationStatus.LIVE],
            ),
        ],
        per_association=per_association,
    )


def development(programme, associations) -> PhaseData:
    today = timezone.localdate()
    sources = set(Feedback.objects.filter(programme=programme).values_list("source", flat=True))
    silent = [str(source.label).lower() for source in FeedbackSource if source not in sources]
    open_actions = list(
        DevelopmentAction.objects.filter(programme=programme).exclude(status=ActionStatus.DONE)
    )
    ownerless = [a for a in open_actions if a.owner_id is None or a.due_on is None]
    overdue = [a for a in open_actions if a.due_on and a.due_on < today]
    return PhaseData(
        checks=[
            Check(
                _("Feedback from every party: workers, customers, associations, partners, city")
                if not silent
                else _("No feedback yet from: %(sources)s") % {"sources": ", ".join(silent)},
                not silent,
            ),
            Check(_("Every open development action has an owner and a due date"), not ownerless),
            Check(
                _("No development action is overdue")
                if not overdue
                else _("Overdue: %(titles)s") % {"titles": ", ".join(a.title for a in overdue)},
                not overdue,
            ),
        ]
    )


def register_builtin_providers() -> None:
    for number, func in [
        (1, need),
        (2, resources),
        (3, association_analysis),
        (4, mapping),
        (5, planning),
        (6, process_model),
        (8, implementation),
        (10, development),
    ]:
        register_completion_provider(number, func)
