"""Optimistic locking for rows that several people edit at once."""

from typing import Any

from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _


class StaleEditError(Exception):
    """Someone else saved the row after this copy was read; `current` is the stored row
    (of the saved instance's model)."""

    def __init__(self, current: Any):
        self.current = current
        super().__init__(
            _("Someone else saved this in the meantime. Check their changes and save again.")
        )


def save_versioned(instance: models.Model, *, expected_version: int, fields: list[str]) -> None:
    """Write `fields` of `instance` only if the stored version is still `expected_version`.

    On success the instance's version is bumped; otherwise StaleEditError carries the
    stored row so the caller can show both versions.
    """
    model = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise StaleEditError(model._default_manager.get(pk=instance.pk))
    instance.version = expected_version + 1  # type: ignore[attr-defined]  # `fields` are versioned
