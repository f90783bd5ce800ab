"""Saving one row with its audit event: the one way every app's actions write a row.

`save_recorded` validates the row, creates it or writes the changed fields (with the
optimistic version check when the caller read a version), and records the CREATE or UPDATE
event with the changed values and the row's municipality, which it works out from the
scope the model's queryset declares (`ScopedQuerySet.municipality_path` or
`scope_through`). Call it inside the caller's transaction. `record_read` records that a
row's data was opened or exported, with its municipality worked out the same way.
"""

from collections.abc import Callable, Iterable
from typing import TypeVar, cast

from django.db import models

from ryhma.audit import diff, record, snapshot
from ryhma.concurrency import save_versioned
from ryhma.models import AuditAction

M = TypeVar("M", bound=models.Model)


def _follow(instance: models.Model, path: str) -> models.Model | None:
    """The row at the end of a `a__b` lookup path from `instance` (None where a link is empty)."""
    row: models.Model | None = instance
    for hop in path.split("__"):
        if row is None:
            return None
        row = getattr(row, hop)
    return row


def municipality_id_of(instance: models.Model) -> int | None:
    """The id of the municipality a row belongs to, by the scope its queryset declares."""
    queryset = type(instance)._default_manager.all()
    through = getattr(queryset, "scope_through", None)
    if through:
        related = _follow(instance, through)
        return municipality_id_of(related) if related is not None else None
    path = getattr(queryset, "municipality_path", None)
    if path is None:
        return None
    if path == "":
        return instance.pk
    *hops, last = path.split("__")
    owner = _follow(instance, "__".join(hops)) if hops else instance
    return getattr(owner, f"{last}_id") if owner is not None else None


def _attnames(instance: models.Model, names: Iterable[str]) -> list[str]:
    return [cast(models.Field, instance._meta.get_field(name)).attname for name in names]


def save_recorded(
    instance: M,
    *,
    actor,
    fields: Iterable[str],
    written: Iterable[str] = (),
    expected_version: int | None = None,
    before: dict | None = None,
    check: Callable[[M], None] | None = None,
    full_clean: bool = True,
    municipality_id: int | None = None,
    changes: dict | None = None,
    action: str | None = None,
) -> M:
    """Validate, save and audit one row; return it.

    - `fields`: the fields the audit event shows (their changed values).
    - `written`: on an update, further fields to write that the event does not show
      (derived values); the update writes `fields` and `written` only.
    - `expected_version`: the version the editor read; a row saved by someone else since
      raises `StaleEditError` and nothing is written.
    - `before`: the audited values before the edit (`ryhma.audit.snapshot`); by default
      read from the stored row.
    - `check`: a further rule run after `full_clean` (raise `ValidationError`);
      `full_clean=False` skips Django's own validation (for a `check` that replaces it).
    - `municipality_id`: only where the row's scope cannot say it.
    - `changes`: the event's changes where they are not the changed values of `fields`
      (a row's values as created, the attendees of an activity, a login's name);
      given, `fields` and `before` are not read.
    - `action`: the event's action where it is neither CREATE nor UPDATE (a STATUS change).
    """
    names = _attnames(instance, fields)
    if full_clean:
        instance.full_clean()
    if check is not None:
        check(instance)
    if instance._state.adding:
        instance.save()
        recorded_action = AuditAction.CREATE
        if changes is None:
            changes = diff({}, snapshot(instance, names))
    else:
        if before is None and changes is None:
            stored = type(instance)._default_manager.get(pk=instance.pk)
            before = snapshot(stored, names)
        to_write = list(dict.fromkeys([*fields, *written]))
        if expected_version is not None:
            save_versioned(instance, expected_version=expected_version, fields=to_write)
        else:
            instance.save(update_fields=to_write)
        recorded_action = AuditAction.UPDATE
        if changes is None:
            assert before is not None  # given, or read above
            changes = diff(before, snapshot(instance, names))
    record(
        actor=actor,
        action=action or recorded_action,
        instance=instance,
        changes=changes,
        municipality_id=(
            municipality_id if municipality_id is not None else municipality_id_of(instance)
        ),
    )
    return instance


def record_read(
    instance: models.Model,
    *,
    actor,
    action: str = AuditAction.VIEW,
    changes: dict | None = None,
    municipality_id: int | None = None,
) -> None:
    """Record that `actor` opened (VIEW) or took a copy of (EXPORT) a row's data.

    The one write a GET makes besides the session. Views do not call it: each app's
    actions have a `record_<row>_view` or `record_<row>_export` that does, so that every
    audit event is written by an action. The municipality is worked out as for a save.
    """
    record(
        actor=actor,
        action=action,
        instance=instance,
        changes=changes,
        municipality_id=(
            municipality_id if municipality_id is not None else municipality_id_of(instance)
        ),
    )
