"""What the audit trail page shows of each event, as plain values for its template.

The rows are read as plain values (no model instance per event), and the labels of
object types, fields and events are worked out once per page.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst

from ryhma.models import AuditAction

# What a row of the table shows: plain values, no model instances (cheaper to build).
FIELDS = ("at", "actor_name", "action", "content_type_id", "object_repr", "changes")


def shown_values(events):
    """The audit events as the values `event_rows` reads."""
    return events.values_list(*FIELDS, named=True)


def _changed_values(changes) -> list[tuple[str, object, object]]:
    """(field name, before, after) for each recorded change, by field name."""
    rows = []
    for name, values in sorted((changes or {}).items()):
        before, after = (
            values if isinstance(values, list | tuple) and len(values) == 2 else (None, values)
        )
        rows.append((name, before, after))
    return rows


class _Labels:
    """Object types, field labels and event names, each translated once per page."""

    def __init__(self):
        self._models = {}
        self._kinds = {}
        self._fields = {}
        self.actions = {value: str(label) for value, label in AuditAction.choices}

    def _model(self, content_type_id):
        if content_type_id not in self._models:
            content_type = ContentType.objects.get_for_id(content_type_id)  # cached
            self._models[content_type_id] = (content_type, content_type.model_class())
        return self._models[content_type_id]

    def kind(self, content_type_id) -> str:
        if content_type_id not in self._kinds:
            content_type, model = self._model(content_type_id)
            name = model._meta.verbose_name if model else content_type.model
            self._kinds[content_type_id] = capfirst(str(name))
        return self._kinds[content_type_id]

    def field(self, content_type_id, name: str) -> str:
        key = (content_type_id, name)
        if key not in self._fields:
            label = name
            model = self._model(content_type_id)[1]
            if model is not None:
                for field in model._meta.concrete_fields:
                    if name in (field.name, field.attname):
                        label = field.verbose_name
                        break
            self._fields[key] = capfirst(str(label))
        return self._fields[key]


@dataclass(frozen=True)
class Change:
    label: str
    before: object
    after: object


@dataclass(frozen=True)
class EventRow:
    at: datetime
    actor_name: str
    action: str
    kind: str
    object_repr: str
    changes: list[Change]


def event_rows(events) -> list[EventRow]:
    """What the page shows of `events` (read by `shown_values`), one row each."""
    labels = _Labels()
    return [
        EventRow(
            at=event.at,
            actor_name=event.actor_name,
            action=labels.actions.get(event.action, event.action),
            kind=labels.kind(event.content_type_id),
            object_repr=event.object_repr,
            changes=[
                Change(labels.field(event.content_type_id, name), before, after)
                for name, before, after in _changed_values(event.changes)
            ],
        )
        for event in events
    ]
