from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from villages.models import (
    Association,
    AssociationPhase,
    ChecklistItem,
    PhaseStatus,
    Programme,
    ProgrammePhase,
    Village,
)
from villages.phases import (
    ASSOCIATION_PHASES,
    EXTERNAL_PHASE_URLS,
    PHASES,
    Check,
    Completion,
    phases_providers,
    providers_for,
)

PHASE_STATUS_LABELS = dict(PhaseStatus.choices)


def programmes_for_user(user):
    return Programme.objects.for_user(user).select_related("municipality", "coordinator")


def programme_villages(programme: Programme, user):
    """The programme's villages in the user's scope, each with its associations."""
    associations = Association.objects.for_user(user).order_by("name")
    return (
        Village.objects.for_user(user)
        .filter(municipality_id=programme.municipality_id)
        .annotate(association_count=Count("associations", distinct=True))
        .prefetch_related(Prefetch("associations", queryset=associations))
        .order_by("name")
    )


def programme_associations(programme: Programme) -> list[Association]:
    return list(
        Association.objects.filter(village__municipality_id=programme.municipality_id)
        .select_related("village")
        .order_by("village__name", "name")
    )


@dataclass
class PhaseCard:
    number: int
    name: str
    phase: ProgrammePhase
    checklist: list[ChecklistItem]
    data_checks: list[Check]
    external_url_name: str | None = None

    @cached_property
    def completion(self) -> Completion:
        items = [Check(item.label, item.done) for item in self.checklist]
        return Completion(self.data_checks + items)

    @cached_property
    def checklist_rows(self) -> list[tuple]:
        """The checklist as plain values for the page's form, which writes every phase's
        items: (pk, version, done, label, done by: the name of who ticked it or "")."""
        rows = []
        for item in self.checklist:
            by = item.done_by
            rows.append(
                (
                    item.pk,
                    item.version,
                    item.done,
                    item.label,
                    (by.get_full_name() or by.username) if by else "",
                )
            )
        return rows

    @cached_property
    def status_label(self) -> str:
        """The label of the phase's status (without Django's display method, which
        translates the whole choice list to find one)."""
        status = self.phase.status
        return str(PHASE_STATUS_LABELS.get(status, status))

    @cached_property
    def owner_name(self) -> str:
        owner = self.phase.owner
        return (owner.get_full_name() or owner.username) if owner else ""

    @cached_property
    def external_url(self) -> str | None:
        return reverse(self.external_url_name) if self.external_url_name else None


@dataclass
class MatrixCell:
    number: int
    completion: Completion
    status: AssociationPhase | None = None
    # Set by the association page's view for its board.
    can_edit: bool = field(init=False, repr=False, compare=False)
    chosen: str = field(init=False, repr=False, compare=False)
    theirs: str | None = field(init=False, repr=False, compare=False)

    @property
    def name(self) -> str:
        return str(PHASES[self.number])


@dataclass
class MatrixRow:
    association: Association
    cells: list[MatrixCell] = field(default_factory=list)


@dataclass
class Board:
    programme: Programme
    cards: list[PhaseCard]
    matrix: list[MatrixRow]
    matrix_phases: tuple = ASSOCIATION_PHASES

    @property
    def completion(self) -> Completion:
        return Completion([c for card in self.cards for c in card.completion.checks])

    @cached_property
    def matrix_table(self) -> list[tuple]:
        """The matrix as plain values for the page, which writes its hundreds of cells in
        one loop: rows (village, association pk, association, cells), each cell
        (state, count, hidden, status, status label). State is "done" when every check
        holds, "partial" when some do, else ""; count is "done/total" unless the cell is
        complete or has nothing to check; hidden is the text for screen readers (done, or
        what is missing); status is the status set by hand ("" if none)."""
        labels = {value: str(label) for value, label in PHASE_STATUS_LABELS.items()}
        done_text, missing_text = _("done"), _("Missing")
        table = []
        for row in self.matrix:
            cells = []
            for cell in row.cells:
                completion, status = cell.completion, cell.status
                total, done = completion.total, completion.done
                if completion.is_complete:
                    state, count, hidden = "done", "", done_text
                elif total:
                    state = "partial" if done else ""
                    count = f"{done}/{total}"
                    hidden = f". {missing_text}: {', '.join(completion.missing)}"
                else:
                    state = count = hidden = ""
                code = status.status if status else ""
                cells.append((state, count, hidden, code, labels.get(code, code)))
            association = row.association
            table.append((association.village.name, association.id, association.name, cells))
        return table


def phases_data(numbers, programme: Programme, associations: list) -> dict[int, tuple]:
    """Every provider's checks for the phases `numbers`:
    {number: (programme checks, {association pk: checks})}. A provider of several phases
    is called once for all of them."""
    result: dict[int, tuple[list, dict]] = {number: ([], {}) for number in numbers}

    def add(number, data):
        checks, per_association = result[number]
        checks.extend(data.checks)
        for pk, association_checks in data.per_association.items():
            per_association.setdefault(pk, []).extend(association_checks)

    for covered, provider in phases_providers():
        wanted = covered.intersection(numbers)
        if wanted:
            for number, data in provider(programme, associations, wanted).items():
                add(number, data)
    for number in numbers:
        for phase_provider in providers_for(number):
            add(number, phase_provider(programme, associations))
    return result


def phase_data(number: int, programme: Programme, associations: list) -> tuple[list, dict]:
    """Every provider's checks for one phase: (programme checks, {association pk: checks})."""
    return phases_data([number], programme, associations)[number]


def programme_board(programme: Programme) -> Board:
    """The ten phases with checklists and completion, and the association × phase matrix.

    The phases must exist (actions.ensure_programme_phases): a programme without them
    gets a board of fewer than ten cards. Constant queries: a handful plus each phase
    provider's, whatever the number of villages.
    """
    phases = list(programme.phases.select_related("owner").order_by("number"))
    checklists = _checklists(ChecklistItem.objects.filter(phase__programme=programme))
    associations = programme_associations(programme)
    statuses = {
        (s.association_id, s.number): s
        for s in AssociationPhase.objects.filter(
            association__village__municipality_id=programme.municipality_id
        ).order_by()
    }
    data = phases_data([phase.number for phase in phases], programme, associations)
    cards, per_association_by_phase = [], {}
    for phase in phases:
        checks, per_association = data[phase.number]
        per_association_by_phase[phase.number] = per_association
        cards.append(
            PhaseCard(
                number=phase.number,
                name=str(PHASES[phase.number]),
                phase=phase,
                checklist=checklists.get(phase.pk, []),
                data_checks=checks,
                external_url_name=EXTERNAL_PHASE_URLS.get(phase.number),
            )
        )
    matrix = []
    for association in associations:
        row = MatrixRow(association=association)
        for number in ASSOCIATION_PHASES:
            checks = per_association_by_phase.get(number, {}).get(association.id, [])
            row.cells.append(
                MatrixCell(
                    number=number,
                    completion=Completion(checks),
                    status=statuses.get((association.id, number)),
                )
            )
        matrix.append(row)
    return Board(programme=programme, cards=cards, matrix=matrix)


def _checklists(items) -> dict[int, list[ChecklistItem]]:
    """{phase pk: its checklist items in order}: one query, without prefetch_related's
    bookkeeping (the board reads ten phases' items)."""
    checklists: dict[int, list[ChecklistItem]] = {}
    for item in items.select_related("done_by").order_by("position", "id"):
        checklists.setdefault(item.phase_id, []).append(item)
    return checklists


def programme_phase(programme: Programme, number: int) -> PhaseCard:
    """One phase card (for the phase page)."""
    phase = programme.phases.select_related("owner").get(number=number)
    checks, _per_association = phase_data(number, programme, programme_associations(programme))
    return PhaseCard(
        number=number,
        name=str(PHASES[number]),
        phase=phase,
        checklist=_checklists(phase.checklist.all()).get(phase.pk, []),
        data_checks=checks,
        external_url_name=EXTERNAL_PHASE_URLS.get(number),
    )


def association_phases(programme: Programme, association: Association) -> list[MatrixCell]:
    """Phases 3–8 of one association: derived completion and the status set by hand."""
    statuses = {s.number: s for s in AssociationPhase.objects.filter(association=association)}
    data = phases_data(ASSOCIATION_PHASES, programme, [association])
    cells = []
    for number in ASSOCIATION_PHASES:
        _checks, per_association = data[number]
        cells.append(
            MatrixCell(
                number=number,
                completion=Completion(per_association.get(association.pk, [])),
                status=statuses.get(number),
            )
        )
    return cells


@dataclass
class Bar:
    label: str
    value: int | float
    width: int
    y: int

    @property
    def text_x(self) -> int:
        return 175 + self.width


@dataclass
class Chart:
    bars: list[Bar]
    height: int


def bars(pairs, *, width: int = 330, step: int = 22) -> Chart:
    """Horizontal bars for a server-side SVG chart, scaled to the largest value."""
    pairs = list(pairs)
    top = max((value for _label, value in pairs), default=0) or 1
    return Chart(
        bars=[
            Bar(label=str(label), value=value, width=round(width * value / top), y=i * step)
            for i, (label, value) in enumerate(pairs)
        ],
        height=max(len(pairs), 1) * step,
    )


def need_summary(programme: Programme) -> dict:
    """Phase 1: job seekers by village in the latest year, households wanting each service
    in the latest survey, as two charts and one table by village (constant queries)."""
    from villages.models import ServiceKind, ServiceNeed, UnemploymentFigure

    figures = list(UnemploymentFigure.objects.filter(programme=programme).select_related("village"))
    latest = max((f.year for f in figures), default=None)
    latest_figures = sorted(
        (f for f in figures if f.year == latest),
        key=lambda f: f.village.name if f.village else f.area,
    )
    seekers = [(f.village.name if f.village else f.area, f.job_seekers) for f in latest_figures]
    needs = list(
        ServiceNeed.objects.filter(programme=programme).values(
            "year", "village__name", "service_kind", "households"
        )
    )
    survey_year = max((n["year"] for n in needs), default=None)
    by_kind: dict[str, int] = {}
    by_village: dict[str, dict[str, int]] = {}
    for need in needs:
        if need["year"] != survey_year:
            continue
        kind = need["service_kind"]
        by_kind[kind] = by_kind.get(kind, 0) + need["households"]
        village = by_village.setdefault(need["village__name"], {})
        village[kind] = village.get(kind, 0) + need["households"]
    labels = dict(ServiceKind.choices)
    households = sorted(
        ((str(labels[k]), v) for k, v in by_kind.items()), key=lambda pair: -pair[1]
    )
    # The table: one row per village (or area) with a figure or an answer.
    kinds = [k for k in labels if k in by_kind]
    per_place = {(f.village.name if f.village else f.area): f for f in latest_figures}
    names = sorted(set(per_place) | set(by_village), key=str.lower)
    rows = [
        {
            "name": name,
            "seekers": per_place[name].job_seekers if name in per_place else None,
            "long_term": per_place[name].long_term_unemployed if name in per_place else None,
            "households": [by_village.get(name, {}).get(k) for k in kinds],
        }
        for name in names
    ]
    return {
        "seekers_year": str(latest or "–"),
        "seekers": bars(seekers),
        "seekers_total": sum(v for _l, v in seekers),
        "survey_year": str(survey_year or "–"),
        "households": bars(households),
        "need_kinds": [labels[k] for k in kinds],
        "need_rows": rows,
        "need_totals": [by_kind[k] for k in kinds],
    }


def funding_summary(programme: Programme) -> dict:
    """Phase 2: funding per year and type, with totals."""
    from villages.models import FundingKind, FundingSource

    totals: dict[int, dict[str, Decimal]] = {}
    for source in FundingSource.objects.filter(programme=programme):
        year = totals.setdefault(source.year, {})
        year[source.kind] = year.get(source.kind, 0) + source.amount
    kinds = list(FundingKind.choices)
    rows = [
        (year, [totals[year].get(value) for value, _label in kinds], sum(totals[year].values()))
        for year in sorted(totals)
    ]
    return {"funding_kinds": [label for _value, label in kinds], "funding_rows": rows}


def offering_matrix(associations: list[Association]) -> dict:
    """Phase 5: which association offers which service, through which channels."""
    from villages.models import ServiceKind, ServiceOffering

    offerings = {
        (o.association_id, o.service_kind): o
        for o in ServiceOffering.objects.filter(association__in=associations)
    }
    kinds = [value for value, _label in ServiceKind.choices]
    return {
        "service_kinds": [label for _value, label in ServiceKind.choices],
        "offering_rows": [
            (a, [offerings.get((a.pk, kind)) for kind in kinds]) for a in associations
        ],
    }


def mapping_counts(associations: list[Association]) -> list[tuple]:
    """Phase 4: per association the jobs on offer and the answers from each group."""
    from collections import Counter

    from villages.models import MappingAnswer

    counts = Counter(
        MappingAnswer.objects.filter(association__in=associations).values_list(
            "association_id", "respondent"
        )
    )
    return [(a, counts[(a.pk, "customer")], counts[(a.pk, "worker")]) for a in associations]


def raci_table(programme: Programme) -> dict:
    """Phase 6: steps × roles with the RACI letter of each cell."""
    from villages.models import ProcessRole, ProcessStep, RaciAssignment

    roles = list(ProcessRole.objects.filter(programme=programme))
    steps = list(ProcessStep.objects.filter(programme=programme))
    letters = {
        (a.step_id, a.role_id): a.letter
        for a in RaciAssignment.objects.filter(step__programme=programme)
    }
    return {
        "roles": roles,
        "steps": [(s, [letters.get((s.pk, r.pk), "") for r in roles]) for s in steps],
    }


@dataclass
class RaciCell:
    """One cell of the RACI form: the stored letter and version, what this person chose
    (`letter`), and on a clash the other person's letter (`theirs`)."""

    role: object
    stored: str
    version: int
    letter: str
    theirs: str | None = None


def raci_form(programme: Programme) -> dict:
    """Phase 6 form: steps × roles with each cell's letter and version."""
    from villages.models import ProcessRole, ProcessStep, RaciAssignment

    roles = list(ProcessRole.objects.filter(programme=programme))
    steps = list(ProcessStep.objects.filter(programme=programme))
    stored = {
        (a.step_id, a.role_id): a for a in RaciAssignment.objects.filter(step__programme=programme)
    }
    rows = []
    for step in steps:
        cells = []
        for role in roles:
            row = stored.get((step.pk, role.pk))
            letter = row.letter if row else ""
            cells.append(
                RaciCell(role=role, stored=letter, version=row.version if row else 0, letter=letter)
            )
        rows.append((step, cells))
    return {"roles": roles, "steps": rows}
