"""Every write about workers: keyword-only, atomic, validated, audited.

Views, the import and the periodic retention task call these functions; nothing else
writes worker data. A refusal is a ValidationError whose message names the field and
says how to fix it; a warning (the employment still saves) comes back in `warnings`.
Each row is saved with its audit event by `ryhma.saving.save_recorded`.

One module per subject: `workers` (a worker's details), `logins` (the worker's own login),
`contracts` (employment contracts), `decisions` (subsidy decisions), `consents`,
`plans` (the individual plan and its reviews), `licences`, `group_activities`,
`exits` (exit and follow-ups) and `personal_data` (audit trail, views and exports of a
worker's data, anonymising, retention).
"""

from dataclasses import dataclass, field


@dataclass
class Outcome:
    """What an action saved, with warnings the user should see (the save went through)."""

    instance: object
    warnings: list[str] = field(default_factory=list)


def acting_user(actor):
    """The actor as a value for a `recorded_by` field (None for the system)."""
    return actor if getattr(actor, "is_authenticated", False) else None
