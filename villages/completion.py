"""Villages' own data checks for the phases whose data it holds (see villages.phases).

One function, `villages_checks`, gives the checks of phases 1–6, 8 and 10 and is
registered once for all of them (VillagesConfig.ready()): the board asks for every phase
and what two phases both read (the services offered) is read once. A phase page asks for
its own phase and reads only what that phase needs. Every read is a plain, unordered
query of a few columns: a query of EXISTS subqueries, one a fact, takes Django longer to
build than the plain queries it replaces take to run. The kinds a programme has recorded
(service needs, funding, partners, process roles, feedback) come in one UNION of such
plain queries (`_recorded`): it costs Django as much to build as its parts, and saves
four round trips. Rows counted in Python are cheaper to build than filtered counts.
"""

from django.db.models import CharField, F, Value
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
    ServiceNeed,
    ServiceOffering,
    UnemploymentFigure,
    Village,
)
from villages.models.core import ANALYSIS_FIELDS, READINESS_FIELDS, translated
from villages.models.phase_data import (
    ESSENTIAL_PARTNERS,
    ActionStatus,
    Competence,
    Feedback,
    FeedbackSource,
    Raci,
    Respondent,
)
from villages.phases import Check, PhaseData, register_phases_provider

VILLAGE_PHASES = (1, 2, 3, 4, 5, 6, 8, 10)


def _names(associations) -> str:
    return ", ".join(a.name for a in associations)


def _all_associations(label_ok: str, label_missing: str, failing) -> Check:
    """One programme-level check: holds when no association fails; else names them."""
    if not failing:
        return Check(label_ok, True)
    return Check(label_missing % {"names": _names(failing)}, False)


# What a programme records of a kind, for the phases that check it: (phase, model, the
# field of its kind, or None when only whether there is any counts).
RECORDED = {
    "needs": (1, ServiceNeed, None),
    "funding": (2, FundingSource, "kind"),
    "partners": (5, Partner, "kind"),
    "roles": (6, ProcessRole, None),
    "feedback": (10, Feedback, "source"),
}


def _recorded(programme, numbers) -> dict[str, set]:
    """{name in RECORDED: the kinds the programme has recorded, or {""} if it has any
    rows of a model without kinds}, for the asked phases: one query, a UNION of each
    model's few distinct kinds (a model without kinds: one row when it has any)."""
    parts = []
    for name, (number, model, field) in RECORDED.items():
        if number not in numbers:
            continue
        rows = model.objects.filter(programme_id=programme.pk).order_by()
        tag = Value(name, output_field=CharField())
        # DISTINCT, not a LIMIT: SQLite allows no LIMIT in a part of a UNION.
        kind = F(field) if field else Value("", output_field=CharField())
        parts.append(rows.values_list(tag, kind).distinct())
    recorded: dict[str, set] = {name: set() for name in RECORDED}
    if parts:
        for name, kind in parts[0].union(*parts[1:], all=True):
            recorded[name].add(kind)
    return recorded


def _offerings(associations) -> dict[int, bool]:
    """{association pk: whether one of its services has an order channel}, for the
    associations that offer services at all."""
    offers: dict[int, bool] = {}
    rows = (
        ServiceOffering.objects.filter(association_id__in=[a.id for a in associations])
        .order_by()
        .values_list(
            "association_id", "by_phone", "at_village_hall", "by_web_form", "on_notice_board"
        )
    )
    for association_id, *channels in rows:
        offers[association_id] = offers.get(association_id, False) or any(channels)
    return offers


def need(programme, recorded) -> PhaseData:
    figures = set(
        UnemploymentFigure.objects.filter(programme=programme)
        .order_by()
        .values_list("village_id", "year")
    )
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
    checks.append(Check(_("Villagers' service needs entered"), bool(recorded["needs"])))
    return PhaseData(checks=checks)


def resources(associations, recorded) -> PhaseData:
    kinds = recorded["funding"]
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


def association_analysis(associations) -> PhaseData:
    per_association = {}
    not_ready, not_analysed = [], []
    # Each label translated once, not once an association.
    ready, missing_for_employer = _("Ready as employer"), _("Missing for employer: %(items)s")
    written, analysis_missing = _("Analysis written"), _("Analysis missing: %(items)s")
    readiness_labels, analysis_labels = translated(READINESS_FIELDS), translated(ANALYSIS_FIELDS)
    for association in associations:
        readiness = association.readiness_missing(readiness_labels)
        analysis = association.analysis_missing(analysis_labels)
        if readiness:
            not_ready.append(association)
        if analysis:
            not_analysed.append(association)
        per_association[association.id] = [
            Check(
                ready if not readiness else missing_for_employer % {"items": ", ".join(readiness)},
                not readiness,
            ),
            Check(
                written if not analysis else analysis_missing % {"items": ", ".join(analysis)},
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


def mapping(associations) -> PhaseData:
    answers = set(
        MappingAnswer.objects.filter(association_id__in=[a.id for a in associations])
        .order_by()
        .values_list("association_id", "respondent")
        .distinct()
    )
    per_association = {}
    customers, workers, jobs = (
        _("Customers' answers"),
        _("Future workers' answers"),
        _("Number of jobs"),
    )
    for association in associations:
        per_association[association.id] = [
            Check(customers, (association.id, Respondent.CUSTOMER) in answers),
            Check(workers, (association.id, Respondent.WORKER) in answers),
            Check(jobs, association.jobs_available is not None),
        ]
    unmapped = [a for a in associations if not all(c.ok for c in per_association[a.id])]
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


def planning(programme, associations, offerings, recorded) -> PhaseData:
    partner_kinds = recorded["partners"]
    gaps = list(
        Competence.objects.filter(programme=programme, needed__gt=F("available"))
        .order_by("name")
        .values_list("name", flat=True)
    )
    planned = {a.id: offerings.get(a.id, False) for a in associations}
    services_label = _("Services and order channels")
    per_association = {a.id: [Check(services_label, planned[a.id])] for a in associations}
    missing_partners = [str(kind.label) for kind in ESSENTIAL_PARTNERS if kind not in partner_kinds]
    return PhaseData(
        checks=[
            _all_associations(
                _("Every association's service model is planned"),
                _("Service model missing: %(names)s"),
                [a for a in associations if not planned[a.id]],
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


def process_model(programme, associations, offerings, recorded) -> PhaseData:
    # A step is modelled with exactly one accountable and at least one responsible role.
    # Each step with the letters of its roles (a step without roles once, with None): plain
    # rows are cheaper for Django to build than two filtered counts.
    letters: dict[int, list[str]] = {}
    for step, letter in (
        ProcessStep.objects.filter(programme=programme)
        .order_by()
        .values_list("pk", "assignments__letter")
    ):
        letters.setdefault(step, []).append(letter)
    has_roles = bool(recorded["roles"])
    all_steps_modelled = bool(letters) and all(
        step.count(Raci.ACCOUNTABLE) == 1 and Raci.RESPONSIBLE in step for step in letters.values()
    )
    modelled = all_steps_modelled and has_roles
    # The process model is the programme's; at an association it is in use once the model
    # is complete and the association's services are in it (the printed operating model
    # lists each association's services and order channels).
    modelled_label = _("Process and responsibilities modelled")
    in_model_label = _("Services in the operating model")
    return PhaseData(
        checks=[
            Check(_("Process steps recorded"), bool(letters)),
            Check(_("Process roles recorded"), has_roles),
            Check(_("Every step has one accountable and a responsible role"), all_steps_modelled),
        ],
        per_association={
            a.id: [
                Check(modelled_label, modelled),
                Check(in_model_label, a.id in offerings),
            ]
            for a in associations
        },
    )


def implementation(associations) -> PhaseData:
    go_live, in_use = _("Go-live date"), _("In use")
    per_association = {
        a.id: [
            Check(go_live, a.go_live_on is not None),
            Check(in_use, a.implementation_status == ImplementationStatus.LIVE),
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


def development(programme, recorded) -> PhaseData:
    today = timezone.localdate()
    sources = recorded["feedback"]
    silent = [str(source.label).lower() for source in FeedbackSource if source not in sources]
    open_actions = list(
        DevelopmentAction.objects.filter(programme=programme)
        .exclude(status=ActionStatus.DONE)
        .order_by("status", "due_on", "id")
        .values_list("title", "owner_id", "due_on")
    )
    ownerless = [
        title for title, owner_id, due_on in open_actions if owner_id is None or due_on is None
    ]
    overdue = [title for title, _owner_id, due_on in open_actions if due_on and due_on < today]
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
                else _("Overdue: %(titles)s") % {"titles": ", ".join(overdue)},
                not overdue,
            ),
        ]
    )


def villages_checks(programme, associations, numbers) -> dict[int, PhaseData]:
    """The data checks of the asked phases among 1–6, 8 and 10 (see the module docstring)."""
    numbers = set(numbers)
    offerings = _offerings(associations) if numbers & {5, 6} else {}
    recorded = _recorded(programme, numbers)
    builders = {
        1: lambda: need(programme, recorded),
        2: lambda: resources(associations, recorded),
        3: lambda: association_analysis(associations),
        4: lambda: mapping(associations),
        5: lambda: planning(programme, associations, offerings, recorded),
        6: lambda: process_model(programme, associations, offerings, recorded),
        8: lambda: implementation(associations),
        10: lambda: development(programme, recorded),
    }
    return {number: build() for number, build in builders.items() if number in numbers}


def register_builtin_providers() -> None:
    register_phases_provider(VILLAGE_PHASES, villages_checks)
