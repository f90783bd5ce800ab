"""Every write about workers: keyword-only, atomic, validated, audited.

Views, the import and the periodic retention task call these functions; nothing else
writes worker data. A refusal is a ValidationError whose message names the field and
says how to fix it; a warning (the employment still saves) comes back in `warnings`.

One module per subject: `workers` (a worker's details), `logins` (the worker's own login),
`contracts` (employment contracts), `decisions` (subsidy decisions), `consents`,
`plans` (the individual plan and its reviews), `licences`, `group_activities`,
`exits` (exit and follow-ups) and `personal_data` (audit trail, export, anonymising).
"""

from dataclasses import dataclass, field

from ryhma.audit import diff, record, snapshot
from ryhma.concurrency import save_versioned
from ryhma.models import AuditAction
from workers.models import Worker


@dataclass
class Outcome:
    """What an action saved, with warnings the user should see (the save went through)."""

    instance: object
    warnings: list[str] = field(default_factory=list)


def _audit(*, actor, action, instance, worker: Worker, changes: dict | None = None):
    record(
        actor=actor,
        action=action,
        instance=instance,
        changes=changes,
        municipality_id=worker.municipality_id,
    )


def _created(instance, fields) -> dict:
    return {name: [None, value] for name, value in snapshot(instance, fields).items()}


def _user(actor):
    """The actor as a value for a `recorded_by` field (None for the system)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def _save_new(instance, *, actor, worker: Worker, fields: list[str], validate=None):
    """Validate (with `validate`, by default `full_clean`), save and audit a new row about
    `worker`."""
    if validate is None:
        instance.full_clean()
    else:
        validate(instance)
    instance.save()
    _audit(
        actor=actor,
        action=AuditAction.CREATE,
        instance=instance,
        worker=worker,
        changes=_created(instance, fields),
    )
    return instance


def _update_versioned(
    instance,
    *,
    actor,
    worker: Worker,
    expected_version: int,
    values: dict,
    audit_fields: list[str],
    prepare,
    also_save: tuple[str, ...] = (),
):
    """Set `values` on `instance`, `prepare` it (validate, and derive the fields named in
    `also_save`), write those fields and audit the change. Raises StaleEditError when
    someone saved the row after `expected_version`."""
    before = snapshot(instance, audit_fields)
    for name, value in values.items():
        setattr(instance, name, value)
    prepare(instance)
    save_versioned(instance, expected_version=expected_version, fields=[*values, *also_save])
    _audit(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=instance,
        worker=worker,
        changes=diff(before, snapshot(instance, audit_fields)),
    )
    return instance
