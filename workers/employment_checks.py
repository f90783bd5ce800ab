"""Checks that apps above workers add to changes of an employment contract.

workers may not import the apps built on it, yet some of their rows decide whether a
contract may change: services' work hours, for one, must stay inside the contract's
period. Such an app registers a check in its AppConfig.ready():

    from workers import employment_checks
    employment_checks.register("services.hours", hours_outside_contract)

`check(employment)` gets a saved contract carrying the proposed, not yet saved values
(`employment.pk` is set; the stored row still has the old ones) and returns
{field name: message} for whatever refuses the change, {} when nothing does. Messages
name the problem and say how to fix it, like every refusal of the actions.
"""

from collections.abc import Callable

_checks: dict[str, Callable] = {}


def register(key: str, check: Callable) -> None:
    _checks[key] = check


def problems(employment) -> dict[str, list[str]]:
    """Every registered check's refusals of the proposed change, by field."""
    found: dict[str, list[str]] = {}
    if employment.pk is None:
        return found
    for check in _checks.values():
        for name, message in check(employment).items():
            found.setdefault(name, []).append(message)
    return found
