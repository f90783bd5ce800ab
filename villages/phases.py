"""The ten phases of the Laavu model and how far a programme has got in each.

Every phase has a human status (set by its owner) and a *completion* derived from data:
a list of checks, each a label and whether it holds. The checks of a phase are

- the items of the programme's editable checklist for that phase (ChecklistItem rows), and
- data checks: for phases whose data lives in `villages` (1–6, 8, 10) this module holds
  them; for phases whose data lives in a higher app (7 metrics and 9 evaluation in
  `evaluation`, possibly more of 8 in `workers`) that app registers a provider.

Registering a provider (in the higher app's AppConfig.ready(), because villages must not
import it):

    from villages.phases import Check, PhaseData, register_completion_provider

    def metrics_completion(programme, associations) -> PhaseData:
        metrics = list(Metric.objects.filter(programme=programme))  # constant queries!
        return PhaseData(
            checks=[Check(_("metrics with targets defined"), any(m.target for m in metrics))],
            per_association={},   # {association.pk: [Check, ...]} for phases 3–8 if known
        )

    register_completion_provider(7, metrics_completion)

`associations` is the list of the programme's associations (already loaded). A provider
must run a constant number of queries whatever the number of villages: the board asserts
it. Several providers may register for the same phase; their checks are added together.
A phase without a provider uses only its checklist (and villages' own checks, if any).

Checks of several phases that read the same rows come from one function registered with
`register_phases_provider(numbers, func)`: `func(programme, associations, numbers)`
returns {number: PhaseData} for the asked numbers, and the board calls it once for all
its phases instead of once a phase (fewer queries than a provider per phase).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext_lazy as _

PHASES: dict[int, object] = {
    1: _("Defining the need"),
    2: _("Resources"),
    3: _("Analysis of the service provider"),
    4: _("Mapping"),
    5: _("Planning"),
    6: _("Modelling the service process"),
    7: _("Metrics"),
    8: _("Implementation"),
    9: _("Impact evaluation"),
    10: _("Development"),
}
PHASE_NUMBERS = tuple(PHASES)
# Phases tracked per association as well (the village × phase matrix).
ASSOCIATION_PHASES = (3, 4, 5, 6, 7, 8)
# Phases whose pages live in a higher app; the board links to them by URL name.
EXTERNAL_PHASE_URLS = {7: "evaluation:dashboard", 9: "evaluation:dashboard"}

# Default checklist per phase, copied to every new programme and then edited there.
# Only what the data cannot tell: agreements, decisions and meetings. What the data can
# tell (figures entered, readiness, partners, RACI, go-live dates, feedback...) is a data
# check in villages.completion or in a higher app's provider, never a box to tick by hand.
# A copied item keeps the key "<phase>.<index>" of its default and shows the default in
# the reader's language until someone edits its text: add items at the end of a list,
# never reorder them.
DEFAULT_CHECKLISTS: dict[int, list] = {
    1: [
        _("Need discussed with employment services and the village associations"),
        _("Service needs survey sent to the villagers"),
    ],
    2: [
        _("Funding decisions for the year received"),
        _("Cash for the months before subsidies arrive arranged"),
    ],
    3: [
        _("Each association's board has decided to act as employer"),
        _("Analysis gone through with each association"),
    ],
    4: [
        _("Customers' and future workers' answers gone through with the associations"),
        _("Results of the mapping shared with employment services"),
    ],
    5: [
        _("Service model agreed with the associations"),
        _("Order channels tried out with customers"),
        _("Partner agreements signed"),
    ],
    6: [
        _("Operating model gone through with each association's work supervisor"),
        _("Operating model printed for the associations"),
    ],
    7: [_("Metrics chosen with targets"), _("Baseline measured")],
    8: [_("Workers' induction held"), _("Occupational safety gone through at the work sites")],
    9: [_("Assessments collected"), _("Impact report published")],
    10: [
        _("Results and feedback discussed with the associations"),
        _("Development plan updated for the next round"),
    ],
}
DEFAULT_CHECKLIST_ITEMS = {
    f"{number}.{index}": text
    for number, texts in DEFAULT_CHECKLISTS.items()
    for index, text in enumerate(texts)
}


def default_checklist_key(number: int, index: int) -> str:
    return f"{number}.{index}"


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool


@dataclass
class PhaseData:
    """Data checks for one phase: for the programme and per association (by pk)."""

    checks: list[Check] = field(default_factory=list)
    per_association: dict[int, list[Check]] = field(default_factory=dict)


@dataclass
class Completion:
    """The checks of a phase (or of a phase at one association) and what they add up to.

    The figures are worked out once: a board reads each of them several times for each
    of its hundreds of cells. `checks` is not changed after the figures are read.
    """

    checks: list[Check]

    @cached_property
    def total(self) -> int:
        return len(self.checks)

    @cached_property
    def done(self) -> int:
        return sum(1 for c in self.checks if c.ok)

    @property
    def ratio(self) -> float | None:
        return self.done / self.total if self.total else None

    @property
    def is_complete(self) -> bool:
        return bool(self.checks) and self.done == self.total

    @cached_property
    def missing(self) -> list[str]:
        return [str(c.label) for c in self.checks if not c.ok]


Provider = Callable[..., PhaseData]
PhasesProvider = Callable[..., dict[int, PhaseData]]
_providers: dict[int, list[Provider]] = {}
_phases_providers: list[tuple[frozenset[int], PhasesProvider]] = []


def register_completion_provider(phase_number: int, func: Provider) -> None:
    """Add data checks for a phase; `func(programme, associations) -> PhaseData`."""
    if phase_number not in PHASES:
        raise ValueError(f"No phase {phase_number}; phases are 1–10.")
    providers = _providers.setdefault(phase_number, [])
    if func not in providers:
        providers.append(func)


def unregister_completion_provider(phase_number: int, func: Provider) -> None:
    """For tests."""
    if func in _providers.get(phase_number, []):
        _providers[phase_number].remove(func)


def providers_for(phase_number: int) -> list[Provider]:
    return list(_providers.get(phase_number, []))


def register_phases_provider(phase_numbers, func: PhasesProvider) -> None:
    """Add data checks for several phases from one function that shares its queries:
    `func(programme, associations, numbers) -> {number: PhaseData}`, where `numbers` is
    the set of its phases asked for (the board asks for all, a phase page for one)."""
    numbers = frozenset(phase_numbers)
    if not numbers or not numbers <= set(PHASES):
        raise ValueError(f"No phases {sorted(numbers)}; phases are 1–10.")
    if all(func is not registered for _numbers, registered in _phases_providers):
        _phases_providers.append((numbers, func))


def phases_providers() -> list[tuple[frozenset[int], PhasesProvider]]:
    return list(_phases_providers)


def phase_name(number: int) -> str:
    return str(PHASES[number])
