"""The pay subsidy figure of a worker-month: the money engine's parts, one per decision in
force (`workers.money.month_subsidy`, the function the claim basis uses too)."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _  # noqa: F401 (extraction)

from evaluation.economy.amounts import ZERO
from evaluation.economy.explanations import SUMMED_LABELS, Built, Figure, Input
from workers.money import (
    _,  # noqa: F811 (one lazy proxy per text: see there)
    money,
)

if TYPE_CHECKING:
    from evaluation.economy.worker_month import WorkerMonth


def subsidy_figure(worker_month: "WorkerMonth") -> Built:
    """The month's pay subsidy: the money engine's parts, one per decision in force."""
    key = "subsidy_income"
    if worker_month.subsidy_missing is not None:
        raise worker_month.subsidy_missing
    subsidy = worker_month.subsidy
    if subsidy is None or not subsidy.parts:
        nothing = money(ZERO)
        notes = tuple(subsidy.notes) if subsidy else ()
        return Built(
            nothing,
            (),
            lambda: Figure(
                key,
                SUMMED_LABELS[key],
                nothing,
                _("No subsidy decision covers this month."),
                notes=notes,
            ),
        )
    value = subsidy.total

    def explain() -> Figure:
        inputs, notes = [], list(subsidy.notes)
        formulas = []
        for part in subsidy.parts:
            name = part.decision.label if part.decision else _("No decision")
            period = ""
            if part.first and part.last:
                period = f" {part.first.day}.{part.first.month}.–{part.last.day}.{part.last.month}."
            inputs.append(Input(f"{name}{period}", part.amount, "€"))
            inputs += [Input(f"  {line.label}", line.value, line.unit) for line in part.lines]
            notes += [str(note) for note in part.notes]
            if part.formula and str(part.formula) not in formulas:
                formulas.append(str(part.formula))
        formula = _("Σ over the decisions in force: %(formula)s") % {"formula": "; ".join(formulas)}
        return Figure(
            key,
            SUMMED_LABELS[key],
            value,
            formula,
            tuple(inputs),
            subsidy.parameters,
            tuple(dict.fromkeys(notes)),
        )

    return Built(value, subsidy.parameters, explain)
